import * as fs from 'fs';
import * as path from 'path';
import { App, Annotations, Stack, Validations } from 'aws-cdk-lib';
import { Annotations as Found, Match } from 'aws-cdk-lib/assertions';
import { SessionLogger, TrustStore, WebPortal, WorkspacesPool } from '../lib';

/**
 * Every warning a user may acknowledge has its id as a static member of a
 * class: jsii drops module-level constants, so Python, Java, .NET and Go
 * users could not reach an id exported any other way.
 */
const WARNINGS: Record<string, string> = {
  'WorkspacesPool.END_OF_SUPPORT_WARNING': WorkspacesPool.END_OF_SUPPORT_WARNING,
  'WebPortal.CLOSED_TO_NEW_CUSTOMERS_WARNING': WebPortal.CLOSED_TO_NEW_CUSTOMERS_WARNING,
  'WebPortal.WITHOUT_IDENTITY_PROVIDER_WARNING': WebPortal.WITHOUT_IDENTITY_PROVIDER_WARNING,
  'WebPortal.SESSIONS_ABOVE_QUOTA_WARNING': WebPortal.SESSIONS_ABOVE_QUOTA_WARNING,
  'WebPortal.PORTALS_ABOVE_QUOTA_WARNING': WebPortal.PORTALS_ABOVE_QUOTA_WARNING,
  'WebPortal.IMPORTED_KEY_WARNING': WebPortal.IMPORTED_KEY_WARNING,
  'SessionLogger.BUCKET_POLICY_WARNING': SessionLogger.BUCKET_POLICY_WARNING,
  'SessionLogger.BUCKET_KEY_POLICY_WARNING': SessionLogger.BUCKET_KEY_POLICY_WARNING,
  'TrustStore.NOT_CA_WARNING': TrustStore.NOT_CA_WARNING,
  'TrustStore.EXPIRED_CERTIFICATE_WARNING': TrustStore.EXPIRED_CERTIFICATE_WARNING,
};

/** `cdk-workspaces-constructs:` strings of lib/ that are not warning ids: context keys. */
const NOT_WARNINGS = ['providerQueryInterval', 'providerTotalTimeout'];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [file] : [];
  });
}

describe('warning ids', () => {
  test('each static member holds the id it documents, and the ids are distinct', () => {
    const ids = Object.values(WARNINGS);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [member, id] of Object.entries(WARNINGS)) {
      expect({ member, id }).toEqual({ member, id: expect.stringMatching(/^cdk-workspaces-constructs:[a-zA-Z]+$/) });
    }
  });

  test('every warning id in lib/ is one of the static members', () => {
    const literals = new Set<string>();
    for (const file of sources(path.join(__dirname, '..', 'lib'))) {
      for (const match of fs.readFileSync(file, 'utf8').matchAll(/'cdk-workspaces-constructs:([a-zA-Z]+)'/g)) {
        if (!NOT_WARNINGS.includes(match[1])) literals.add(`cdk-workspaces-constructs:${match[1]}`);
      }
    }
    expect([...literals].sort()).toEqual(Object.values(WARNINGS).sort());
  });
});

// The CLI prints "Acknowledge with 'Annotation::<id>'": the id Validations.acknowledge takes
// (aws-cdk-lib normalizes both through the same validation-id parser), not the one
// Annotations.acknowledgeWarning takes. The README says so; this holds it to that.
describe('acknowledging a library warning', () => {
  const BARE = WebPortal.WITHOUT_IDENTITY_PROVIDER_WARNING;
  const PRINTED = `Annotation::${BARE}`;

  function warningsLeft(acknowledge: (portal: WebPortal) => void): number {
    const stack = new Stack(new App(), 'Test', { env: { account: '111122223333', region: 'eu-west-1' } });
    const portal = new WebPortal(stack, 'Portal');
    acknowledge(portal);
    return Found.fromStack(stack).findWarning('*', Match.stringLikeRegexp(`\\[ack: ${BARE}\\]`)).length;
  }

  test.each<[string, number, (portal: WebPortal) => void]>([
    ['no acknowledgement', 1, () => {}],
    ['Annotations.acknowledgeWarning with the id the CLI prints', 1, p => Annotations.of(p).acknowledgeWarning(PRINTED, 'reason')],
    ['Annotations.acknowledgeWarning with the bare id', 0, p => Annotations.of(p).acknowledgeWarning(BARE, 'reason')],
    ['Validations.acknowledge with the id the CLI prints', 0, p => Validations.of(p).acknowledge({ id: PRINTED, reason: 'reason' })],
    ['Validations.acknowledge with the bare id', 0, p => Validations.of(p).acknowledge({ id: BARE, reason: 'reason' })],
  ])('%s leaves %i warning(s)', (_name, left, acknowledge) => {
    expect(warningsLeft(acknowledge)).toBe(left);
  });
});
