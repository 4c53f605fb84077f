import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import {
  ApplicationsImage,
  AuthenticationType,
  BrowserPolicy,
  BrowserSettings,
  DataProtectionSettings,
  DirectoryIdentity,
  IdentityProvider,
  ImageSource,
  IpAccessSettings,
  NetworkSettings,
  RunningMode,
  TrustStore,
  UserAccessLoggingSettings,
  UserSettings,
  WebPortal,
  WorkspaceDirectory,
  WorkspacesPool,
  WorkspacesPoolProps,
} from '../lib';
import { QUERY_INTERVAL_CONTEXT } from '../lib/private/provider';

/**
 * Every validation error names the construct path (or, before any construct
 * exists, the factory) in brackets, and its stack trace starts at the line of
 * the user's code that gave the wrong value: here, this file.
 */

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const THIS_FILE = 'validation-errors.test.ts';
/**
 * The folder of the library's own code, by its root: not any `/lib/`, which
 * the path of a checkout may hold (`/tmp/nc/lib/test/…`).
 */
const LIBRARY_DIR = path.resolve(__dirname, '..', 'lib') + path.sep;
const DIRECTORY_ID = 'wsd-0123456789';
const BUNDLE_ID = 'wsb-0123456789';

function newStack(context: Record<string, unknown> = {}): Stack {
  return new Stack(new App({ context }), 'Test', { env: { account: ACCOUNT, region: REGION } });
}

function poolProps(scope: Construct, props: Partial<WorkspacesPoolProps> = {}): WorkspacesPoolProps {
  return { directory: WorkspaceDirectory.fromDirectoryId(scope, 'Directory', DIRECTORY_ID), bundleId: BUNDLE_ID, desiredUserSessions: 1, ...props };
}

/** The error `fn` throws. */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error, got none');
}

function firstFrame(error: Error): string {
  return error.stack!.split('\n')[1];
}

const morning = scheduler.ScheduleExpression.cron({ hour: '7', minute: '0' });

const CASES: Array<[string, string, () => unknown]> = [
  ['WorkspacesPool', 'Test/Pool', () => {
    const stack = newStack();
    new WorkspacesPool(stack, 'Pool', poolProps(stack, { desiredUserSessions: -1 }));
  }],
  ['WorkspacesPool.fromPoolAttributes', 'Test/Imported', () => WorkspacesPool.fromPoolAttributes(newStack(), 'Imported', {})],
  ['WorkspacesPool.scheduleStart', 'Test/Pool', () => {
    const stack = newStack();
    new WorkspacesPool(stack, 'Pool', poolProps(stack, { runningMode: RunningMode.ALWAYS_ON })).scheduleStart('Morning', morning);
  }],
  ['WorkspacesPool.autoScaleUserSessions', 'Test/Pool', () => {
    const stack = newStack();
    new WorkspacesPool(stack, 'Pool', poolProps(stack)).autoScaleUserSessions({ minCapacity: 2, maxCapacity: 1 });
  }],
  ['ScalableUserSessions.scaleOnUtilization', 'Test/Pool/UserSessionsScaling', () => {
    const stack = newStack();
    const pool = new WorkspacesPool(stack, 'Pool', poolProps(stack));
    pool.autoScaleUserSessions({ minCapacity: 1, maxCapacity: 2 }).scaleOnUtilization({ targetUtilizationPercent: 0 });
  }],
  ['a context value the provider reads', 'Test/Pool', () => {
    const stack = newStack({ [QUERY_INTERVAL_CONTEXT]: 1 });
    new WorkspacesPool(stack, 'Pool', poolProps(stack));
  }],
  ['ApplicationsImage', 'Test/Image', () => new ApplicationsImage(newStack(), 'Image', { source: ImageSource.ami('wsi-0123456789') })],
  ['ApplicationsImage.fromImageArn', 'Test/Imported', () => ApplicationsImage.fromImageArn(newStack(), 'Imported', `arn:aws:s3:::bucket/${REGION}`)],
  ['WorkspaceDirectory', 'Test/Directory', () => new WorkspaceDirectory(newStack(), 'Directory', {
    identity: DirectoryIdentity.customerManaged(), saml: { userAccessUrl: 'ftp://idp' },
  })],
  ['WorkspaceDirectory.fromDirectoryId', 'Test/Imported', () => WorkspaceDirectory.fromDirectoryId(newStack(), 'Imported', 'x-1')],
  ['WebPortal', 'Test/Portal', () => new WebPortal(newStack(), 'Portal', { maxConcurrentSessions: 0 })],
  ['a session logger a WebPortal creates', 'Test/Portal/SessionLogger', () => {
    const stack = newStack();
    new WebPortal(stack, 'Portal', { sessionLogger: { bucket: new s3.Bucket(stack, 'Logs'), keyPrefix: 'a b' } });
  }],
  ['WebPortal.addIdentityProvider', 'Test/Portal', () => {
    const portal = new WebPortal(newStack(), 'Portal', { authenticationType: AuthenticationType.IAM_IDENTITY_CENTER });
    portal.addIdentityProvider('Okta', IdentityProvider.saml({ metadataUrl: 'https://idp.example.com/metadata' }));
  }],
  ['WebIdentityProvider', 'Test/Portal/IdentityProviderOkta', () => {
    new WebPortal(newStack(), 'Portal').addIdentityProvider('Okta', IdentityProvider.saml({ metadataFile: '/nonexistent/metadata.xml' }));
  }],
  ['BrowserSettings', 'Test/Settings', () => new BrowserSettings(newStack(), 'Settings', { webContentFilteringPolicy: { blockedCategories: [] } })],
  ['DataProtectionSettings', 'Test/Settings', () => new DataProtectionSettings(newStack(), 'Settings', { displayName: '' })],
  ['IpAccessSettings', 'Test/Settings', () => new IpAccessSettings(newStack(), 'Settings', { rules: [{ cidr: '10.0.0.0/33' }] })],
  ['NetworkSettings', 'Test/Settings', () => {
    const stack = newStack();
    new NetworkSettings(stack, 'Settings', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }), securityGroups: [] });
  }],
  ['TrustStore', 'Test/Settings', () => new TrustStore(newStack(), 'Settings', { certificates: [] })],
  ['UserSettings', 'Test/Settings', () => new UserSettings(newStack(), 'Settings', {
    copy: true,
    paste: true,
    download: true,
    upload: true,
    print: true,
    disconnectTimeout: Duration.hours(11),
  })],
  ['UserAccessLoggingSettings', 'Test/Settings', () => {
    const stack = newStack();
    new UserAccessLoggingSettings(stack, 'Settings', { stream: new kinesis.Stream(stack, 'Stream', { streamName: 'audit' }) });
  }],
  ['IdentityProvider.saml', 'IdentityProvider.saml', () => IdentityProvider.saml({})],
  ['BrowserPolicy.fromJson', 'BrowserPolicy.fromJson', () => BrowserPolicy.fromJson('{')],
  ['BrowserPolicy.fromChromePolicies', 'BrowserPolicy.fromChromePolicies', () => BrowserPolicy.fromChromePolicies({ managedBookmarksFolderName: 'Company' })],
];

describe.each(CASES)('a validation error of %s', (_name, where, fn) => {
  test(`names ${where} in brackets, then the prop`, () => {
    expect(thrown(fn).message).toMatch(new RegExp(`^\\[${where.replace(/[.[\]/]/g, '\\$&')}\\] \\S`));
  });

  test('has a stack trace that starts in the code that gave the value', () => {
    const error = thrown(fn);
    expect(firstFrame(error)).toContain(THIS_FILE);
    expect(error.stack).not.toContain(LIBRARY_DIR);
  });
});

describe('the first frame', () => {
  test('is the line of a subclass of the user that calls the constructor', () => {
    class MyPool extends WorkspacesPool {
      constructor(scope: Construct, id: string) {
        super(scope, id, poolProps(scope, { poolName: 'not valid!' }));
      }
    }
    const error = thrown(() => new MyPool(newStack(), 'Pool'));
    expect(error.message).toMatch(/^\[Test\/Pool\] `poolName` must be 1-64 characters.*got 'not valid!'$/);
    expect(firstFrame(error)).toMatch(/new MyPool .*validation-errors\.test\.ts/);
  });

  test('is in the user\'s code even when Error.stackTraceLimit is smaller than the library\'s frames', () => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 1;
    try {
      const error = thrown(() => new WebPortal(newStack(), 'Portal', { sessionLogger: { bucket: s3.Bucket.fromBucketName(newStack(), 'Logs', 'logs'), keyPrefix: 'a b' } }));
      expect(error.stack!.split('\n')).toHaveLength(2);
      expect(firstFrame(error)).toContain(THIS_FILE);
    } finally {
      Error.stackTraceLimit = limit;
    }
  });
});
