import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import {
  ApplicationsFleet, ApplicationsFleetProps, ApplicationsImage, FleetType, IApplicationsFleet, ImageSource, StreamView,
} from '../../lib';
import { DEFAULT_FLEET_READINESS_TIMEOUT } from '../../lib/applications/fleet-readiness';
import { NAG_FINDINGS } from '../../lib/private/nag-findings';
import { QUERY_INTERVAL_CONTEXT, TOTAL_TIMEOUT_CONTEXT, WorkspacesProvider } from '../../lib/private/provider';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';

function newStack(): Stack {
  return new Stack(new App(), 'Test', { env: { account: ACCOUNT, region: REGION } });
}

function newFleet(props: Partial<ApplicationsFleetProps> = {}, stack = newStack()): ApplicationsFleet {
  return new ApplicationsFleet(stack, 'Fleet', {
    image: ApplicationsImage.fromImageName(stack, 'Image', 'my-image'),
    instanceType: 'stream.standard.medium',
    ...props,
  });
}

function fleetProperties(stack: Stack): Record<string, any> {
  const fleets = Object.values<any>(Template.fromStack(stack).findResources('AWS::AppStream::Fleet'));
  expect(fleets).toHaveLength(1);
  return fleets[0].Properties;
}

/** The statements of the app's own policies: every ApplicationsFleet also adds the shared provider's role. */
function appStatements(stack: Stack): any[] {
  return Object.entries<any>(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .filter(([id]) => !id.startsWith(WorkspacesProvider.ID))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
}

/** The statements of the shared provider's handler role. */
function providerStatements(stack: Stack): any[] {
  return Object.entries<any>(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .filter(([id]) => id.startsWith(`${WorkspacesProvider.ID}HandlerRole`))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
}

function newVpc(stack: Stack): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0123456789abcdef0',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
    publicSubnetIds: ['subnet-0123456789abcdef2', 'subnet-0123456789abcdef3'],
  });
}

describe('ApplicationsFleet', () => {
  test('startOnCreate false: the fleet is created stopped (no StartFleet creation policy), and its waiter is told so', () => {
    const stack = newStack();
    newFleet({ startOnCreate: false }, stack);
    const template = Template.fromStack(stack);
    const fleet = Object.values<any>(template.findResources('AWS::AppStream::Fleet'))[0];
    expect(fleet).not.toHaveProperty('CreationPolicy');
    template.hasResourceProperties('Custom::ApplicationsFleetReadiness', { StartOnCreate: false });
  });

  test('makes an ON_DEMAND fleet of 1 instance with a generated name, started by CloudFormation, and a stack associated with it', () => {
    const stack = newStack();
    newFleet({}, stack);
    const template = Template.fromStack(stack);
    const fleets = template.findResources('AWS::AppStream::Fleet');
    const [fleetId, fleet] = Object.entries<any>(fleets)[0];
    expect(fleet.CreationPolicy).toEqual({ StartFleet: true });
    expect(fleet.Properties).toEqual({
      Name: expect.stringMatching(/^TestFleet[A-Za-z0-9]*$/),
      FleetType: 'ON_DEMAND',
      InstanceType: 'stream.standard.medium',
      ImageArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:appstream:${REGION}:${ACCOUNT}:image/my-image`]] },
      ComputeCapacity: { DesiredInstances: 1 },
    });
    const [stackId, appStack] = Object.entries<any>(template.findResources('AWS::AppStream::Stack'))[0];
    expect(appStack.Properties.Name).toMatch(/^TestFleet[A-Za-z0-9]*-Stack$/);
    template.hasResourceProperties('AWS::AppStream::StackFleetAssociation', { FleetName: { Ref: fleetId }, StackName: { Ref: stackId } });
    template.resourceCountIs('AWS::EC2::SecurityGroup', 0);
  });

  test('passes every setting it is given', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('appstream.amazonaws.com') });
    newFleet({
      fleetName: 'my-fleet',
      stackName: 'my-stack',
      fleetType: FleetType.ALWAYS_ON,
      desiredInstances: 4,
      streamView: StreamView.DESKTOP,
      enableDefaultInternetAccess: true,
      role,
      domainJoin: { directoryName: 'corp.example.com', organizationalUnitDistinguishedName: 'OU=Streaming,DC=corp,DC=example,DC=com' },
      disconnectTimeout: Duration.minutes(15),
      idleDisconnectTimeout: Duration.minutes(10),
      maxUserDuration: Duration.hours(8),
    }, stack);
    expect(fleetProperties(stack)).toMatchObject({
      Name: 'my-fleet',
      FleetType: 'ALWAYS_ON',
      ComputeCapacity: { DesiredInstances: 4 },
      StreamView: 'DESKTOP',
      EnableDefaultInternetAccess: true,
      IamRoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^Role/), 'Arn'] },
      DomainJoinInfo: { DirectoryName: 'corp.example.com', OrganizationalUnitDistinguishedName: 'OU=Streaming,DC=corp,DC=example,DC=com' },
      DisconnectTimeoutInSeconds: 900,
      IdleDisconnectTimeoutInSeconds: 600,
      MaxUserDurationInSeconds: 28800,
    });
    Template.fromStack(stack).hasResourceProperties('AWS::AppStream::Stack', { Name: 'my-stack' });
  });

  test('a multi-session fleet is sized in sessions', () => {
    const stack = newStack();
    newFleet({ desiredSessions: 20, maxSessionsPerInstance: 5 }, stack);
    expect(fleetProperties(stack)).toMatchObject({ ComputeCapacity: { DesiredSessions: 20 }, MaxSessionsPerInstance: 5 });
    expect(fleetProperties(stack).ComputeCapacity).not.toHaveProperty('DesiredInstances');
  });

  test('an idle disconnect timeout of 0 turns it off', () => {
    const stack = newStack();
    newFleet({ idleDisconnectTimeout: Duration.seconds(0) }, stack);
    expect(fleetProperties(stack).IdleDisconnectTimeoutInSeconds).toBe(0);
  });

  test('waits for an imported image before the fleet uses it', () => {
    const stack = newStack();
    const image = new ApplicationsImage(stack, 'Imported', { source: ImageSource.workspacesImage('wsi-0123456789') });
    new ApplicationsFleet(stack, 'Fleet', { image, instanceType: 'stream.standard.medium' });
    const [, fleet] = Object.entries<any>(Template.fromStack(stack).findResources('AWS::AppStream::Fleet'))[0];
    expect(fleet.DependsOn).toEqual([expect.stringMatching(/^Imported/)]);
    expect(fleet.Properties.ImageArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Imported/), 'ImageArn'] });
  });

  describe('in a VPC', () => {
    test('uses the private subnets and a new security group by default', () => {
      const stack = newStack();
      const fleet = newFleet({ vpc: newVpc(stack) }, stack);
      expect(fleetProperties(stack).VpcConfig).toEqual({
        SubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
        SecurityGroupIds: [{ 'Fn::GetAtt': [expect.stringMatching(/^FleetSecurityGroup/), 'GroupId'] }],
      });
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
        SecurityGroupEgress: [{ CidrIp: '0.0.0.0/0', IpProtocol: '-1' }],
        SecurityGroupIngress: Match.absent(),
      });
      expect(fleet.connections.securityGroups).toHaveLength(1);
    });

    test('uses the subnets and security groups it is given', () => {
      const stack = newStack();
      const vpc = newVpc(stack);
      const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-0123456789abcdef0');
      newFleet({ vpc, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC }, securityGroups: [sg] }, stack);
      expect(fleetProperties(stack).VpcConfig).toEqual({
        SubnetIds: ['subnet-0123456789abcdef2', 'subnet-0123456789abcdef3'],
        SecurityGroupIds: ['sg-0123456789abcdef0'],
      });
      Template.fromStack(stack).resourceCountIs('AWS::EC2::SecurityGroup', 0);
    });
  });

  describe('validation', () => {
    test.each<[string, Partial<ApplicationsFleetProps>, RegExp]>([
      ['the fleet type is unknown', { fleetType: 'SPOT' as FleetType }, /\[Test\/Fleet\] `fleetType` must be ALWAYS_ON, ON_DEMAND or ELASTIC, got 'SPOT'/],
      ['the fleet name starts with a dash', { fleetName: '-fleet' }, /\[Test\/Fleet\] `fleetName` must be 1-101 letters.*got '-fleet'/],
      ['the fleet name is too long', { fleetName: 'f'.repeat(102) }, /`fleetName` must be 1-101 letters/],
      ['the stack name has a space', { stackName: 'my stack' }, /`stackName` must be 1-101 letters.*got 'my stack'/],
      ['the instance type is not a stream type', { instanceType: 'm5.large' }, /`instanceType` must be a WorkSpaces Applications instance type.*got 'm5.large'/],
      ['desiredInstances is negative', { desiredInstances: -1 }, /`desiredInstances` must be a whole number of 0 or more, got -1/],
      ['desiredInstances is not whole', { desiredInstances: 1.5 }, /`desiredInstances` must be a whole number of 0 or more, got 1.5/],
      ['desiredSessions is negative', { desiredSessions: -2, maxSessionsPerInstance: 2 }, /`desiredSessions` must be a whole number of 0 or more, got -2/],
      ['maxSessionsPerInstance is 0', { desiredSessions: 2, maxSessionsPerInstance: 0 }, /`maxSessionsPerInstance` must be a whole number of 1 or more, got 0/],
      ['both desiredInstances and desiredSessions are given', { desiredInstances: 2, desiredSessions: 4, maxSessionsPerInstance: 2 }, /`desiredInstances` and `desiredSessions` are exclusive/],
      ['desiredSessions has no maxSessionsPerInstance', { desiredSessions: 4 }, /`desiredSessions` needs `maxSessionsPerInstance`/],
      ['maxSessionsPerInstance has no desiredSessions', { maxSessionsPerInstance: 4 }, /`maxSessionsPerInstance` needs `desiredSessions`/],
      ['the disconnect timeout is under 60 seconds', { disconnectTimeout: Duration.seconds(59) }, /`disconnectTimeout` must be between 60 and 36000 seconds, got 59/],
      ['the disconnect timeout is over 36000 seconds (the registry schema allows more)', { disconnectTimeout: Duration.seconds(36001) }, /`disconnectTimeout` must be between 60 and 36000 seconds, got 36001/],
      ['the idle disconnect timeout is between 1 and 59 seconds', { idleDisconnectTimeout: Duration.seconds(30) }, /`idleDisconnectTimeout` must be 0 \(off\) or between 60 and 36000 seconds, got 30/],
      ['the idle disconnect timeout is over 36000 seconds', { idleDisconnectTimeout: Duration.seconds(36060) }, /`idleDisconnectTimeout` must be between 0 and 36000 seconds, got 36060/],
      ['the maximum user duration is under 600 seconds', { maxUserDuration: Duration.seconds(599) }, /`maxUserDuration` must be between 600 and 432000 seconds, got 599/],
      ['the maximum user duration is over 432000 seconds', { maxUserDuration: Duration.seconds(432001) }, /`maxUserDuration` must be between 600 and 432000 seconds, got 432001/],
      ['a timeout is not whole seconds', { maxUserDuration: Duration.millis(600500) }, /`maxUserDuration` must be a whole number of seconds/],
    ])('fails when %s', (_name, props, error) => {
      expect(() => newFleet(props)).toThrow(error);
    });

    test('fails when vpcSubnets or securityGroups come without a vpc', () => {
      expect(() => newFleet({ vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } })).toThrow(/`vpcSubnets` needs `vpc`/);
      const stack = newStack();
      const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-0123456789abcdef0');
      expect(() => newFleet({ securityGroups: [sg] }, stack)).toThrow(/`securityGroups` needs `vpc`, got 1 security group\(s\) without a vpc/);
    });

    test('fails when more than 5 security groups are given', () => {
      const stack = newStack();
      const sgs = [0, 1, 2, 3, 4, 5].map(i => ec2.SecurityGroup.fromSecurityGroupId(stack, `Sg${i}`, `sg-012345678${i}abcdef0`));
      expect(() => newFleet({ vpc: newVpc(stack), securityGroups: sgs }, stack)).toThrow(/`securityGroups` must hold 1-5 security groups, got 6/);
    });

    test('creates nothing when a rule fails', () => {
      const stack = newStack();
      expect(() => newFleet({ desiredInstances: -1, vpc: newVpc(stack) }, stack)).toThrow();
      expect(stack.node.tryFindChild('Fleet')?.node.children.map(c => c.node.id) ?? []).toEqual([]);
    });
  });

  describe('metrics', () => {
    test.each([
      ['metricActualCapacity', 'ActualCapacity', 'Average'],
      ['metricAvailableCapacity', 'AvailableCapacity', 'Average'],
      ['metricCapacityUtilization', 'CapacityUtilization', 'Average'],
      ['metricDesiredCapacity', 'DesiredCapacity', 'Average'],
      ['metricInUseCapacity', 'InUseCapacity', 'Average'],
      ['metricPendingCapacity', 'PendingCapacity', 'Average'],
      ['metricRunningCapacity', 'RunningCapacity', 'Average'],
      ['metricInsufficientCapacityError', 'InsufficientCapacityError', 'Sum'],
    ] as const)('%s is AWS/AppStream %s by fleet, %s every 5 minutes', (method, metricName, statistic) => {
      const stack = newStack();
      const fleet = newFleet({ fleetName: 'my-fleet' }, stack);
      const metric = fleet[method]();
      expect(metric.namespace).toBe('AWS/AppStream');
      expect(metric.metricName).toBe(metricName);
      expect(metric.statistic).toBe(statistic);
      expect(metric.period.toSeconds()).toBe(300);
      expect(stack.resolve(metric.dimensions)).toEqual({ Fleet: { Ref: expect.stringMatching(/^Fleet/) } });
    });

    test('metric() takes other names and options', () => {
      const fleet = ApplicationsFleet.fromFleetName(newStack(), 'Imported', 'my-fleet');
      const metric = fleet.metric('ActiveUserSessionCapacity', { statistic: 'Maximum', period: Duration.minutes(1) });
      expect(metric.dimensions).toEqual({ Fleet: 'my-fleet' });
      expect(metric.statistic).toBe('Maximum');
      expect(metric.period.toSeconds()).toBe(60);
    });
  });

  describe('grants', () => {
    test('grantStreamingUrl allows CreateStreamingURL on the stack and the fleet only', () => {
      const stack = newStack();
      const fleet = newFleet({ fleetName: 'my-fleet', stackName: 'my-stack' }, stack);
      const role = new iam.Role(stack, 'Portal', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      fleet.grantStreamingUrl(role);
      const statements = appStatements(stack);
      const arn = (type: string, ref: RegExp) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:appstream:${REGION}:${ACCOUNT}:${type}/`, { Ref: expect.stringMatching(ref) }]] });
      expect(statements).toEqual([{
        Action: 'appstream:CreateStreamingURL',
        Effect: 'Allow',
        Resource: [arn('stack', /^FleetStack/), arn('fleet', /^Fleet[0-9A-F]{8}$/)],
      }]);
    });

    test('grant() allows any action on the fleet', () => {
      const stack = newStack();
      const fleet = ApplicationsFleet.fromFleetName(stack, 'Imported', 'my-fleet');
      const role = new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
      fleet.grant(role, 'appstream:UpdateFleet');
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: { Statement: [{ Action: 'appstream:UpdateFleet', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:appstream:${REGION}:${ACCOUNT}:fleet/my-fleet`]] } }] },
      });
    });
  });

  describe('auto scaling', () => {
    test('registers the fleet\'s DesiredCapacity with the AppStream service-linked role', () => {
      const stack = newStack();
      const fleet = newFleet({}, stack);
      fleet.autoScaleCapacity({ minCapacity: 1, maxCapacity: 10 });
      Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
        ServiceNamespace: 'appstream',
        ScalableDimension: 'appstream:fleet:DesiredCapacity',
        ResourceId: { 'Fn::Join': ['', ['fleet/', { Ref: Match.stringLikeRegexp('^Fleet') }]] },
        MinCapacity: 1,
        MaxCapacity: 10,
        RoleARN: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${ACCOUNT}:role/aws-service-role/appstream.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_AppStreamFleet`]] },
      });
    });

    test('scaleOnUtilization tracks AppStreamAverageCapacityUtilization', () => {
      const stack = newStack();
      newFleet({}, stack).autoScaleCapacity({ minCapacity: 1, maxCapacity: 10 }).scaleOnUtilization({ targetUtilizationPercent: 75 });
      Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: 'AppStreamAverageCapacityUtilization' }, TargetValue: 75 },
      });
    });

    test('scaleOnSchedule adds a scheduled action', () => {
      const stack = newStack();
      newFleet({}, stack).autoScaleCapacity({ minCapacity: 1, maxCapacity: 10 })
        .scaleOnSchedule('Morning', { schedule: appscaling.Schedule.cron({ hour: '7', minute: '0', weekDay: 'MON-FRI' }), minCapacity: 5 });
      Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
        ScheduledActions: [{ ScheduledActionName: 'Morning', Schedule: 'cron(0 7 ? * MON-FRI *)', ScalableTargetAction: { MinCapacity: 5 } }],
      });
    });

    test('fails when the range is wrong, the target is out of range, or it is called twice', () => {
      expect(() => newFleet().autoScaleCapacity({ minCapacity: -1, maxCapacity: 10 })).toThrow(/\[Test\/Fleet\] `minCapacity` must be a whole number of 0 or more, got -1/);
      expect(() => newFleet().autoScaleCapacity({ minCapacity: 5, maxCapacity: 2 })).toThrow(/`maxCapacity` must be at least `minCapacity` \(5\), got 2/);
      const fleet = newFleet();
      const scaling = fleet.autoScaleCapacity({ minCapacity: 1, maxCapacity: 2 });
      expect(() => scaling.scaleOnUtilization({ targetUtilizationPercent: 0 })).toThrow(/`targetUtilizationPercent` must be more than 0 and at most 100/);
      expect(() => fleet.autoScaleCapacity({ minCapacity: 1, maxCapacity: 2 })).toThrow(/autoScaleCapacity\(\) was already called on this fleet/);
    });
  });

  describe('schedules', () => {
    const morning = scheduler.ScheduleExpression.cron({ hour: '6', minute: '30', weekDay: 'MON-FRI' });

    test.each([
      ['scheduleStart', 'startFleet', 'appstream:StartFleet', 'Starts'],
      ['scheduleStop', 'stopFleet', 'appstream:StopFleet', 'Stops'],
    ] as const)('%s calls %s through EventBridge Scheduler, allowed on the fleet\'s ARN only', (method, action, iamAction, verb) => {
      const stack = newStack();
      const fleet = newFleet({}, stack);
      fleet[method]('Morning', morning);
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'cron(30 6 ? * MON-FRI *)',
        State: 'ENABLED',
        Description: `${verb} WorkSpaces Applications fleet Test/Fleet`,
        Target: {
          Arn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:scheduler:::aws-sdk:appstream:${action}`]] },
          Input: { 'Fn::Join': ['', ['{"Name":"', { Ref: Match.stringLikeRegexp('^Fleet') }, '"}']] },
          RetryPolicy: { MaximumRetryAttempts: 3 },
        },
      });
      expect(appStatements(stack)).toEqual([{
        Action: iamAction,
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:appstream:${REGION}:${ACCOUNT}:fleet/`, { Ref: expect.stringMatching(/^Fleet/) }]] },
      }]);
    });

    test('takes retries, state and description', () => {
      const stack = newStack();
      newFleet({}, stack).scheduleStop('Evening', morning, { retryAttempts: 0, enabled: false, description: 'Evening stop' });
      Template.fromStack(stack).hasResourceProperties('AWS::Scheduler::Schedule', {
        State: 'DISABLED', Description: 'Evening stop', Target: Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 0 } }),
      });
    });

    test.each<[string, (f: IApplicationsFleet) => unknown, RegExp]>([
      ['the expression is wrong', f => f.scheduleStart('Bad', scheduler.ScheduleExpression.expression('cron(0 7 * * * *)')), /`scheduleStart\('Bad', expression\)`: a cron expression needs \?/],
      ['the id is used twice', f => { f.scheduleStop('Evening', morning); f.scheduleStop('Evening', morning); }, /`scheduleStop` id must be unique among this fleet's stop schedules, got 'Evening' twice/],
      ['retryAttempts is over 185', f => f.scheduleStart('Morning', morning, { retryAttempts: 186 }), /`retryAttempts` must be a whole number between 0 and 185, got 186/],
      ['the expression comes first (before 1.0)', f => (f.scheduleStart as any)(morning), /takes the schedule's id first/],
    ])('fails when %s', (_name, call, error) => {
      expect(() => call(newFleet())).toThrow(error);
    });
  });

  describe('readiness', () => {
    const READINESS = 'Custom::ApplicationsFleetReadiness';

    function readiness(stack: Stack): { id: string; resource: any } {
      const found = Object.entries<any>(Template.fromStack(stack).findResources(READINESS));
      expect(found).toHaveLength(1);
      return { id: found[0][0], resource: found[0][1] };
    }

    test('a readiness waiter of the shared provider watches the fleet: its name, type, image and capacity, and a 30-minute timeout', () => {
      const stack = newStack();
      newFleet({}, stack);
      const template = Template.fromStack(stack);
      const [fleetId] = Object.keys(template.findResources('AWS::AppStream::Fleet'));
      const { resource } = readiness(stack);
      expect(resource.Properties).toEqual({
        ServiceToken: { 'Fn::GetAtt': [expect.stringMatching(/^CdkWorkspacesConstructsProvider/), 'Arn'] },
        FleetName: { Ref: fleetId },
        FleetType: 'ON_DEMAND',
        ImageArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:appstream:${REGION}:${ACCOUNT}:image/my-image`]] },
        DesiredInstances: 1,
        TimeoutSeconds: DEFAULT_FLEET_READINESS_TIMEOUT.toSeconds(),
      });
      expect(DEFAULT_FLEET_READINESS_TIMEOUT.toMinutes()).toBe(30);
    });

    test('carries the fleet type and the capacity the fleet is given, in instances or in sessions', () => {
      const stack = newStack();
      newFleet({ fleetType: FleetType.ALWAYS_ON, desiredSessions: 20, maxSessionsPerInstance: 5, readinessTimeout: Duration.minutes(45) }, stack);
      expect(readiness(stack).resource.Properties).toMatchObject({ FleetType: 'ALWAYS_ON', DesiredSessions: 20, TimeoutSeconds: 2700 });
      expect(readiness(stack).resource.Properties).not.toHaveProperty('DesiredInstances');
    });

    test('depends on the fleet and its stack association: the deploy ends when users can stream', () => {
      const stack = newStack();
      newFleet({}, stack);
      const template = Template.fromStack(stack);
      const [fleetId] = Object.keys(template.findResources('AWS::AppStream::Fleet'));
      const [associationId] = Object.keys(template.findResources('AWS::AppStream::StackFleetAssociation'));
      expect(readiness(stack).resource.DependsOn).toEqual(expect.arrayContaining([fleetId, associationId]));
    });

    test('the provider role may DescribeFleets on * (no resource type) and DescribeStacks on its own stack, once however many fleets, and nothing else', () => {
      const stack = newStack();
      newFleet({}, stack);
      new ApplicationsFleet(stack, 'Second', { image: ApplicationsImage.fromImageName(stack, 'Image2', 'my-image'), instanceType: 'stream.standard.medium' });
      Template.fromStack(stack).resourceCountIs(READINESS, 2);
      const describe = providerStatements(stack).filter(st => [st.Action].flat().includes('appstream:DescribeFleets'));
      expect(describe).toEqual([{ Action: 'appstream:DescribeFleets', Effect: 'Allow', Resource: '*' }]);
      const stacks = providerStatements(stack).filter(st => [st.Action].flat().includes('cloudformation:DescribeStacks'));
      expect(stacks).toEqual([{ Action: 'cloudformation:DescribeStacks', Effect: 'Allow', Resource: { Ref: 'AWS::StackId' } }]);
      const serviceActions = providerStatements(stack).flatMap(st => [st.Action].flat()).filter((a: string) => !a.startsWith('logs:'));
      expect(serviceActions.sort()).toEqual(['appstream:DescribeFleets', 'cloudformation:DescribeStacks']);
    });

    test('acknowledges DescribeFleets on * for cdk-nag 2 and 3, with the reason', () => {
      const stack = newStack();
      newFleet({}, stack);
      const role = WorkspacesProvider.getOrCreate(stack).role;
      const acknowledged = role.node.metadata.filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map(m => m.data);
      expect(JSON.stringify(acknowledged)).toContain(NAG_FINDINGS.fleetDescribeOnAnyResource.reason);
      expect(JSON.stringify(acknowledged)).toContain('AwsSolutions-IAM5[Resource::*]');
      const [policy] = Object.entries<any>(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
        .filter(([id]) => id.startsWith(`${WorkspacesProvider.ID}HandlerRole`)).map(([, p]) => p);
      expect(policy.Metadata.cdk_nag.rules_to_suppress).toContainEqual({
        id: 'AwsSolutions-IAM5', reason: NAG_FINDINGS.fleetDescribeOnAnyResource.reason, applies_to: ['Resource::*'],
      });
      expect(NAG_FINDINGS.fleetDescribeOnAnyResource.reason).toMatch(/DescribeFleets has no resource type in the Service Authorization Reference/);
    });

    test('readinessTimeout is lowered below a shorter provider timeout when not given', () => {
      const app = new App({ context: { [TOTAL_TIMEOUT_CONTEXT]: 900, [QUERY_INTERVAL_CONTEXT]: 30 } });
      const stack = new Stack(app, 'Test', { env: { account: ACCOUNT, region: REGION } });
      newFleet({}, stack);
      expect(readiness(stack).resource.Properties.TimeoutSeconds).toBe(840);
    });

    test.each([
      [Duration.seconds(30), '30'],
      [Duration.seconds(3580), '3580'],
      [Duration.millis(90500), '90.5'],
    ])('fails when readinessTimeout is %s, before anything is made', (readinessTimeout, got) => {
      const stack = newStack();
      expect(() => newFleet({ readinessTimeout }, stack)).toThrow(new RegExp(
        `\\[Test/Fleet\\] \`readinessTimeout\` must be a whole number of seconds between 60 and 3570 \\(the provider's total timeout of 3600 s minus one query interval of 30 s\\), got ${got}`,
      ));
      expect(stack.node.tryFindChild(WorkspacesProvider.ID)).toBeUndefined();
      expect(stack.node.tryFindChild('Fleet')?.node.children.map(c => c.node.id) ?? []).toEqual([]);
    });
  });

  describe('fromFleetName', () => {
    test('refers to a fleet of the scope\'s account and Region', () => {
      const stack = newStack();
      const fleet = ApplicationsFleet.fromFleetName(stack, 'Imported', 'my-fleet');
      expect(fleet.fleetName).toBe('my-fleet');
      expect(stack.resolve(fleet.fleetArn)).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:appstream:${REGION}:${ACCOUNT}:fleet/my-fleet`]] });
      expect(fleet.env).toEqual({ account: ACCOUNT, region: REGION });
    });

    test('fails when the name is not a fleet name', () => {
      expect(() => ApplicationsFleet.fromFleetName(newStack(), 'Imported', 'my fleet')).toThrow(/\[Test\/Imported\] `fleetName` must be 1-101 letters.*got 'my fleet'/);
    });
  });
});
