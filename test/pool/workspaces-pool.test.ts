import { Annotations as CoreAnnotations, App, CfnParameter, CfnResource, Duration, RemovalPolicy, Resource, Stack, Tags, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { aws_workspaces as workspacesRefs } from 'aws-cdk-lib/interfaces';
import { Construct } from 'constructs';
import { STACK_TAG as HANDLER_STACK_TAG } from '../../lambda/shared/ownership';
import {
  IWorkspaceDirectory,
  IWorkspacesPool,
  PoolState,
  RunningMode,
  WorkspaceDirectory,
  WorkspacesPool,
  WorkspacesPoolBase,
  WorkspacesPoolProps,
} from '../../lib';
import { DIRECTORY_MODIFY_ACTIONS } from '../../lib/directory/permissions';
import { POOL_METRICS_DIMENSION, POOL_METRICS_NAMESPACE } from '../../lib/pool/metrics';
import { POOL_DESCRIPTION, POOL_NAME } from '../../lib/pool/validation';
import { QUERY_INTERVAL_CONTEXT, TOTAL_TIMEOUT_CONTEXT } from '../../lib/private/provider';
import { STACK_ID_TAG } from '../../lib/private/reserved-tags';
import { POOL_RESOURCE_TYPE } from '../../lib/private/resource-types';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const BUNDLE_ID = 'wsb-0123456789';
const DIRECTORY_ID = 'wsd-0123456789';
const POOL_ID = 'wspool-abc123def';

function newStack(context: Record<string, unknown> = {}, id = 'Test'): Stack {
  const app = new App({ context });
  return new Stack(app, id, { env: { account: ACCOUNT, region: REGION } });
}

/** The stack's imported pools directory (one per stack, created on first use). */
function directoryOf(stack: Stack): IWorkspaceDirectory {
  return (stack.node.tryFindChild('Directory') as IWorkspaceDirectory | undefined)
    ?? WorkspaceDirectory.fromDirectoryId(stack, 'Directory', DIRECTORY_ID);
}

function newPool(stack: Stack, props: Partial<WorkspacesPoolProps> = {}, id = 'Pool'): WorkspacesPool {
  return new WorkspacesPool(stack, id, {
    directory: directoryOf(stack),
    bundleId: BUNDLE_ID,
    desiredUserSessions: 10,
    ...props,
  });
}

/** The CloudFormation logical id behind a token such as `pool.poolId`. */
function logicalIdOf(stack: Stack, token: string): string {
  const resolved = stack.resolve(token);
  return resolved.Ref ?? resolved['Fn::GetAtt'][0];
}

/** The properties of a pool's `Custom::WorkspacesPool` resource. */
function poolProperties(pool: WorkspacesPool): Record<string, any> {
  const stack = Stack.of(pool);
  return Template.fromStack(stack).toJSON().Resources[logicalIdOf(stack, pool.poolId)].Properties;
}

/** `arn:<partition><rest>`, the way Stack.formatArn renders an ARN. */
function partitionArn(rest: string): unknown {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] };
}

function poolArnGetAtt(pool: WorkspacesPool): unknown {
  return { 'Fn::GetAtt': [logicalIdOf(Stack.of(pool), pool.poolId), 'PoolArn'] };
}

/** Every statement of the IAM policies attached to the role `roleLogicalId`. */
function statementsOfRole(template: Template, roleLogicalId: string): any[] {
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: Match.arrayWith([{ Ref: roleLogicalId }]) } });
  return Object.values<any>(policies).flatMap(p => p.Properties.PolicyDocument.Statement);
}

/** The statements of the shared provider's handler role. */
function handlerStatements(stack: Stack): any[] {
  const template = Template.fromStack(stack);
  const roles = Object.keys(template.findResources('AWS::IAM::Role')).filter(id => id.startsWith('CdkWorkspacesConstructsProviderHandlerRole'));
  expect(roles).toHaveLength(1);
  return statementsOfRole(template, roles[0]);
}

function statementWithAction(statements: any[], action: string): any {
  const found = statements.filter(s => ([] as string[]).concat(s.Action).includes(action));
  expect(found).toHaveLength(1);
  return found[0];
}

function newGrantee(stack: Stack): iam.Role {
  return new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
}

/** A pools directory registered by a construct in the same stack: a resource the pool references only through its literal id. */
class RegisteredDirectory extends Resource implements IWorkspaceDirectory {
  public readonly directoryId = DIRECTORY_ID;
  public readonly directoryArn: string;
  public readonly registration: CfnResource;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.registration = new CfnResource(this, 'Registration', { type: 'Custom::DirectoryRegistration', properties: { DirectoryId: DIRECTORY_ID } });
    this.directoryArn = `arn:aws:workspaces:${REGION}:${ACCOUNT}:directory/${DIRECTORY_ID}`;
  }

  public get directoryRef(): workspacesRefs.DirectoryReference {
    return { directoryArn: this.directoryArn };
  }

  public grantModify(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: [...DIRECTORY_MODIFY_ACTIONS], resourceArns: [this.directoryArn] });
  }

  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: ['workspaces:DescribeWorkspaceDirectories'], resourceArns: ['*'] });
  }
}

describe('WorkspacesPool resource properties', () => {
  test('renders a Custom::WorkspacesPool served by the shared provider with the given bundle, directory and capacity', () => {
    const stack = newStack();
    const pool = newPool(stack, { desiredUserSessions: 7 });

    expect(POOL_RESOURCE_TYPE).toBe('Custom::WorkspacesPool');
    Template.fromStack(stack).hasResourceProperties('Custom::WorkspacesPool', {
      ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CdkWorkspacesConstructsProviderframeworkonEvent'), 'Arn'] },
      BundleId: BUNDLE_ID,
      DirectoryId: DIRECTORY_ID,
      DesiredUserSessions: 7,
    });
    expect(logicalIdOf(stack, pool.poolId)).toMatch(/^Pool/);
  });

  test('accepts zero desired user sessions on a STOPPED pool', () => {
    expect(poolProperties(newPool(newStack(), { desiredUserSessions: 0, desiredState: PoolState.STOPPED })).DesiredUserSessions).toBe(0);
  });

  test('accepts zero desired user sessions on a RUNNING pool whose capacity auto scaling raises', () => {
    const pool = newPool(newStack(), { desiredUserSessions: 0 });
    pool.autoScaleUserSessions({ minCapacity: 0, maxCapacity: 20 })
      .scaleOnSchedule('Morning', { schedule: appscaling.Schedule.cron({ hour: '7', minute: '0' }), minCapacity: 20 });
    expect(poolProperties(pool).DesiredUserSessions).toBe(0);
  });

  test('fails at synth when a RUNNING pool has zero desired user sessions and no auto scaling', () => {
    const stack = newStack();
    newPool(stack, { desiredUserSessions: 0 });
    expect(() => Template.fromStack(stack)).toThrow(/\[Test\/Pool\] `desiredUserSessions` must be 1 or more for a RUNNING pool .*Got desiredUserSessions 0 with desiredState RUNNING and no auto scaling/);
  });

  test('fails at synth when a pool has zero desired user sessions and desiredState RUNNING given', () => {
    const stack = newStack();
    newPool(stack, { desiredUserSessions: 0, desiredState: PoolState.RUNNING });
    expect(() => Template.fromStack(stack)).toThrow(/`desiredUserSessions` must be 1 or more for a RUNNING pool/);
  });

  test('accepts a token for desired user sessions', () => {
    const stack = newStack();
    const sessions = new CfnParameter(stack, 'Sessions', { type: 'Number' });
    expect(poolProperties(newPool(stack, { desiredUserSessions: sessions.valueAsNumber })).DesiredUserSessions).toEqual({ Ref: 'Sessions' });
  });

  describe('PoolName', () => {
    test('is the given name', () => {
      const pool = newPool(newStack(), { poolName: 'call-centre' });
      expect(poolProperties(pool).PoolName).toBe('call-centre');
      expect(pool.poolName).toBe('call-centre');
    });

    test('defaults to a name generated from the stack name and construct path', () => {
      const pool = newPool(newStack());
      const name = poolProperties(pool).PoolName;
      expect(name).toMatch(/^TestPool[0-9A-F]{8}$/);
      expect(name).toMatch(POOL_NAME);
      expect(pool.poolName).toBe(name);
    });

    test('defaults to a valid name of at most 64 characters for a long path with characters the API refuses', () => {
      const stack = newStack({}, 'A-very-long-stack-name-for-the-call-centre-desktops-of-the-company');
      const deep = new Construct(new Construct(stack, 'Desktops for the call centre: agents & supervisors'), 'x'.repeat(80));
      const pool = new WorkspacesPool(deep, 'Pool #1 (eu)', { directory: directoryOf(stack), bundleId: BUNDLE_ID, desiredUserSessions: 1 });
      const name: string = poolProperties(pool).PoolName;
      expect(name.length).toBeLessThanOrEqual(64);
      expect(name).toMatch(POOL_NAME);
    });

    test('defaults to different names for two pools in a stack, even when their ids differ only in refused characters', () => {
      const stack = newStack();
      const a = newPool(stack, {}, 'Pool 1');
      const b = newPool(stack, {}, 'Pool1');
      const c = newPool(stack, {}, 'Other');
      const names = [a, b, c].map(p => poolProperties(p).PoolName);
      expect(new Set(names).size).toBe(3);
    });

    test('defaults to different names for pools with the same id in two stacks (pool names are unique per account and Region)', () => {
      const app = new App();
      const a = newPool(new Stack(app, 'DesktopsA', { env: { account: ACCOUNT, region: REGION } }));
      const b = newPool(new Stack(app, 'DesktopsB', { env: { account: ACCOUNT, region: REGION } }));
      expect(poolProperties(a).PoolName).not.toBe(poolProperties(b).PoolName);
    });

    test('defaults to the same name on every synthesis (a new name would replace the pool)', () => {
      expect(poolProperties(newPool(newStack())).PoolName).toBe(poolProperties(newPool(newStack())).PoolName);
    });

    test('accepts a token', () => {
      const stack = newStack();
      const name = new CfnParameter(stack, 'PoolName');
      expect(poolProperties(newPool(stack, { poolName: name.valueAsString })).PoolName).toEqual({ Ref: 'PoolName' });
    });

    test.each([
      ['-starts-with-dash'],
      ['has space'],
      ['has:colon'],
      [''],
      ['p'.repeat(65)],
    ])('fails when poolName is %j', (poolName) => {
      expect(() => newPool(newStack(), { poolName }))
        .toThrow(new RegExp(`\`poolName\` must be 1-64 characters.*got '${poolName}'`));
    });

    test('accepts a name of 64 characters', () => {
      expect(poolProperties(newPool(newStack(), { poolName: 'p'.repeat(64) })).PoolName).toBe('p'.repeat(64));
    });
  });

  describe('Description', () => {
    test('is the given description', () => {
      expect(poolProperties(newPool(newStack(), { description: 'Call centre (eu-west-1) desktops' })).Description).toBe('Call centre (eu-west-1) desktops');
    });

    test('defaults to one naming the construct path', () => {
      const description = poolProperties(newPool(newStack())).Description;
      expect(description).toBe('Managed by cdk-workspaces-constructs for Test/Pool');
      expect(description).toMatch(POOL_DESCRIPTION);
    });

    test('defaults to a valid description of at most 255 characters for a long path with characters the API refuses', () => {
      const stack = newStack();
      let scope: Construct = stack;
      for (let i = 0; i < 6; i++) scope = new Construct(scope, `Level ${i}: désktops & agents #${'z'.repeat(40)}`);
      const pool = new WorkspacesPool(scope, 'Pool:*', { directory: directoryOf(stack), bundleId: BUNDLE_ID, desiredUserSessions: 1 });
      const description: string = poolProperties(pool).Description;
      expect(description.length).toBeGreaterThan(0);
      expect(description.length).toBeLessThanOrEqual(255);
      expect(description).toMatch(POOL_DESCRIPTION);
      expect(description).toMatch(/^Managed by cdk-workspaces-constructs for Test\/Level 0- d-sktops - agents -z+/);
    });

    test('accepts a token', () => {
      const stack = newStack();
      const description = new CfnParameter(stack, 'Description');
      expect(poolProperties(newPool(stack, { description: description.valueAsString })).Description).toEqual({ Ref: 'Description' });
    });

    test('fails when description is empty', () => {
      expect(() => newPool(newStack(), { description: '' })).toThrow(/`description` must be 1-255 characters long, got 0 characters/);
    });

    test('fails when description is longer than 255 characters', () => {
      expect(() => newPool(newStack(), { description: 'd'.repeat(256) })).toThrow(/`description` must be 1-255 characters long, got 256 characters/);
    });

    test('fails when description has a character the API refuses', () => {
      expect(() => newPool(newStack(), { description: 'Call centre: agents' }))
        .toThrow(/`description` may contain only letters, digits, spaces and _ \. \/ \( \) -.*got 'Call centre: agents'/);
    });
  });

  describe('RunningMode and DesiredState', () => {
    test('default to AUTO_STOP and RUNNING', () => {
      const pool = newPool(newStack());
      expect(poolProperties(pool)).toMatchObject({ RunningMode: 'AUTO_STOP', DesiredState: 'RUNNING' });
      expect(pool.runningMode).toBe(RunningMode.AUTO_STOP);
    });

    test('are the given ALWAYS_ON and RUNNING', () => {
      const pool = newPool(newStack(), { runningMode: RunningMode.ALWAYS_ON, desiredState: PoolState.RUNNING });
      expect(poolProperties(pool)).toMatchObject({ RunningMode: 'ALWAYS_ON', DesiredState: 'RUNNING' });
      expect(pool.runningMode).toBe(RunningMode.ALWAYS_ON);
    });

    test('are the given AUTO_STOP and STOPPED', () => {
      expect(poolProperties(newPool(newStack(), { runningMode: RunningMode.AUTO_STOP, desiredState: PoolState.STOPPED })))
        .toMatchObject({ RunningMode: 'AUTO_STOP', DesiredState: 'STOPPED' });
    });

    test('fails when desiredState is STOPPED with runningMode ALWAYS_ON', () => {
      expect(() => newPool(newStack(), { runningMode: RunningMode.ALWAYS_ON, desiredState: PoolState.STOPPED }))
        .toThrow(/`desiredState` STOPPED needs `runningMode` AUTO_STOP.*got runningMode ALWAYS_ON/);
    });
  });

  describe('timeout settings', () => {
    test('are absent by default (the service\'s defaults apply)', () => {
      Template.fromStack(Stack.of(newPool(newStack()))).hasResourceProperties('Custom::WorkspacesPool', {
        DisconnectTimeoutInSeconds: Match.absent(),
        IdleDisconnectTimeoutInSeconds: Match.absent(),
        MaxUserDurationInSeconds: Match.absent(),
      });
    });

    test('are converted from Durations to seconds', () => {
      expect(poolProperties(newPool(newStack(), {
        disconnectTimeout: Duration.minutes(15),
        idleDisconnectTimeout: Duration.minutes(10),
        maxUserDuration: Duration.hours(8),
      }))).toMatchObject({ DisconnectTimeoutInSeconds: 900, IdleDisconnectTimeoutInSeconds: 600, MaxUserDurationInSeconds: 28800 });
    });

    test('accept the limits of their ranges, and 0 to turn the idle disconnect off', () => {
      expect(poolProperties(newPool(newStack(), {
        disconnectTimeout: Duration.seconds(60),
        idleDisconnectTimeout: Duration.seconds(0),
        maxUserDuration: Duration.seconds(600),
      }))).toMatchObject({ DisconnectTimeoutInSeconds: 60, IdleDisconnectTimeoutInSeconds: 0, MaxUserDurationInSeconds: 600 });
      expect(poolProperties(newPool(newStack(), {
        disconnectTimeout: Duration.seconds(36000),
        idleDisconnectTimeout: Duration.seconds(36000),
        maxUserDuration: Duration.seconds(432000),
      }))).toMatchObject({ DisconnectTimeoutInSeconds: 36000, IdleDisconnectTimeoutInSeconds: 36000, MaxUserDurationInSeconds: 432000 });
    });

    test.each<[string, Partial<WorkspacesPoolProps>, RegExp]>([
      ['disconnectTimeout is below 60 seconds', { disconnectTimeout: Duration.seconds(59) }, /`disconnectTimeout` must be between 60 and 36000 seconds, got 59/],
      ['disconnectTimeout is above 36000 seconds', { disconnectTimeout: Duration.seconds(36001) }, /`disconnectTimeout` must be between 60 and 36000 seconds, got 36001/],
      ['disconnectTimeout is not whole seconds', { disconnectTimeout: Duration.millis(60500) }, /`disconnectTimeout` must be a whole number of seconds, got 1 minute 500 millis/],
      ['idleDisconnectTimeout is above 36000 seconds', { idleDisconnectTimeout: Duration.hours(11) }, /`idleDisconnectTimeout` must be between 0 and 36000 seconds, got 39600/],
      ['maxUserDuration is below 600 seconds', { maxUserDuration: Duration.seconds(599) }, /`maxUserDuration` must be between 600 and 432000 seconds, got 599/],
      ['maxUserDuration is above 432000 seconds', { maxUserDuration: Duration.days(6) }, /`maxUserDuration` must be between 600 and 432000 seconds, got 518400/],
    ])('fails when %s', (_, props, message) => {
      expect(() => newPool(newStack(), props)).toThrow(message);
    });
  });

  describe('application settings', () => {
    test('are absent by default (no persistence)', () => {
      Template.fromStack(Stack.of(newPool(newStack()))).hasResourceProperties('Custom::WorkspacesPool', {
        ApplicationSettingsStatus: Match.absent(),
        ApplicationSettingsGroup: Match.absent(),
      });
    });

    test('with persistence are ENABLED with the settings group', () => {
      expect(poolProperties(newPool(newStack(), { applicationSettings: { persistence: true, settingsGroup: "call-centre/(agents)!*'_." } })))
        .toMatchObject({ ApplicationSettingsStatus: 'ENABLED', ApplicationSettingsGroup: "call-centre/(agents)!*'_." });
    });

    test('with persistence and no group are ENABLED without a group', () => {
      const properties = poolProperties(newPool(newStack(), { applicationSettings: { persistence: true } }));
      expect(properties.ApplicationSettingsStatus).toBe('ENABLED');
      expect(properties).not.toHaveProperty('ApplicationSettingsGroup');
    });

    test('without persistence are DISABLED', () => {
      const properties = poolProperties(newPool(newStack(), { applicationSettings: { persistence: false } }));
      expect(properties.ApplicationSettingsStatus).toBe('DISABLED');
      expect(properties).not.toHaveProperty('ApplicationSettingsGroup');
    });

    test('fails when a settings group is given without persistence', () => {
      expect(() => newPool(newStack(), { applicationSettings: { persistence: false, settingsGroup: 'agents' } }))
        .toThrow(/`applicationSettings.settingsGroup` applies only when `applicationSettings.persistence` is true, got settingsGroup 'agents' with persistence false/);
    });

    test('fails when the settings group is longer than 100 characters', () => {
      expect(() => newPool(newStack(), { applicationSettings: { persistence: true, settingsGroup: 'g'.repeat(101) } }))
        .toThrow(/`applicationSettings.settingsGroup` must be 1-100 characters long, got 101 characters/);
    });

    test('fails when the settings group has a character the API refuses', () => {
      expect(() => newPool(newStack(), { applicationSettings: { persistence: true, settingsGroup: 'call centre' } }))
        .toThrow(/`applicationSettings.settingsGroup` may contain only .*got 'call centre'/);
    });
  });

  describe('Tags', () => {
    test('are absent without tags', () => {
      expect(poolProperties(newPool(newStack()))).not.toHaveProperty('Tags');
    });

    test('come from Tags.of(pool)', () => {
      const pool = newPool(newStack());
      Tags.of(pool).add('team', 'desktops');
      Tags.of(pool).add('cost-centre', '42');
      expect(poolProperties(pool).Tags).toEqual([{ Key: 'cost-centre', Value: '42' }, { Key: 'team', Value: 'desktops' }]);
    });

    test('come from Tags.of(stack), and the pool\'s own tag wins over the stack\'s', () => {
      const stack = newStack();
      const pool = newPool(stack);
      Tags.of(stack).add('env', 'prod');
      Tags.of(stack).add('team', 'platform');
      Tags.of(pool).add('team', 'desktops');
      expect(poolProperties(pool).Tags).toEqual([{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'desktops' }]);
    });

    // The handler's ownership tags live under this prefix: a user tag there could make it take another's pool for its own.
    test.each([
      ['Tags.of(pool)', (pool: WorkspacesPool) => pool],
      ['Tags.of(stack)', (pool: WorkspacesPool) => Stack.of(pool)],
    ])('fails when %s adds a tag under the reserved cdk-workspaces-constructs: prefix', (_case, target) => {
      const pool = newPool(newStack());
      Tags.of(target(pool)).add('cdk-workspaces-constructs:stack-resource', 'f'.repeat(64));
      expect(() => Template.fromStack(Stack.of(pool))).toThrow(
        /Tag keys starting with 'cdk-workspaces-constructs:' are reserved .*\(Test\/Pool\): rename the tag, got key 'cdk-workspaces-constructs:stack-resource'/,
      );
    });

    test('accept a tag that merely contains the library name', () => {
      const pool = newPool(newStack());
      Tags.of(pool).add('team:cdk-workspaces-constructs', 'yes');
      expect(poolProperties(pool).Tags).toEqual([{ Key: 'team:cdk-workspaces-constructs', Value: 'yes' }]);
    });

    test('respect excludeResourceTypes Custom::WorkspacesPool', () => {
      const stack = newStack();
      const pool = newPool(stack);
      Tags.of(stack).add('env', 'prod', { excludeResourceTypes: ['Custom::WorkspacesPool'] });
      expect(poolProperties(pool)).not.toHaveProperty('Tags');
    });
  });

  describe('DrainTimeoutSeconds', () => {
    test('is absent by default (no wait for sessions)', () => {
      expect(poolProperties(newPool(newStack()))).not.toHaveProperty('DrainTimeoutSeconds');
    });

    test('is the given drain timeout in seconds', () => {
      expect(poolProperties(newPool(newStack(), { drainTimeout: Duration.minutes(10) })).DrainTimeoutSeconds).toBe(600);
    });

    test('may be 0', () => {
      expect(poolProperties(newPool(newStack(), { drainTimeout: Duration.seconds(0) })).DrainTimeoutSeconds).toBe(0);
    });

    test('fails when drainTimeout equals the default timeout', () => {
      expect(() => newPool(newStack(), { drainTimeout: Duration.minutes(55) }))
        .toThrow(/`drainTimeout` must be a whole number of seconds from 0 to less than `timeout` \(3300 s\), got 3300/);
    });

    test('fails when drainTimeout exceeds the given timeout', () => {
      expect(() => newPool(newStack(), { timeout: Duration.minutes(20), drainTimeout: Duration.minutes(25) }))
        .toThrow(/`drainTimeout` must be a whole number of seconds from 0 to less than `timeout` \(1200 s\), got 1500/);
    });

    test('fails when drainTimeout is not whole seconds', () => {
      expect(() => newPool(newStack(), { drainTimeout: Duration.millis(1500) }))
        .toThrow(/`drainTimeout` must be a whole number of seconds .*got 1\.5/);
    });
  });

  describe('TimeoutSeconds', () => {
    test('defaults to 3300 seconds (55 minutes)', () => {
      expect(poolProperties(newPool(newStack())).TimeoutSeconds).toBe(3300);
    });

    test('is the given timeout in seconds', () => {
      expect(poolProperties(newPool(newStack(), { timeout: Duration.minutes(20) })).TimeoutSeconds).toBe(1200);
    });

    test('accepts 60 seconds and the provider\'s total timeout minus one query interval (3570 s by default)', () => {
      expect(poolProperties(newPool(newStack(), { timeout: Duration.seconds(60) })).TimeoutSeconds).toBe(60);
      expect(poolProperties(newPool(newStack(), { timeout: Duration.seconds(3570) })).TimeoutSeconds).toBe(3570);
    });

    test('fails when timeout is below 60 seconds', () => {
      expect(() => newPool(newStack(), { timeout: Duration.seconds(59) }))
        .toThrow(/`timeout` must be a whole number of seconds between 60 and 3570 .*got 59/);
    });

    test('fails when timeout is above the provider\'s total timeout minus one query interval', () => {
      expect(() => newPool(newStack(), { timeout: Duration.seconds(3571) }))
        .toThrow(/`timeout` must be a whole number of seconds between 60 and 3570 \(the provider's total timeout of 3600 s minus one query interval of 30 s\), got 3571/);
    });

    test('fails when timeout is not whole seconds', () => {
      expect(() => newPool(newStack(), { timeout: Duration.millis(90500) })).toThrow(/`timeout` must be a whole number of seconds .*got 90\.5/);
    });

    test('default and maximum follow the provider context keys', () => {
      const context = { [QUERY_INTERVAL_CONTEXT]: 60, [TOTAL_TIMEOUT_CONTEXT]: 1800 };
      expect(QUERY_INTERVAL_CONTEXT).toBe('cdk-workspaces-constructs:providerQueryInterval');
      expect(TOTAL_TIMEOUT_CONTEXT).toBe('cdk-workspaces-constructs:providerTotalTimeout');
      // Default: the total timeout minus two query intervals, when shorter than 55 minutes.
      expect(poolProperties(newPool(newStack(context))).TimeoutSeconds).toBe(1680);
      expect(poolProperties(newPool(newStack(context), { timeout: Duration.seconds(1740) })).TimeoutSeconds).toBe(1740);
      expect(() => newPool(newStack(context), { timeout: Duration.seconds(1741) }))
        .toThrow(/`timeout` must be a whole number of seconds between 60 and 1740 \(the provider's total timeout of 1800 s minus one query interval of 60 s\), got 1741/);
    });

    // No timeout fits these timings (one must be 60 s or more and at most total minus one
    // interval): synthesis fails with a message naming `timeout` and the context key.
    test.each([
      [{ [QUERY_INTERVAL_CONTEXT]: 30, [TOTAL_TIMEOUT_CONTEXT]: 60 }],
      [{ [QUERY_INTERVAL_CONTEXT]: 600, [TOTAL_TIMEOUT_CONTEXT]: 600 }],
    ])('fails when the provider context %j leaves no room for a timeout of 60 seconds or more', (context) => {
      expect(() => newPool(newStack(context))).toThrow(/`timeout`.*providerTotalTimeout/);
    });

    // The default is never below what a user may give (60 s) when the context leaves room for it.
    test('defaults to a timeout a user could give (60 s or more) when the provider context allows one', () => {
      expect(poolProperties(newPool(newStack({ [QUERY_INTERVAL_CONTEXT]: 30, [TOTAL_TIMEOUT_CONTEXT]: 90 }))).TimeoutSeconds).toBe(60);
    });
  });

  describe('removal policy', () => {
    test('defaults to DESTROY: the pool is terminated when it leaves the stack', () => {
      Template.fromStack(Stack.of(newPool(newStack()))).hasResource('Custom::WorkspacesPool', { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    });

    test('RETAIN keeps the pool', () => {
      Template.fromStack(Stack.of(newPool(newStack(), { removalPolicy: RemovalPolicy.RETAIN })))
        .hasResource('Custom::WorkspacesPool', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    });

    test.each([
      [RemovalPolicy.SNAPSHOT],
      [RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE],
    ])('fails when removalPolicy is %s', (removalPolicy) => {
      expect(() => newPool(newStack(), { removalPolicy }))
        .toThrow(new RegExp(`\`removalPolicy\` must be DESTROY or RETAIN \\(a pool has no snapshot\\), got ${removalPolicy}`));
    });
  });
});

describe('WorkspacesPool and its directory', () => {
  test('depends on a directory that is a construct in the same stack, though it names the directory only by its id', () => {
    const stack = newStack();
    const directory = new RegisteredDirectory(stack, 'PoolsDirectory');
    const pool = new WorkspacesPool(stack, 'Pool', { directory, bundleId: BUNDLE_ID, desiredUserSessions: 1 });

    const registrationId = stack.getLogicalId(directory.registration);
    expect(poolProperties(pool).DirectoryId).toBe(DIRECTORY_ID);
    Template.fromStack(stack).hasResource('Custom::WorkspacesPool', { DependsOn: Match.arrayWith([registrationId]) });
  });

  test('accepts a directory whose id is a token, such as one registered in the stack', () => {
    const stack = newStack();
    const registered = new CfnResource(stack, 'Registered', { type: 'AWS::WorkSpaces::Directory', properties: { WorkspaceType: 'POOLS' } });
    const directory = WorkspaceDirectory.fromDirectoryId(stack, 'RegisteredDirectory', registered.getAtt('DirectoryId').toString());
    const pool = new WorkspacesPool(stack, 'Pool', { directory, bundleId: BUNDLE_ID, desiredUserSessions: 1 });
    expect(poolProperties(pool).DirectoryId).toEqual({ 'Fn::GetAtt': ['Registered', 'DirectoryId'] });
  });

  test('depends on nothing but the check of its bundle image for an imported directory', () => {
    const pool = newPool(newStack());
    const checkId = Stack.of(pool).getLogicalId(pool.node.findChild('BundleImage').node.defaultChild as CfnResource);
    Template.fromStack(Stack.of(pool)).hasResource('Custom::WorkspacesPool', { DependsOn: [checkId] });
  });

  test('makes its stack depend on the stack of a directory construct there', () => {
    const app = new App();
    const directoryStack = new Stack(app, 'Directories', { env: { account: ACCOUNT, region: REGION } });
    const poolStack = new Stack(app, 'Pools', { env: { account: ACCOUNT, region: REGION } });
    const directory = new RegisteredDirectory(directoryStack, 'PoolsDirectory');
    new WorkspacesPool(poolStack, 'Pool', { directory, bundleId: BUNDLE_ID, desiredUserSessions: 1 });
    app.synth();
    expect(poolStack.dependencies).toContain(directoryStack);
  });

  test('fails when the directory is a Directory Service (d-) directory', () => {
    const stack = newStack();
    const directory = WorkspaceDirectory.fromDirectoryId(stack, 'DsDirectory', 'd-0123456789');
    expect(() => new WorkspacesPool(stack, 'Pool', { directory, bundleId: BUNDLE_ID, desiredUserSessions: 1 }))
      .toThrow(/`directory` must be a WorkSpaces Pools directory \(an id starting with wsd-\), got 'd-0123456789'/);
  });
});

describe('WorkspacesPool validation', () => {
  test.each([
    ['wsb-123'],
    ['wsb-ABCDEFGHIJ'],
    ['bundle-0123456789'],
  ])('fails when bundleId is %s', (bundleId) => {
    expect(() => newPool(newStack(), { bundleId })).toThrow(new RegExp(`\`bundleId\` must match \\^wsb-.*got '${bundleId}'`));
  });

  test('accepts a token bundleId', () => {
    const stack = newStack();
    const bundle = new CfnParameter(stack, 'Bundle');
    expect(poolProperties(newPool(stack, { bundleId: bundle.valueAsString })).BundleId).toEqual({ Ref: 'Bundle' });
  });

  test.each([
    [-1, /`desiredUserSessions` must be a whole number of 0 or more, got -1/],
    [2.5, /`desiredUserSessions` must be a whole number of 0 or more, got 2\.5/],
  ])('fails when desiredUserSessions is %d', (desiredUserSessions, message) => {
    expect(() => newPool(newStack(), { desiredUserSessions })).toThrow(message);
  });

  // Every prop is validated before anything, the shared provider included, is created.
  test('creates nothing when a prop is invalid', () => {
    const stack = newStack();
    expect(() => newPool(stack, { bundleId: 'wsb-x' })).toThrow(/bundleId/);
    expect(stack.node.tryFindChild('CdkWorkspacesConstructsProvider')).toBeUndefined();
  });
});

describe('the shared provider', () => {
  function stackWithPools(count: number): Stack {
    const stack = newStack();
    for (let i = 0; i < count; i++) newPool(stack, {}, `Pool${i}`);
    return stack;
  }

  test('is created once for many pools', () => {
    const one = Template.fromStack(stackWithPools(1));
    const twenty = Template.fromStack(stackWithPools(20));
    twenty.resourceCountIs('Custom::WorkspacesPool', 20);
    for (const type of ['AWS::Lambda::Function', 'AWS::StepFunctions::StateMachine', 'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::Logs::LogGroup']) {
      expect(Object.keys(twenty.findResources(type))).toEqual(Object.keys(one.findResources(type)));
    }
    one.resourceCountIs('AWS::Lambda::Function', 5);
  });

  test('lets the handler create pools on workspacespool/*, the pool\'s directory and its bundle (any account)', () => {
    const statement = statementWithAction(handlerStatements(Stack.of(newPool(newStack()))), 'workspaces:CreateWorkspacesPool');
    expect(statement).toEqual({
      Action: 'workspaces:CreateWorkspacesPool',
      Effect: 'Allow',
      Resource: [
        partitionArn(`:workspaces:${REGION}:${ACCOUNT}:workspacespool/*`),
        partitionArn(`:workspaces:${REGION}:${ACCOUNT}:directory/${DIRECTORY_ID}`),
        partitionArn(`:workspaces:${REGION}:*:workspacebundle/${BUNDLE_ID}`),
      ],
    });
  });

  test('keeps the handler policy the same size for 20 pools sharing a directory and a bundle', () => {
    const one = handlerStatements(stackWithPools(1));
    const twenty = handlerStatements(stackWithPools(20));
    expect(twenty).toEqual(one);
    expect(statementWithAction(twenty, 'workspaces:CreateWorkspacesPool').Resource).toHaveLength(3);
  });

  test('grows CreateWorkspacesPool\'s resources only with distinct directories and bundles', () => {
    const stack = newStack();
    const other = WorkspaceDirectory.fromDirectoryId(stack, 'Other', 'wsd-abcdefghij');
    newPool(stack, {}, 'A');
    newPool(stack, {}, 'B');
    newPool(stack, { directory: other }, 'C');
    newPool(stack, { bundleId: 'wsb-abcdefghij' }, 'D');
    newPool(stack, { directory: other, bundleId: 'wsb-abcdefghij' }, 'E');

    expect(statementWithAction(handlerStatements(stack), 'workspaces:CreateWorkspacesPool').Resource).toEqual([
      partitionArn(`:workspaces:${REGION}:${ACCOUNT}:workspacespool/*`),
      partitionArn(`:workspaces:${REGION}:${ACCOUNT}:directory/${DIRECTORY_ID}`),
      partitionArn(`:workspaces:${REGION}:*:workspacebundle/${BUNDLE_ID}`),
      partitionArn(`:workspaces:${REGION}:${ACCOUNT}:directory/wsd-abcdefghij`),
      partitionArn(`:workspaces:${REGION}:*:workspacebundle/wsb-abcdefghij`),
    ]);
  });

  test('lets the handler update, start, stop and terminate only pools of workspacespool/* tagged with its own stack\'s id', () => {
    expect(STACK_ID_TAG).toBe(HANDLER_STACK_TAG);
    const statements = handlerStatements(Stack.of(newPool(newStack())));
    const poolScoped = statementWithAction(statements, 'workspaces:UpdateWorkspacesPool');
    expect(poolScoped).toEqual({
      Action: [
        'workspaces:UpdateWorkspacesPool',
        'workspaces:StartWorkspacesPool',
        'workspaces:StopWorkspacesPool',
        'workspaces:TerminateWorkspacesPool',
      ],
      Effect: 'Allow',
      Resource: partitionArn(`:workspaces:${REGION}:${ACCOUNT}:workspacespool/*`),
      Condition: { StringEquals: { 'aws:ResourceTag/cdk-workspaces-constructs:stack-id': { Ref: 'AWS::StackId' } } },
    });
  });

  test('lets the handler list the sessions of any pool of workspacespool/*, without a tag condition (it changes nothing)', () => {
    const statements = handlerStatements(Stack.of(newPool(newStack())));
    expect(statementWithAction(statements, 'workspaces:DescribeWorkspacesPoolSessions')).toEqual({
      Action: 'workspaces:DescribeWorkspacesPoolSessions',
      Effect: 'Allow',
      Resource: partitionArn(`:workspaces:${REGION}:${ACCOUNT}:workspacespool/*`),
    });
  });

  test('checks the bundle image in a Custom::WorkspacesBundleImage of the shared provider, with the pool\'s bundle, name and timeout', () => {
    const stack = newStack();
    newPool(stack, { bundleId: 'wsb-custom0001', poolName: 'call-centre', timeout: Duration.minutes(50) });
    Template.fromStack(stack).hasResourceProperties('Custom::WorkspacesBundleImage', {
      ServiceToken: Match.anyValue(),
      BundleId: 'wsb-custom0001',
      PoolName: 'call-centre',
      TimeoutSeconds: 3000,
    });
    Template.fromStack(stack).resourceCountIs('Custom::WorkspacesBundleImage', 1);
  });

  test('gives * only to the actions WorkSpaces authorizes on * alone', () => {
    const statements = handlerStatements(Stack.of(newPool(newStack())));
    const wildcard = statements.filter(s => s.Resource === '*' || (Array.isArray(s.Resource) && s.Resource.includes('*')));
    expect(wildcard).toEqual([{
      Action: [
        'workspaces:DescribeWorkspacesPools',
        'workspaces:TerminateWorkspacesPoolSession',
        // Service Authorization Reference: no resource type for these two List actions.
        'workspaces:DescribeWorkspaceBundles',
        'workspaces:DescribeWorkspaceImages',
        'workspaces:CreateTags',
        'workspaces:DeleteTags',
        'workspaces:DescribeTags',
      ],
      Effect: 'Allow',
      Resource: '*',
    }]);
  });
});

describe('end-of-support warning', () => {
  test('warns on each pool, naming 2027-12-31, with an id to acknowledge', () => {
    const stack = newStack();
    newPool(stack);
    expect(WorkspacesPool.END_OF_SUPPORT_WARNING).toBe('cdk-workspaces-constructs:poolsEndOfSupport');
    Annotations.fromStack(stack).hasWarning('/Test/Pool',
      Match.stringLikeRegexp('end of support on 2027-12-31.*\\[ack: cdk-workspaces-constructs:poolsEndOfSupport\\]'));
  });

  test('names both dates of the closure to new customers and the AWS page that states them', () => {
    const stack = newStack();
    newPool(stack);
    const [warning] = Annotations.fromStack(stack).findWarning('/Test/Pool', Match.stringLikeRegexp('poolsEndOfSupport'));
    const text = String(warning.entry.data);
    // AWS's end-of-support page says 2026-07-31; the service's AccessDeniedException says 7/30/2026.
    expect(text).toContain('closed to new customers: from 2026-07-31 by AWS\'s end-of-support page (7/30/2026 in the service\'s own AccessDeniedException)');
    expect(text).toContain('https://docs.aws.amazon.com/workspaces/latest/adminguide/wsp-pools-end-of-support.html');
  });

  test('is gone once acknowledged on the pool', () => {
    const stack = newStack();
    const pool = newPool(stack);
    CoreAnnotations.of(pool).acknowledgeWarning('cdk-workspaces-constructs:poolsEndOfSupport', 'An existing Pools customer');
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('2027-12-31'));
  });

  test('is gone for every pool when acknowledged on the stack before they are created', () => {
    const stack = newStack();
    CoreAnnotations.of(stack).acknowledgeWarning(WorkspacesPool.END_OF_SUPPORT_WARNING);
    newPool(stack, {}, 'A');
    newPool(stack, {}, 'B');
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('2027-12-31'));
  });

  test('is not given for an imported pool', () => {
    const stack = newStack();
    WorkspacesPool.fromPoolId(stack, 'Imported', POOL_ID);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('2027-12-31'));
  });
});

describe('attributes', () => {
  test('poolId is the resource\'s Ref and poolArn its PoolArn attribute', () => {
    const stack = newStack();
    const pool = newPool(stack);
    const logicalId = logicalIdOf(stack, pool.poolId);
    expect(stack.resolve(pool.poolId)).toEqual({ Ref: logicalId });
    expect(stack.resolve(pool.poolArn)).toEqual({ 'Fn::GetAtt': [logicalId, 'PoolArn'] });
    expect(Template.fromStack(stack).toJSON().Resources[logicalId].Type).toBe('Custom::WorkspacesPool');
  });

  test('workspacesPoolRef (IWorkspacesPoolRef) has the pool id and ARN', () => {
    const stack = newStack();
    const pool = newPool(stack);
    const ref: workspacesRefs.IWorkspacesPoolRef = pool;
    expect(stack.resolve(ref.workspacesPoolRef)).toEqual({ poolId: stack.resolve(pool.poolId), poolArn: stack.resolve(pool.poolArn) });
  });
});

describe('imports', () => {
  test('fromPoolId builds the ARN in the stack\'s account and Region', () => {
    const stack = newStack();
    const pool = WorkspacesPool.fromPoolId(stack, 'Imported', POOL_ID);
    expect(pool.poolId).toBe(POOL_ID);
    expect(stack.resolve(pool.poolArn)).toEqual(partitionArn(`:workspaces:${REGION}:${ACCOUNT}:workspacespool/${POOL_ID}`));
    expect(pool.env).toEqual({ account: ACCOUNT, region: REGION });
    expect(stack.resolve(pool.workspacesPoolRef)).toEqual({ poolId: POOL_ID, poolArn: stack.resolve(pool.poolArn) });
  });

  test('fromPoolArn parses the pool id and takes the account and Region from the ARN', () => {
    const stack = newStack();
    const arn = `arn:aws:workspaces:us-east-1:444455556666:workspacespool/${POOL_ID}`;
    const pool = WorkspacesPool.fromPoolArn(stack, 'Imported', arn);
    expect(pool.poolArn).toBe(arn);
    expect(pool.poolId).toBe(POOL_ID);
    expect(pool.env).toEqual({ account: '444455556666', region: 'us-east-1' });
  });

  test('fromPoolArn takes the pool id from a token ARN', () => {
    const stack = newStack();
    const arn = new CfnParameter(stack, 'PoolArn').valueAsString;
    const pool = WorkspacesPool.fromPoolArn(stack, 'Imported', arn);
    expect(stack.resolve(pool.poolId)).toEqual({
      'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { Ref: 'PoolArn' }] }] }] }],
    });
  });

  test('fromPoolAttributes takes both the id and the ARN', () => {
    const stack = newStack();
    const arn = `arn:aws:workspaces:${REGION}:${ACCOUNT}:workspacespool/${POOL_ID}`;
    const pool = WorkspacesPool.fromPoolAttributes(stack, 'Imported', { poolId: POOL_ID, poolArn: arn });
    expect([pool.poolId, pool.poolArn]).toEqual([POOL_ID, arn]);
  });

  test('fails when fromPoolAttributes gets neither id nor ARN', () => {
    expect(() => WorkspacesPool.fromPoolAttributes(newStack(), 'Imported', {})).toThrow(/`fromPoolAttributes` needs `poolId` or `poolArn`, got neither/);
  });

  test.each([
    ['wspool-ABC123DEF'],
    ['wspool-abc123'],
    ['pool-abc123def'],
  ])('fails when fromPoolId gets %s', (poolId) => {
    expect(() => WorkspacesPool.fromPoolId(newStack(), 'Imported', poolId)).toThrow(new RegExp(`\`poolId\` must match \\^wspool-.*got '${poolId}'`));
  });

  test('fails when fromPoolAttributes gets an id and an ARN of different pools', () => {
    const arn = `arn:aws:workspaces:${REGION}:${ACCOUNT}:workspacespool/wspool-zzz999zzz`;
    expect(() => WorkspacesPool.fromPoolAttributes(newStack(), 'Imported', { poolId: POOL_ID, poolArn: arn }))
      .toThrow(/`poolId` and `poolArn` must name the same pool, got poolId 'wspool-abc123def' and poolArn '.*wspool-zzz999zzz'/);
  });

  test.each([
    ['autoScaleUserSessions', (pool: IWorkspacesPool) => pool.autoScaleUserSessions({ minCapacity: 1, maxCapacity: 2 })],
    ['scheduleStart', (pool: IWorkspacesPool) => pool.scheduleStart('Daily', scheduler.ScheduleExpression.rate(Duration.days(1)))],
    ['scheduleStop', (pool: IWorkspacesPool) => pool.scheduleStop('Daily', scheduler.ScheduleExpression.rate(Duration.days(1)))],
  ])('fails when %s is called on a pool of another account or Region', (method, call) => {
    const pool = WorkspacesPool.fromPoolArn(newStack(), 'Imported', `arn:aws:workspaces:us-east-1:444455556666:workspacespool/${POOL_ID}`);
    expect(() => call(pool)).toThrow(new RegExp(`${method}\\(\\) needs the pool in the stack's account and Region \\(${ACCOUNT}/${REGION}\\), got a pool in 444455556666/us-east-1`));
  });

  test('fails when fromPoolArn gets an ARN that holds no pool id', () => {
    expect(() => WorkspacesPool.fromPoolArn(newStack(), 'Imported', `arn:aws:workspaces:${REGION}:${ACCOUNT}:directory/${DIRECTORY_ID}`))
      .toThrow(/`poolId` must match .*got 'wsd-0123456789'/);
  });
});

describe('WorkspaceDirectory.fromDirectoryId', () => {
  test('builds the directory ARN in the stack\'s account and Region', () => {
    const stack = newStack();
    const directory = WorkspaceDirectory.fromDirectoryId(stack, 'Directory', DIRECTORY_ID);
    expect(directory.directoryId).toBe(DIRECTORY_ID);
    expect(stack.resolve(directory.directoryArn)).toEqual(partitionArn(`:workspaces:${REGION}:${ACCOUNT}:directory/${DIRECTORY_ID}`));
    expect(stack.resolve(directory.directoryRef)).toEqual({ directoryArn: stack.resolve(directory.directoryArn) });
  });

  test.each([
    ['wsd-0123456789'],
    ['d-0123456789'],
    ['d-abcdef01'],
  ])('accepts %s', (directoryId) => {
    expect(WorkspaceDirectory.fromDirectoryId(newStack(), 'Directory', directoryId).directoryId).toBe(directoryId);
  });

  test.each([
    ['wsd-0123'],
    ['wsd-ABCDEFGHIJ'],
    ['d-xyz0123456'],
    ['directory-0123456789'],
  ])('fails when the id is %s', (directoryId) => {
    expect(() => WorkspaceDirectory.fromDirectoryId(newStack(), 'Directory', directoryId))
      .toThrow(new RegExp(`\`directoryId\` must match .*got '${directoryId}'`));
  });

  test('accepts a token id', () => {
    const stack = newStack();
    const id = new CfnParameter(stack, 'DirectoryId').valueAsString;
    expect(stack.resolve(WorkspaceDirectory.fromDirectoryId(stack, 'Directory', id).directoryId)).toEqual({ Ref: 'DirectoryId' });
  });
});

describe('grants', () => {
  function granteeStatements(stack: Stack, grantee: iam.Role): any[] {
    return statementsOfRole(Template.fromStack(stack), stack.getLogicalId(grantee.node.defaultChild as iam.CfnRole));
  }

  test('grantStartStop allows StartWorkspacesPool and StopWorkspacesPool on the pool ARN only', () => {
    const stack = newStack();
    const pool = newPool(stack);
    const operator = newGrantee(stack);
    pool.grantStartStop(operator);
    expect(granteeStatements(stack, operator)).toEqual([{
      Action: ['workspaces:StartWorkspacesPool', 'workspaces:StopWorkspacesPool'],
      Effect: 'Allow',
      Resource: poolArnGetAtt(pool),
    }]);
  });

  test('grantRead allows DescribeWorkspacesPoolSessions on the pool ARN and DescribeWorkspacesPools on *', () => {
    const stack = newStack();
    const pool = newPool(stack);
    const operator = newGrantee(stack);
    pool.grantRead(operator);
    expect(granteeStatements(stack, operator)).toEqual([
      { Action: 'workspaces:DescribeWorkspacesPoolSessions', Effect: 'Allow', Resource: poolArnGetAtt(pool) },
      { Action: 'workspaces:DescribeWorkspacesPools', Effect: 'Allow', Resource: '*' },
    ]);
  });

  test('grantManageSessions allows DescribeWorkspacesPoolSessions on the pool ARN and TerminateWorkspacesPoolSession on *', () => {
    const stack = newStack();
    const pool = newPool(stack);
    const operator = newGrantee(stack);
    pool.grantManageSessions(operator);
    expect(granteeStatements(stack, operator)).toEqual([
      { Action: 'workspaces:DescribeWorkspacesPoolSessions', Effect: 'Allow', Resource: poolArnGetAtt(pool) },
      { Action: 'workspaces:TerminateWorkspacesPoolSession', Effect: 'Allow', Resource: '*' },
    ]);
  });

  test('grant allows the given actions on the pool ARN', () => {
    const stack = newStack();
    const pool = newPool(stack);
    const operator = newGrantee(stack);
    const grant = pool.grant(operator, 'workspaces:UpdateWorkspacesPool', 'workspaces:TerminateWorkspacesPool');
    expect(grant.success).toBe(true);
    expect(granteeStatements(stack, operator)).toEqual([{
      Action: ['workspaces:UpdateWorkspacesPool', 'workspaces:TerminateWorkspacesPool'],
      Effect: 'Allow',
      Resource: poolArnGetAtt(pool),
    }]);
  });

  test('work on an imported pool, on its ARN', () => {
    const stack = newStack();
    const pool = WorkspacesPool.fromPoolArn(stack, 'Imported', `arn:aws:workspaces:${REGION}:${ACCOUNT}:workspacespool/${POOL_ID}`);
    const operator = newGrantee(stack);
    pool.grantStartStop(operator);
    pool.grantRead(operator);
    pool.grant(operator, 'workspaces:UpdateWorkspacesPool');
    expect(granteeStatements(stack, operator)).toEqual([
      {
        Action: ['workspaces:StartWorkspacesPool', 'workspaces:StopWorkspacesPool'],
        Effect: 'Allow',
        Resource: `arn:aws:workspaces:${REGION}:${ACCOUNT}:workspacespool/${POOL_ID}`,
      },
      { Action: 'workspaces:DescribeWorkspacesPoolSessions', Effect: 'Allow', Resource: `arn:aws:workspaces:${REGION}:${ACCOUNT}:workspacespool/${POOL_ID}` },
      { Action: 'workspaces:DescribeWorkspacesPools', Effect: 'Allow', Resource: '*' },
      { Action: 'workspaces:UpdateWorkspacesPool', Effect: 'Allow', Resource: `arn:aws:workspaces:${REGION}:${ACCOUNT}:workspacespool/${POOL_ID}` },
    ]);
  });

  test('grantManageSessions works on a pool imported by id', () => {
    const stack = newStack();
    const pool = WorkspacesPool.fromPoolId(stack, 'Imported', POOL_ID);
    const operator = newGrantee(stack);
    pool.grantManageSessions(operator);
    expect(granteeStatements(stack, operator)).toEqual([
      {
        Action: 'workspaces:DescribeWorkspacesPoolSessions',
        Effect: 'Allow',
        Resource: partitionArn(`:workspaces:${REGION}:${ACCOUNT}:workspacespool/${POOL_ID}`),
      },
      { Action: 'workspaces:TerminateWorkspacesPoolSession', Effect: 'Allow', Resource: '*' },
    ]);
  });
});

describe('metrics', () => {
  test.each<[string, string, string, (pool: WorkspacesPool) => cloudwatch.Metric]>([
    ['metricActiveUserSessionCapacity', 'ActiveUserSessionCapacity', 'Average', p => p.metricActiveUserSessionCapacity()],
    ['metricActualUserSessionCapacity', 'ActualUserSessionCapacity', 'Average', p => p.metricActualUserSessionCapacity()],
    ['metricAvailableUserSessionCapacity', 'AvailableUserSessionCapacity', 'Average', p => p.metricAvailableUserSessionCapacity()],
    ['metricPendingUserSessionCapacity', 'PendingUserSessionCapacity', 'Average', p => p.metricPendingUserSessionCapacity()],
    ['metricDesiredUserSessionCapacity', 'DesiredUserSessionCapacity', 'Average', p => p.metricDesiredUserSessionCapacity()],
    ['metricCapacityUtilization', 'UserSessionsCapacityUtilization', 'Average', p => p.metricCapacityUtilization()],
    ['metricInsufficientCapacityError', 'InsufficientCapacityError', 'Sum', p => p.metricInsufficientCapacityError()],
  ])('%s is %s (%s) in AWS/WorkSpaces by pool id, every 5 minutes', (_, metricName, statistic, make) => {
    const stack = newStack();
    const pool = newPool(stack);
    const metric = make(pool);
    expect(metric.namespace).toBe('AWS/WorkSpaces');
    expect(metric.metricName).toBe(metricName);
    expect(metric.statistic).toBe(statistic);
    expect(metric.period.toSeconds()).toBe(300);
    expect(stack.resolve(metric.dimensions)).toEqual({ 'WorkSpaces pool ID': { Ref: logicalIdOf(stack, pool.poolId) } });
  });

  test('namespace and dimension are the exported constants', () => {
    expect([POOL_METRICS_NAMESPACE, POOL_METRICS_DIMENSION]).toEqual(['AWS/WorkSpaces', 'WorkSpaces pool ID']);
  });

  test('metric takes any metric name and overrides from its props', () => {
    const stack = newStack();
    const pool = newPool(stack);
    const metric = pool.metric('UserSessionsCapacityUtilization', { statistic: 'Maximum', period: Duration.minutes(1), label: 'Utilization' });
    expect([metric.statistic, metric.period.toSeconds(), metric.label]).toEqual(['Maximum', 60, 'Utilization']);
    expect(pool.metric('X', { dimensionsMap: { Pool: 'p' } }).dimensions).toEqual({ Pool: 'p' });
  });

  test('metricInsufficientCapacityError keeps Sum when only the period is overridden, and takes a given statistic', () => {
    const pool = newPool(newStack());
    const perMinute = pool.metricInsufficientCapacityError({ period: Duration.minutes(1) });
    expect([perMinute.statistic, perMinute.period.toSeconds()]).toEqual(['Sum', 60]);
    expect(pool.metricInsufficientCapacityError({ statistic: 'Maximum' }).statistic).toBe('Maximum');
  });

  test('metrics of an imported pool use its id', () => {
    const stack = newStack();
    const pool = WorkspacesPool.fromPoolId(stack, 'Imported', POOL_ID);
    expect(pool.metric('ActiveUserSessionCapacity').dimensions).toEqual({ 'WorkSpaces pool ID': POOL_ID });
  });

  test('an alarm on metricInsufficientCapacityError renders the namespace, name, dimension, statistic and period', () => {
    const stack = newStack();
    const pool = newPool(stack);
    pool.metricInsufficientCapacityError().createAlarm(stack, 'InsufficientCapacity', {
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/WorkSpaces',
      MetricName: 'InsufficientCapacityError',
      Dimensions: [{ Name: 'WorkSpaces pool ID', Value: { Ref: logicalIdOf(stack, pool.poolId) } }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 0,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });
});

describe('auto scaling', () => {
  test('registers the pool\'s desired user sessions as a scalable target with the WorkSpaces pools service-linked role', () => {
    const stack = newStack();
    const pool = newPool(stack);
    const rolesBefore = Object.keys(Template.fromStack(newPool(newStack()).stack).findResources('AWS::IAM::Role'));
    pool.autoScaleUserSessions({ minCapacity: 2, maxCapacity: 50 });
    Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ServiceNamespace: 'workspaces',
      ResourceId: { 'Fn::Join': ['', ['workspacespool/', { Ref: logicalIdOf(stack, pool.poolId) }]] },
      ScalableDimension: 'workspaces:workspacespool:DesiredUserSessions',
      MinCapacity: 2,
      MaxCapacity: 50,
      RoleARN: partitionArn(`:iam::${ACCOUNT}:role/aws-service-role/workspaces.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_WorkSpacesPool`),
    });
    // The service-linked role is referenced, never created.
    expect(Object.keys(Template.fromStack(stack).findResources('AWS::IAM::Role'))).toEqual(rolesBefore);
  });

  test('scaleOnUtilization adds target tracking on WorkSpacesAverageUserSessionsCapacityUtilization', () => {
    const stack = newStack();
    const scaling = newPool(stack).autoScaleUserSessions({ minCapacity: 2, maxCapacity: 50 });
    scaling.scaleOnUtilization({ targetUtilizationPercent: 75, scaleInCooldown: Duration.minutes(10), disableScaleIn: true });
    Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      ScalingTargetId: { Ref: Match.stringLikeRegexp('^PoolUserSessionsScalingTarget') },
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'WorkSpacesAverageUserSessionsCapacityUtilization' },
        TargetValue: 75,
        ScaleInCooldown: 600,
        DisableScaleIn: true,
      },
    });
  });

  test('scaleOnUtilization accepts 100 percent', () => {
    const stack = newStack();
    newPool(stack).autoScaleUserSessions({ minCapacity: 0, maxCapacity: 5 }).scaleOnUtilization({ targetUtilizationPercent: 100 });
    Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: 100 }),
    });
  });

  test('scaleOnSchedule adds a scheduled action', () => {
    const stack = newStack();
    const scaling = newPool(stack).autoScaleUserSessions({ minCapacity: 2, maxCapacity: 50 });
    scaling.scaleOnSchedule('Morning', { schedule: appscaling.Schedule.cron({ hour: '7', minute: '0', weekDay: 'MON-FRI' }), minCapacity: 20 });
    Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ScheduledActions: [{ ScheduledActionName: 'Morning', Schedule: 'cron(0 7 ? * MON-FRI *)', ScalableTargetAction: { MinCapacity: 20 } }],
    });
  });

  test('works on an imported pool (a WorkspacesPoolBase)', () => {
    const stack = newStack();
    const imported = WorkspacesPool.fromPoolId(stack, 'Imported', POOL_ID);
    expect(imported).toBeInstanceOf(WorkspacesPoolBase);
    imported.autoScaleUserSessions({ minCapacity: 1, maxCapacity: 3 });
    Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { ResourceId: `workspacespool/${POOL_ID}` });
  });

  test.each<[string, { minCapacity: number; maxCapacity: number }, RegExp]>([
    ['minCapacity is negative', { minCapacity: -1, maxCapacity: 5 }, /`minCapacity` must be a whole number of 0 or more, got -1/],
    ['minCapacity is fractional', { minCapacity: 1.5, maxCapacity: 5 }, /`minCapacity` must be a whole number of 0 or more, got 1\.5/],
    ['maxCapacity is fractional', { minCapacity: 1, maxCapacity: 5.5 }, /`maxCapacity` must be a whole number of 0 or more, got 5\.5/],
    ['maxCapacity is below minCapacity', { minCapacity: 5, maxCapacity: 2 }, /`maxCapacity` must be at least `minCapacity` \(5\), got 2/],
  ])('fails when %s', (_, props, message) => {
    expect(() => newPool(newStack()).autoScaleUserSessions(props)).toThrow(message);
  });

  test('fails when autoScaleUserSessions is called twice', () => {
    const pool = newPool(newStack());
    pool.autoScaleUserSessions({ minCapacity: 1, maxCapacity: 5 });
    expect(() => pool.autoScaleUserSessions({ minCapacity: 1, maxCapacity: 5 }))
      .toThrow(/^\[Test\/Pool\] autoScaleUserSessions\(\) was already called on this pool: a pool has one scalable target$/);
  });

  test.each([[0], [-5], [100.5]])('fails when targetUtilizationPercent is %d', (targetUtilizationPercent) => {
    const scaling = newPool(newStack()).autoScaleUserSessions({ minCapacity: 1, maxCapacity: 5 });
    expect(() => scaling.scaleOnUtilization({ targetUtilizationPercent }))
      .toThrow(new RegExp(`\`targetUtilizationPercent\` must be more than 0 and at most 100 \\(a percentage\\), got ${targetUtilizationPercent}`));
  });

  // Validation skips unresolved tokens (e.g. capacities from CfnParameters).
  test('accepts token capacities', () => {
    const stack = newStack();
    const min = new CfnParameter(stack, 'Min', { type: 'Number' }).valueAsNumber;
    const max = new CfnParameter(stack, 'Max', { type: 'Number' }).valueAsNumber;
    newPool(stack).autoScaleUserSessions({ minCapacity: min, maxCapacity: max });
    Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: { Ref: 'Min' }, MaxCapacity: { Ref: 'Max' } });
  });

  // As above, for the target utilization.
  test('accepts a token targetUtilizationPercent', () => {
    const stack = newStack();
    const target = new CfnParameter(stack, 'Target', { type: 'Number' }).valueAsNumber;
    newPool(stack).autoScaleUserSessions({ minCapacity: 1, maxCapacity: 5 }).scaleOnUtilization({ targetUtilizationPercent: target });
    Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: { Ref: 'Target' } }),
    });
  });
});

describe('schedules', () => {
  const morning = scheduler.ScheduleExpression.cron({ hour: '6', minute: '30', weekDay: 'MON-FRI' });
  const evening = scheduler.ScheduleExpression.cron({ hour: '20', minute: '0' });

  /** The logical id of the role a schedule's target runs as. */
  function scheduleRoleId(template: Template, action: string): string {
    const schedules = Object.values<any>(template.findResources('AWS::Scheduler::Schedule'))
      .filter(s => JSON.stringify(s.Properties.Target.Arn).includes(`:workspaces:${action}`));
    expect(schedules.length).toBeGreaterThan(0);
    return schedules[0].Properties.Target.RoleArn['Fn::GetAtt'][0];
  }

  test.each([
    ['scheduleStart', 'startWorkspacesPool', 'Starts'],
    ['scheduleStop', 'stopWorkspacesPool', 'Stops'],
  ])('%s calls %s on the pool through EventBridge Scheduler, retrying 3 times by default', (method, action, verb) => {
    const stack = newStack();
    const pool = newPool(stack);
    (method === 'scheduleStart' ? pool.scheduleStart('Morning', morning) : pool.scheduleStop('Morning', morning));
    Template.fromStack(stack).hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 6 ? * MON-FRI *)',
      State: 'ENABLED',
      Description: `${verb} WorkSpaces pool Test/Pool`,
      Target: {
        Arn: partitionArn(`:scheduler:::aws-sdk:workspaces:${action}`),
        Input: { 'Fn::Join': ['', ['{"PoolId":"', { Ref: logicalIdOf(stack, pool.poolId) }, '"}']] },
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 3 }),
        DeadLetterConfig: Match.absent(),
      },
    });
  });

  test.each([
    ['scheduleStart', 'startWorkspacesPool', 'workspaces:StartWorkspacesPool'],
    ['scheduleStop', 'stopWorkspacesPool', 'workspaces:StopWorkspacesPool'],
  ])('%s runs as a role that may only call %s on the pool', (method, action, iamAction) => {
    const stack = newStack();
    const pool = newPool(stack);
    (method === 'scheduleStart' ? pool.scheduleStart('Morning', morning) : pool.scheduleStop('Morning', morning));
    const template = Template.fromStack(stack);
    expect(statementsOfRole(template, scheduleRoleId(template, action))).toEqual([{ Action: iamAction, Effect: 'Allow', Resource: poolArnGetAtt(pool) }]);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })] },
    });
  });

  test('the start and stop roles never allow a * resource', () => {
    const stack = newStack();
    const pool = newPool(stack);
    pool.scheduleStart('Morning', morning);
    pool.scheduleStop('Evening', evening);
    const template = Template.fromStack(stack);
    const statements = [...statementsOfRole(template, scheduleRoleId(template, 'startWorkspacesPool')),
      ...statementsOfRole(template, scheduleRoleId(template, 'stopWorkspacesPool'))];
    expect(statements).toHaveLength(2);
    expect(JSON.stringify(statements)).not.toContain('*');
  });

  test('take the retries, state, description, dead-letter queue and schedule group given', () => {
    const stack = newStack();
    const pool = newPool(stack);
    const queue = new sqs.Queue(stack, 'Dlq');
    const group = new scheduler.ScheduleGroup(stack, 'Group', { scheduleGroupName: 'desktops' });
    pool.scheduleStop('Night', evening, { retryAttempts: 5, enabled: false, description: 'Night stop', deadLetterQueue: queue, scheduleGroup: group });
    Template.fromStack(stack).hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 20 * * ? *)',
      State: 'DISABLED',
      Description: 'Night stop',
      GroupName: 'desktops',
      Target: Match.objectLike({
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 5 }),
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Dlq'), 'Arn'] } },
      }),
    });
  });

  test('accept 0 and 185 retries', () => {
    const stack = newStack();
    const pool = newPool(stack);
    pool.scheduleStart('Morning', morning, { retryAttempts: 0 });
    pool.scheduleStop('Evening', evening, { retryAttempts: 185 });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Scheduler::Schedule', { Target: Match.objectLike({ RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 0 }) }) });
    template.hasResourceProperties('AWS::Scheduler::Schedule', { Target: Match.objectLike({ RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 185 }) }) });
  });

  test('two scheduleStart calls give two schedules, named by their ids', () => {
    const stack = newStack();
    const pool = newPool(stack);
    const first = pool.scheduleStart('Morning', morning);
    const second = pool.scheduleStart('Noon', scheduler.ScheduleExpression.cron({ hour: '12', minute: '0' }));
    expect([first.node.id, second.node.id]).toEqual(['ScheduledStartMorning', 'ScheduledStartNoon']);
    const schedules = Object.values<any>(Template.fromStack(stack).findResources('AWS::Scheduler::Schedule'));
    expect(schedules.map(s => s.Properties.ScheduleExpression).sort()).toEqual(['cron(0 12 * * ? *)', 'cron(30 6 ? * MON-FRI *)']);
    expect(schedules.every(s => JSON.stringify(s.Properties.Target.Arn).includes(':workspaces:startWorkspacesPool'))).toBe(true);
  });

  test('a start and a stop schedule may share an id', () => {
    const stack = newStack();
    const pool = newPool(stack);
    const start = pool.scheduleStart('Weekdays', morning);
    const stop = pool.scheduleStop('Weekdays', evening);
    expect([start.node.id, stop.node.id]).toEqual(['ScheduledStartWeekdays', 'ScheduledStopWeekdays']);
  });

  test.each([
    ['scheduleStart', 'start'],
    ['scheduleStop', 'stop'],
  ])('adding a %s schedule before an existing one leaves the existing one\'s logical id unchanged', (method) => {
    const logicalIds = (ids: string[]) => {
      const stack = newStack();
      const pool = newPool(stack);
      const schedules = ids.map(id => (method === 'scheduleStart' ? pool.scheduleStart(id, morning) : pool.scheduleStop(id, evening)));
      return Object.fromEntries(ids.map((id, i) => [id, stack.getLogicalId(schedules[i].node.defaultChild as CfnResource)]));
    };
    const before = logicalIds(['Existing']);
    const after = logicalIds(['Added', 'Existing']);
    expect(after.Existing).toBe(before.Existing);
    expect(after.Added).not.toBe(after.Existing);
  });

  test.each([
    ['scheduleStart', 'start'],
    ['scheduleStop', 'stop'],
  ])('fails when %s is given an id already used by another %s schedule of the pool', (method, kind) => {
    const pool = newPool(newStack());
    const add = () => (method === 'scheduleStart' ? pool.scheduleStart('Morning', morning) : pool.scheduleStop('Morning', morning));
    add();
    expect(add).toThrow(new RegExp(`^\\[Test/Pool\\] \`${method}\` id must be unique among this pool's ${kind} schedules, got 'Morning' twice$`));
  });

  test('the start schedules of two pools share one role that may start exactly those two pools', () => {
    const stack = newStack();
    const a = newPool(stack, {}, 'A');
    const b = newPool(stack, {}, 'B');
    a.scheduleStart('Morning', morning);
    b.scheduleStart('Morning', morning);
    const template = Template.fromStack(stack);
    const statements = statementsOfRole(template, scheduleRoleId(template, 'startWorkspacesPool'));
    expect(statements.flatMap(s => ([] as unknown[]).concat(s.Resource))).toEqual([poolArnGetAtt(a), poolArnGetAtt(b)]);
    expect(statements.every(s => s.Action === 'workspaces:StartWorkspacesPool')).toBe(true);
  });

  // As for auto scaling: IWorkspacesPool does not declare scheduleStart/scheduleStop.
  test('work on an imported pool (a WorkspacesPoolBase)', () => {
    const stack = newStack();
    const imported = WorkspacesPool.fromPoolId(stack, 'Imported', POOL_ID);
    expect(imported).toBeInstanceOf(WorkspacesPoolBase);
    imported.scheduleStop('Evening', evening);
    Template.fromStack(stack).hasResourceProperties('AWS::Scheduler::Schedule', {
      Target: Match.objectLike({ Input: `{"PoolId":"${POOL_ID}"}` }),
    });
  });

  test.each([
    ['scheduleStart', 'StartWorkspacesPool'],
    ['scheduleStop', 'StopWorkspacesPool'],
  ])('fails when %s is called on an ALWAYS_ON pool', (method, action) => {
    const pool = newPool(newStack(), { runningMode: RunningMode.ALWAYS_ON });
    expect(() => (method === 'scheduleStart' ? pool.scheduleStart('Morning', morning) : pool.scheduleStop('Morning', morning)))
      .toThrow(new RegExp(`^\\[Test/Pool\\] A schedule calling ${action} needs \`runningMode\` AUTO_STOP.*got runningMode ALWAYS_ON$`));
  });

  test.each([[-1], [186], [1.5]])('fails when retryAttempts is %d', (retryAttempts) => {
    expect(() => newPool(newStack()).scheduleStart('Morning', morning, { retryAttempts }))
      .toThrow(new RegExp(`\`retryAttempts\` must be a whole number between 0 and 185, got ${retryAttempts}`));
  });
});

describe('token durations', () => {
  // Like the other Duration props, `timeout` and `drainTimeout` accept tokens.
  test('accepts a token drainTimeout', () => {
    const stack = newStack();
    const drain = new CfnParameter(stack, 'Drain', { type: 'Number' }).valueAsNumber;
    expect(poolProperties(newPool(stack, { drainTimeout: Duration.seconds(drain) })).DrainTimeoutSeconds).toEqual({ Ref: 'Drain' });
  });

  test('accepts a token timeout', () => {
    const stack = newStack();
    const timeout = new CfnParameter(stack, 'Timeout', { type: 'Number' }).valueAsNumber;
    expect(poolProperties(newPool(stack, { timeout: Duration.seconds(timeout) })).TimeoutSeconds).toEqual({ Ref: 'Timeout' });
  });

  test('accepts token timeout settings', () => {
    const stack = newStack();
    const seconds = new CfnParameter(stack, 'Seconds', { type: 'Number' }).valueAsNumber;
    expect(poolProperties(newPool(stack, { disconnectTimeout: Duration.seconds(seconds) })).DisconnectTimeoutInSeconds).toEqual({ Ref: 'Seconds' });
    expect(Token.isUnresolved(seconds)).toBe(true);
  });
});
