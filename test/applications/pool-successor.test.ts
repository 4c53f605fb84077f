import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import {
  ApplicationsFleet, ApplicationsImage, FleetType, PoolState, RunningMode, WorkspaceDirectory, WorkspacesPool, WorkspacesPoolProps,
} from '../../lib';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const morning = scheduler.ScheduleExpression.cron({ hour: '6', minute: '30', weekDay: 'MON-FRI' });
const evening = scheduler.ScheduleExpression.cron({ hour: '20', minute: '0' });

function newPool(props: Partial<WorkspacesPoolProps> = {}): { stack: Stack; pool: WorkspacesPool } {
  const stack = new Stack(new App(), 'Test', { env: { account: ACCOUNT, region: REGION } });
  const pool = new WorkspacesPool(stack, 'Pool', {
    directory: WorkspaceDirectory.fromDirectoryId(stack, 'Directory', 'wsd-0123456789'),
    bundleId: 'wsb-0123456789',
    desiredUserSessions: 10,
    ...props,
  });
  return { stack, pool };
}

function fleetProperties(stack: Stack): Record<string, any> {
  const fleets = Object.values<any>(Template.fromStack(stack).findResources('AWS::AppStream::Fleet'));
  expect(fleets).toHaveLength(1);
  return fleets[0].Properties;
}

function infos(fleet: ApplicationsFleet): string[] {
  return Annotations.fromStack(fleet.stack).findInfo(`/${fleet.node.path}`, Match.anyValue()).map(i => String(i.entry.data));
}

describe('ApplicationsFleet replacing a pool', () => {
  test('imports the pool\'s bundle image and mirrors an AUTO_STOP pool as an ON_DEMAND fleet of its desired sessions', () => {
    const { stack, pool } = newPool();
    new ApplicationsFleet(stack, 'Successor', { replaces: pool, instanceType: 'stream.standard.medium' });
    const template = Template.fromStack(stack);
    const images = Object.entries<any>(template.findResources('Custom::ApplicationsImage'));
    expect(images).toHaveLength(1);
    const [imageId, image] = images[0];
    expect(image.Properties).toMatchObject({ BundleId: 'wsb-0123456789' });
    expect(fleetProperties(stack)).toEqual({
      Name: expect.stringMatching(/^TestSuccessor/),
      FleetType: 'ON_DEMAND',
      InstanceType: 'stream.standard.medium',
      ImageArn: { 'Fn::GetAtt': [imageId, 'ImageArn'] },
      ComputeCapacity: { DesiredInstances: 10 },
    });
    expect(imageId).toMatch(/^SuccessorImage/);
  });

  test('an ALWAYS_ON pool gives an ALWAYS_ON fleet, with its timeouts', () => {
    const { stack, pool } = newPool({
      runningMode: RunningMode.ALWAYS_ON,
      disconnectTimeout: Duration.minutes(15),
      idleDisconnectTimeout: Duration.minutes(10),
      maxUserDuration: Duration.hours(8),
    });
    new ApplicationsFleet(stack, 'Successor', { replaces: pool, instanceType: 'stream.standard.medium' });
    expect(fleetProperties(stack)).toMatchObject({
      FleetType: 'ALWAYS_ON', DisconnectTimeoutInSeconds: 900, IdleDisconnectTimeoutInSeconds: 600, MaxUserDurationInSeconds: 28800,
    });
  });

  test('explicit props override what is mirrored', () => {
    const { stack, pool } = newPool({ runningMode: RunningMode.ALWAYS_ON, disconnectTimeout: Duration.minutes(15) });
    const image = ApplicationsImage.fromImageName(stack, 'Own', 'my-image');
    new ApplicationsFleet(stack, 'Successor', {
      replaces: pool, image, instanceType: 'stream.standard.medium', fleetType: FleetType.ON_DEMAND, desiredInstances: 3, disconnectTimeout: Duration.minutes(5),
    });
    expect(fleetProperties(stack)).toMatchObject({
      FleetType: 'ON_DEMAND',
      ComputeCapacity: { DesiredInstances: 3 },
      DisconnectTimeoutInSeconds: 300,
      ImageArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:appstream:${REGION}:${ACCOUNT}:image/my-image`]] },
    });
    Template.fromStack(stack).resourceCountIs('Custom::ApplicationsImage', 0);
  });

  test('a pool kept STOPPED gives a fleet created stopped: no StartFleet creation policy, and a waiter that accepts it stopped', () => {
    const { stack, pool } = newPool({ desiredState: PoolState.STOPPED });
    new ApplicationsFleet(stack, 'Successor', { replaces: pool, instanceType: 'stream.standard.medium' });
    const template = Template.fromStack(stack);
    const fleets = Object.values<any>(template.findResources('AWS::AppStream::Fleet'));
    expect(fleets[0]).not.toHaveProperty('CreationPolicy');
    template.hasResourceProperties('Custom::ApplicationsFleetReadiness', { StartOnCreate: false });
  });

  test('a RUNNING pool gives a fleet CloudFormation starts; startOnCreate given explicitly wins over the pool\'s STOPPED', () => {
    const running = newPool();
    new ApplicationsFleet(running.stack, 'Successor', { replaces: running.pool, instanceType: 'stream.standard.medium' });
    const started = Object.values<any>(Template.fromStack(running.stack).findResources('AWS::AppStream::Fleet'))[0];
    expect(started.CreationPolicy).toEqual({ StartFleet: true });
    Template.fromStack(running.stack).hasResourceProperties('Custom::ApplicationsFleetReadiness', { StartOnCreate: Match.absent() });

    const stopped = newPool({ desiredState: PoolState.STOPPED });
    new ApplicationsFleet(stopped.stack, 'Successor', { replaces: stopped.pool, instanceType: 'stream.standard.medium', startOnCreate: true });
    expect(Object.values<any>(Template.fromStack(stopped.stack).findResources('AWS::AppStream::Fleet'))[0].CreationPolicy).toEqual({ StartFleet: true });
  });

  test('a multi-session capacity given explicitly replaces the mirrored instances', () => {
    const { stack, pool } = newPool();
    new ApplicationsFleet(stack, 'Successor', { replaces: pool, instanceType: 'stream.standard.xlarge', desiredSessions: 20, maxSessionsPerInstance: 4 });
    expect(fleetProperties(stack).ComputeCapacity).toEqual({ DesiredSessions: 20 });
  });

  test('mirrors the pool\'s schedules and auto scaling', () => {
    const { stack, pool } = newPool();
    pool.scheduleStart('Morning', morning, { retryAttempts: 1 });
    pool.scheduleStop('Evening', evening);
    const scaling = pool.autoScaleUserSessions({ minCapacity: 2, maxCapacity: 50 });
    scaling.scaleOnUtilization({ targetUtilizationPercent: 75 });
    scaling.scaleOnSchedule('Rush', { schedule: appscaling.Schedule.cron({ hour: '7', minute: '0' }), minCapacity: 20 });
    const fleet = new ApplicationsFleet(stack, 'Successor', { replaces: pool, instanceType: 'stream.standard.medium' });
    const template = Template.fromStack(stack);
    for (const [action, expression, retries] of [['startFleet', 'cron(30 6 ? * MON-FRI *)', 1], ['stopFleet', 'cron(0 20 * * ? *)', 3]] as const) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: expression,
        Description: Match.stringLikeRegexp('fleet Test/Successor$'),
        Target: Match.objectLike({
          Arn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:scheduler:::aws-sdk:appstream:${action}`]] },
          RetryPolicy: { MaximumRetryAttempts: retries },
        }),
      });
    }
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ServiceNamespace: 'appstream',
      MinCapacity: 2,
      MaxCapacity: 50,
      ScheduledActions: [{ ScheduledActionName: 'Rush', Schedule: 'cron(0 7 * * ? *)', ScalableTargetAction: { MinCapacity: 20 } }],
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: 'AppStreamAverageCapacityUtilization' }, TargetValue: 75 },
    });
    expect(fleet.node.tryFindChild('ScheduledStartMorning')).toBeDefined();
  });

  test('a pool without schedules or auto scaling gives a fleet without them', () => {
    const { stack, pool } = newPool();
    new ApplicationsFleet(stack, 'Successor', { replaces: pool, instanceType: 'stream.standard.medium' });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Scheduler::Schedule', 0);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
  });

  test('reports the sign-in set-up as info, and application settings persistence when the pool has it', () => {
    const plain = newPool();
    const without = new ApplicationsFleet(plain.stack, 'Successor', { replaces: plain.pool, instanceType: 'stream.standard.medium' });
    expect(infos(without)).toEqual([expect.stringMatching(/^Users of the pool 'Test\/Pool' sign in through its WorkSpaces directory and SAML identity provider.*relay state/)]);

    const persisting = newPool({ applicationSettings: { persistence: true } });
    const withSettings = new ApplicationsFleet(persisting.stack, 'Successor', { replaces: persisting.pool, instanceType: 'stream.standard.medium' });
    expect(infos(withSettings)).toEqual([
      expect.stringMatching(/^Users of the pool/),
      expect.stringMatching(/^The pool 'Test\/Pool' persists users' application settings.*turn on application settings persistence on the stack/),
    ]);
  });

  test('a fleet that replaces no pool reports nothing', () => {
    const { stack } = newPool();
    const fleet = new ApplicationsFleet(stack, 'Fleet', { image: ApplicationsImage.fromImageName(stack, 'Image', 'my-image'), instanceType: 'stream.standard.medium' });
    expect(infos(fleet)).toEqual([]);
  });

  test('the pool and its successor share one provider', () => {
    const { stack, pool } = newPool();
    new ApplicationsFleet(stack, 'Successor', { replaces: pool, instanceType: 'stream.standard.medium', vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 }) });
    expect(Object.keys(Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine'))).toHaveLength(1);
  });

  test('fails when the pool is imported', () => {
    const { stack } = newPool();
    const imported = WorkspacesPool.fromPoolId(stack, 'Imported', 'wspool-abc123def');
    expect(() => new ApplicationsFleet(stack, 'Successor', { replaces: imported, instanceType: 'stream.standard.medium' }))
      .toThrow(/\[Test\/Successor\] `replaces` must be a pool made with `new WorkspacesPool` in this app: an imported pool .* got 'Test\/Imported'/);
  });

  test('fails when neither image nor replaces is given', () => {
    const { stack } = newPool();
    expect(() => new ApplicationsFleet(stack, 'Fleet', { instanceType: 'stream.standard.medium' }))
      .toThrow(/\[Test\/Fleet\] `image` is needed unless `replaces` names the pool/);
  });

  test('fails when the pool gains a schedule after its successor was created', () => {
    const { stack, pool } = newPool();
    new ApplicationsFleet(stack, 'Successor', { replaces: pool, instanceType: 'stream.standard.medium' });
    pool.scheduleStop('Evening', evening);
    expect(() => Template.fromStack(stack)).toThrow(/The pool 'Test\/Pool' gained schedules or auto scaling after its successor 'Test\/Successor' was created/);
  });

  test('fails when a mirrored idle timeout is one a fleet refuses', () => {
    const { stack, pool } = newPool({ idleDisconnectTimeout: Duration.seconds(30) });
    expect(() => new ApplicationsFleet(stack, 'Successor', { replaces: pool, instanceType: 'stream.standard.medium' }))
      .toThrow(/`idleDisconnectTimeout` must be 0 \(off\) or between 60 and 36000 seconds, got 30/);
  });
});
