import * as fs from 'fs';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  SessionLogger,
  UserAccessLoggingSettings,
  WorkspaceDirectory,
  WorkspacesPool,
} from '../lib';
import { acknowledgeNagFindings } from '../lib/private/nag';
import { WorkspacesProvider } from '../lib/private/provider';

/** The app's own aws-cdk-lib: the modules of the copy under `dir`. */
interface AppCopy {
  readonly core: typeof import('aws-cdk-lib');
  readonly assertions: typeof import('aws-cdk-lib/assertions');
  readonly kinesis: typeof import('aws-cdk-lib/aws-kinesis');
  readonly kms: typeof import('aws-cdk-lib/aws-kms');
  readonly s3: typeof import('aws-cdk-lib/aws-s3');
}

/**
 * An app installed with `npm link`, `file:` or in a monorepo loads its own
 * copy of aws-cdk-lib (and constructs) beside the library's: the same
 * classes, twice, so `instanceof` across the two is false. A second copy is
 * a second path: the packages hard-linked (no data copied) into
 * `<dir>/node_modules`. A symbolic link would not do, since Node.js loads a
 * module once per real path; `jest.isolateModules` would not either, since
 * aws-cdk-lib requires its modules lazily, after the isolation has ended.
 */
function installAppCopy(dir: string): AppCopy {
  for (const pkg of ['aws-cdk-lib', 'constructs']) {
    linkTree(path.dirname(require.resolve(`${pkg}/package.json`)), path.join(dir, 'node_modules', pkg));
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (module: string) => require(path.join(dir, 'node_modules', module));
  return {
    core: load('aws-cdk-lib'),
    assertions: load('aws-cdk-lib/assertions'),
    kinesis: load('aws-cdk-lib/aws-kinesis'),
    kms: load('aws-cdk-lib/aws-kms'),
    s3: load('aws-cdk-lib/aws-s3'),
  };
}

function linkTree(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      linkTree(source, target);
    } else if (entry.isSymbolicLink()) {
      fs.symlinkSync(fs.readlinkSync(source), target);
    } else {
      fs.linkSync(source, target);
    }
  }
}

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const BUNDLE_ID = 'wsb-0123456789';

describe('an app with its own copy of aws-cdk-lib', () => {
  let dir: string;
  let app: AppCopy;
  beforeAll(() => {
    const root = path.join(__dirname, '..', '.tmp');
    fs.mkdirSync(root, { recursive: true });
    dir = fs.mkdtempSync(path.join(root, 'app-copy-'));
    app = installAppCopy(dir);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function newStack(): cdk.Stack {
    // The app's Stack, typed as the library's: the two copies have the same shape.
    return new app.core.Stack(new app.core.App(), 'Test', { env: { account: ACCOUNT, region: REGION } }) as unknown as cdk.Stack;
  }

  test('is a second copy: instanceof across the copies is false', () => {
    expect(app.core.Stack).not.toBe(cdk.Stack);
    expect(app.core.Stack.isStack(newStack())).toBe(true);
    const stream = new app.kinesis.Stream(newStack() as any, 'Stream');
    expect(stream.node.defaultChild instanceof kinesis.CfnStream).toBe(false);
    expect(kinesis.CfnStream.isCfnStream(stream.node.defaultChild)).toBe(true);
  });

  test('fails when its Kinesis stream has no name (CloudFormation would generate one without the prefix)', () => {
    const stack = newStack();
    const stream = new app.kinesis.Stream(stack as any, 'Stream') as unknown as kinesis.IStream;
    expect(() => new UserAccessLoggingSettings(stack, 'Logging', { stream }))
      .toThrow(/^\[Test\/Logging\] `stream` must have a name starting with 'amazon-workspaces-web-'.*got a stream without `streamName` \(Test\/Stream\)/);
  });

  test('fails when its Kinesis stream is not named amazon-workspaces-web-*', () => {
    const stack = newStack();
    const stream = new app.kinesis.Stream(stack as any, 'Stream', { streamName: 'audit' }) as unknown as kinesis.IStream;
    expect(() => new UserAccessLoggingSettings(stack, 'Logging', { stream }))
      .toThrow(/^\[Test\/Logging\] `stream` must have a name starting with 'amazon-workspaces-web-'.*got 'audit'$/);
  });

  test('a key it creates gets the session logger statement, with no warning that its policy cannot be changed', () => {
    const stack = newStack();
    const key = new app.kms.Key(stack as any, 'BucketKey');
    const bucket = new app.s3.Bucket(stack as any, 'Logs', { encryptionKey: key });
    new SessionLogger(stack, 'Logger', { bucket: bucket as any });

    const annotations = app.assertions.Annotations.fromStack(stack as any);
    expect(annotations.findWarning('*', app.assertions.Match.stringLikeRegexp(SessionLogger.BUCKET_KEY_POLICY_WARNING))).toEqual([]);
    const keyId = stack.getLogicalId(key.node.defaultChild as unknown as kms.CfnKey);
    const statements: any[] = app.assertions.Template.fromStack(stack as any).toJSON().Resources[keyId].Properties.KeyPolicy.Statement;
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Principal: { Service: 'workspaces-web.amazonaws.com' } }),
    ]));
  });

  test('its stack gets one provider, however many constructs use it', () => {
    const stack = newStack();
    const directory = WorkspaceDirectory.fromDirectoryId(stack, 'Directory', 'wsd-0123456789');
    new WorkspacesPool(stack, 'A', { directory, bundleId: BUNDLE_ID, desiredUserSessions: 1 });
    new WorkspacesPool(stack, 'B', { directory, bundleId: BUNDLE_ID, desiredUserSessions: 1 });

    const providers = stack.node.children.filter(c => c.node.id === WorkspacesProvider.ID);
    expect(providers).toHaveLength(1);
    expect(WorkspacesProvider.getOrCreate(stack)).toBe(providers[0]);
    // One Provider framework waiter per provider.
    app.assertions.Template.fromStack(stack as any).resourceCountIs('AWS::StepFunctions::StateMachine', 1);
  });

  test('cdk-nag acknowledgements reach the resources it creates, in both forms', () => {
    const stack = newStack();
    const bucket = new app.s3.Bucket(stack as any, 'Logs');
    acknowledgeNagFindings(bucket as any, { id: 'AwsSolutions-S1', reason: 'Access logs of the log bucket itself' });
    expect((bucket.node.defaultChild as cdk.CfnResource).getMetadata('cdk_nag'))
      .toEqual({ rules_to_suppress: [{ id: 'AwsSolutions-S1', reason: 'Access logs of the log bucket itself' }] });
    expect(bucket.node.metadata.filter(m => m.type === cdk.Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map(m => m.data))
      .toEqual([{ 'Annotation::AwsSolutions-S1': 'Access logs of the log bucket itself' }]);
  });
});

describe('two copies of this library in one app', () => {
  test('the second finds the provider the first created in the stack', () => {
    let other: typeof import('../lib/private/provider') | undefined;
    // A second copy of the module (its classes defined anew), as a second install of the library would load.
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      other = require('../lib/private/provider');
    });
    expect(other!.WorkspacesProvider).not.toBe(WorkspacesProvider);

    const stack = new cdk.Stack(new cdk.App(), 'Test');
    const first = WorkspacesProvider.getOrCreate(stack);
    expect(other!.WorkspacesProvider.getOrCreate(stack)).toBe(first);
    expect(WorkspacesProvider.isWorkspacesProvider(first)).toBe(true);
    expect(WorkspacesProvider.isWorkspacesProvider(new cdk.Stack())).toBe(false);
  });
});
