/**
 * Custom::WebPortalReadiness as the template describes it, parsed from what
 * CloudFormation passes (every scalar a string). The property names are the
 * contract with lib/web/web-portal.ts, which writes them.
 */
import { isObject, PropertyReader, type Props } from '../shared/properties';
import type { ResourceProperties } from '../shared/types';

export const PORTAL_READINESS_RESOURCE_TYPE = 'Custom::WebPortalReadiness';

/** What happens to the sessions a security change (or the portal's removal) leaves running. */
export type ExistingSessions = 'KEEP' | 'EXPIRE';
const EXISTING_SESSIONS: readonly ExistingSessions[] = ['KEEP', 'EXPIRE'];

/**
 * The portal settings whose change can tighten what a running session may
 * do: which sites, which downloads, uploads, clipboard and printing, from
 * which addresses, what is redacted, which certificates are trusted. Network
 * settings, logging and the portal's display name or branding change nothing
 * a user inside a session can do, and do not count.
 */
export const SECURITY_SETTINGS = ['BrowserSettings', 'UserSettings', 'IpAccessSettings', 'DataProtectionSettings', 'TrustStore'] as const;
export type SecuritySetting = typeof SECURITY_SETTINGS[number];

/** One associated settings resource: its ARN, and a digest of its security fields when the app defines it. */
export interface SettingsVersion {
  readonly arn: string;
  /**
   * `<scheme>:<sha256 hex>` of the fields that change what a session may do
   * (lib/web/security-digest.ts); empty for settings imported by ARN,
   * whose content the app does not know.
   */
  readonly content: string;
}

/**
 * The scheme of the digests this version compares: the same value as
 * lib/web/security-digest.ts (test/contract.test.ts keeps the two equal).
 * A content with another scheme (an older version's digest, which covered
 * every property) is not compared: only a change of ARN counts then.
 */
export const SECURITY_DIGEST_SCHEME = 'session-fields-1';

export interface PortalReadinessSpec {
  readonly portalArn: string;
  /** Wait on create and update until the portal is Active. */
  readonly waitForActive: boolean;
  /** A STANDARD portal with no identity provider by design: Incomplete is where it rests. */
  readonly acceptIncomplete: boolean;
  readonly timeoutSeconds: number;
  readonly existingSessions: ExistingSessions;
  /** Seconds to let sessions end by themselves before they are expired; absent: expire at once. */
  readonly drainTimeoutSeconds?: number;
  /** The portal is retained when its stack resource goes: its sessions are left alone. */
  readonly portalRetained: boolean;
  readonly securitySettings: Readonly<Partial<Record<SecuritySetting, SettingsVersion>>>;
}

/** Properties of the custom resource, as lib/web/web-portal.ts writes them. */
export const PROPERTY = {
  portalArn: 'PortalArn',
  waitForActive: 'WaitForActive',
  acceptIncomplete: 'AcceptIncomplete',
  timeoutSeconds: 'TimeoutSeconds',
  existingSessions: 'ExistingSessions',
  drainTimeoutSeconds: 'DrainTimeoutSeconds',
  portalRetained: 'PortalRetained',
  securitySettings: 'SecuritySettings',
} as const;

/** The keys of one SecuritySettings entry. */
export const SETTINGS_VERSION_PROPERTY = { arn: 'Arn', content: 'Content' } as const;

/** The wait when the template sets none (the construct always sets one). */
export const DEFAULT_TIMEOUT_SECONDS = 1200;

const PORTAL_ARN = /^arn:[\w-]+:workspaces-web:[a-z0-9-]+:\d{12}:portal\/[a-zA-Z0-9-]{36}$/;

const read = new PropertyReader(PORTAL_READINESS_RESOURCE_TYPE, 'WebPortal');

export function parseSpec(properties: ResourceProperties): PortalReadinessSpec {
  const p = properties as Props;
  return {
    portalArn: read.requiredMatch(p, PROPERTY.portalArn, PORTAL_ARN, 'a WorkSpaces Secure Browser portal ARN'),
    waitForActive: read.optionalBoolean(p, PROPERTY.waitForActive) ?? true,
    acceptIncomplete: read.optionalBoolean(p, PROPERTY.acceptIncomplete) ?? false,
    timeoutSeconds: read.optionalInteger(p, PROPERTY.timeoutSeconds) ?? DEFAULT_TIMEOUT_SECONDS,
    existingSessions: read.oneOf(p, PROPERTY.existingSessions, EXISTING_SESSIONS) ?? 'KEEP',
    drainTimeoutSeconds: read.optionalInteger(p, PROPERTY.drainTimeoutSeconds),
    portalRetained: read.optionalBoolean(p, PROPERTY.portalRetained) ?? false,
    securitySettings: parseSecuritySettings(p),
  };
}

function parseSecuritySettings(p: Props): Partial<Record<SecuritySetting, SettingsVersion>> {
  const o = read.optionalObject(p, PROPERTY.securitySettings) ?? {};
  const unknown = Object.keys(o).filter(k => !(SECURITY_SETTINGS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw read.invalid(`${PROPERTY.securitySettings}.${unknown[0]}`, `is not one of ${SECURITY_SETTINGS.join(', ')}`, o[unknown[0]]);
  }
  const result: Partial<Record<SecuritySetting, SettingsVersion>> = {};
  for (const setting of SECURITY_SETTINGS) {
    const entry = o[setting];
    if (entry === undefined) continue;
    const key = `${PROPERTY.securitySettings}.${setting}`;
    if (!isObject(entry)) {
      throw read.invalid(key, 'must be an object', entry);
    }
    result[setting] = {
      arn: read.requiredString(entry, SETTINGS_VERSION_PROPERTY.arn, key),
      content: read.optionalString(entry, SETTINGS_VERSION_PROPERTY.content, key) ?? '',
    };
  }
  return result;
}

/**
 * The security settings that were added, removed or re-pointed (another ARN),
 * or whose security fields changed, between two specs. Two contents are
 * compared only when both are digests of this version's scheme (or both
 * empty): a digest the two sides computed differently says nothing, and
 * nobody's session is expired on a guess.
 */
export function changedSecuritySettings(before: PortalReadinessSpec, after: PortalReadinessSpec): SecuritySetting[] {
  return SECURITY_SETTINGS.filter(setting => {
    const a = before.securitySettings[setting];
    const b = after.securitySettings[setting];
    if (a === undefined || b === undefined || a.arn !== b.arn) {
      return a !== b;
    }
    return comparable(a.content, b.content) && a.content !== b.content;
  });
}

function comparable(a: string, b: string): boolean {
  const current = (content: string) => content.startsWith(`${SECURITY_DIGEST_SCHEME}:`);
  return (a === '' && b === '') || (current(a) && current(b));
}
