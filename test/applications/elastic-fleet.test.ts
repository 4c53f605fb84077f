import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as appstream from 'aws-cdk-lib/aws-appstream';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import {
  ApplicationsFleet, ApplicationsFleetProps, ApplicationsImage, FleetPlatform, FleetType, WorkspaceDirectory, WorkspacesPool,
} from '../../lib';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';

function newStack(): Stack {
  return new Stack(new App(), 'Test', { env: { account: ACCOUNT, region: REGION } });
}

/** A VPC with two private subnets, one in each of two Availability Zones. */
function newVpc(stack: Stack): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0123456789abcdef0',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
  });
}

function elasticFleet(props: Partial<ApplicationsFleetProps> = {}, stack = newStack()): ApplicationsFleet {
  return new ApplicationsFleet(stack, 'Fleet', {
    fleetType: FleetType.ELASTIC,
    instanceType: 'stream.standard.medium',
    platform: FleetPlatform.WINDOWS_SERVER_2019,
    maxConcurrentSessions: 10,
    ...props,
    vpc: 'vpc' in props ? props.vpc : newVpc(stack),
  });
}

/** A browser as an application on an app block, the way a Secure Browser user would make it. */
function browser(stack: Stack, id = 'Chrome'): appstream.CfnApplication {
  const block = new appstream.CfnAppBlock(stack, `${id}Block`, {
    name: `${id}-block`,
    sourceS3Location: { s3Bucket: 'example-app-blocks', s3Key: `${id}/${id}.vhdx` },
    setupScriptDetails: {
      scriptS3Location: { s3Bucket: 'example-app-blocks', s3Key: `${id}/mount.ps1` },
      executablePath: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      timeoutInSeconds: 300,
    },
  });
  return new appstream.CfnApplication(stack, id, {
    name: id,
    appBlockArn: block.attrArn,
    iconS3Location: { s3Bucket: 'example-app-blocks', s3Key: `${id}/icon.png` },
    launchPath: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    platforms: ['WINDOWS_SERVER_2019'],
    instanceFamilies: ['GENERAL_PURPOSE'],
  });
}

function fleetResource(stack: Stack): Record<string, any> {
  const fleets = Object.values<any>(Template.fromStack(stack).findResources('AWS::AppStream::Fleet'));
  expect(fleets).toHaveLength(1);
  return fleets[0];
}

describe('an Elastic ApplicationsFleet', () => {
  test('takes a platform, its maximum concurrent sessions and two subnets, and neither an image nor a capacity', () => {
    const stack = newStack();
    elasticFleet({}, stack);
    const fleet = fleetResource(stack);
    expect(fleet.Properties).toEqual({
      Name: expect.stringMatching(/^TestFleet/),
      FleetType: 'ELASTIC',
      InstanceType: 'stream.standard.medium',
      Platform: 'WINDOWS_SERVER_2019',
      MaxConcurrentSessions: 10,
      VpcConfig: {
        SubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
        SecurityGroupIds: [{ 'Fn::GetAtt': [expect.stringMatching(/^FleetSecurityGroup/), 'GroupId'] }],
      },
    });
    // CloudFormation starts it as any other fleet: nothing in the CreationPolicy reference leaves Elastic fleets out.
    expect(fleet.CreationPolicy).toEqual({ StartFleet: true });
    expect(fleet.DependsOn).toBeUndefined();
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::ApplicationsImage', 0);
    template.resourceCountIs('AWS::AppStream::Stack', 1);
    template.resourceCountIs('AWS::AppStream::StackFleetAssociation', 1);
  });

  test('its readiness waiter is told the type, and no image or capacity', () => {
    const stack = newStack();
    elasticFleet({}, stack);
    const waiters = Object.values<any>(Template.fromStack(stack).findResources('Custom::ApplicationsFleetReadiness'));
    expect(waiters).toHaveLength(1);
    expect(waiters[0].Properties).toEqual({
      ServiceToken: expect.anything(),
      FleetName: { Ref: expect.stringMatching(/^Fleet/) },
      FleetType: 'ELASTIC',
      TimeoutSeconds: 1800,
    });
  });

  test('takes every platform CreateFleet lists for Elastic fleets, and one of a later release by name', () => {
    for (const platform of [FleetPlatform.WINDOWS_SERVER_2019, FleetPlatform.AMAZON_LINUX2, FleetPlatform.UBUNTU_PRO_2404, FleetPlatform.of('WINDOWS_SERVER_2025')]) {
      const stack = newStack();
      elasticFleet({ platform }, stack);
      expect(fleetResource(stack).Properties.Platform).toBe(platform.bind(stack).name);
    }
  });

  test('takes every instance type CreateFleet lists for Elastic fleets', () => {
    for (const size of ['small', 'medium', 'large', 'xlarge', '2xlarge']) {
      const stack = newStack();
      elasticFleet({ instanceType: `stream.standard.${size}` }, stack);
      expect(fleetResource(stack).Properties.InstanceType).toBe(`stream.standard.${size}`);
    }
  });

  test('two subnets whose Availability Zones synth does not know are taken (CloudFormation and the service check them)', () => {
    const stack = newStack();
    const subnets = ['subnet-0123456789abcdef4', 'subnet-0123456789abcdef5'].map((id, i) => ec2.Subnet.fromSubnetId(stack, `Subnet${i}`, id));
    elasticFleet({ vpcSubnets: { subnets } }, stack);
    expect(fleetResource(stack).Properties.VpcConfig.SubnetIds).toEqual(['subnet-0123456789abcdef4', 'subnet-0123456789abcdef5']);
  });

  test('a VPC made in the stack, over two Availability Zones, is taken', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'Streaming', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    elasticFleet({ vpc }, stack);
    expect(fleetResource(stack).Properties.VpcConfig.SubnetIds).toHaveLength(2);
  });

  test('a maximum of concurrent sessions given as a token is taken', () => {
    const stack = newStack();
    const sessions = new CfnParameter(stack, 'Sessions', { type: 'Number', default: 10 });
    elasticFleet({ maxConcurrentSessions: sessions.valueAsNumber }, stack);
    expect(fleetResource(stack).Properties.MaxConcurrentSessions).toEqual({ Ref: 'Sessions' });
  });

  test('schedules may start and stop it (the StartFleet and StopFleet references exclude no fleet type)', () => {
    const stack = newStack();
    const fleet = elasticFleet({}, stack);
    fleet.scheduleStart('Morning', scheduler.ScheduleExpression.cron({ hour: '7', minute: '0' }));
    fleet.scheduleStop('Evening', scheduler.ScheduleExpression.cron({ hour: '20', minute: '0' }));
    Template.fromStack(stack).resourceCountIs('AWS::Scheduler::Schedule', 2);
  });

  describe('validation', () => {
    test.each<[string, (stack: Stack) => Partial<ApplicationsFleetProps>, RegExp]>([
      ['an image is given', stack => ({ image: ApplicationsImage.fromImageName(stack, 'Image', 'my-image') }),
        /\[Test\/Fleet\] `image` is not taken by an Elastic fleet: Elastic fleets stream applications from app blocks.*got image 'Test\/Image' with fleetType ELASTIC/],
      ['the platform is missing', () => ({ platform: undefined }),
        /\[Test\/Fleet\] `platform` is required for an Elastic fleet \(CreateFleet Platform: FleetPlatform.WINDOWS_SERVER_2019, AMAZON_LINUX2 or UBUNTU_PRO_2404\), got none/],
      ['maxConcurrentSessions is missing', () => ({ maxConcurrentSessions: undefined }),
        /\[Test\/Fleet\] `maxConcurrentSessions` is required for an Elastic fleet .*got none/],
      ['maxConcurrentSessions is 0', () => ({ maxConcurrentSessions: 0 }), /\[Test\/Fleet\] `maxConcurrentSessions` must be a whole number of 1 or more, got 0/],
      ['maxConcurrentSessions is not whole', () => ({ maxConcurrentSessions: 2.5 }), /`maxConcurrentSessions` must be a whole number of 1 or more, got 2.5/],
      ['desiredInstances is given', () => ({ desiredInstances: 2 }),
        /\[Test\/Fleet\] `desiredInstances` is not taken by an Elastic fleet: the service manages an Elastic fleet's instances .*size it with `maxConcurrentSessions`, got desiredInstances 2/],
      ['desiredSessions is given', () => ({ desiredSessions: 20, maxSessionsPerInstance: 2 }), /`desiredSessions` is not taken by an Elastic fleet.*got desiredSessions 20/],
      ['maxSessionsPerInstance is given', () => ({ maxSessionsPerInstance: 2 }), /`maxSessionsPerInstance` is not taken by an Elastic fleet.*got maxSessionsPerInstance 2/],
      ['there is no VPC', () => ({ vpc: undefined }),
        /\[Test\/Fleet\] `vpc` is required for an Elastic fleet \(CreateFleet VpcConfig: at least two subnets in different Availability Zones\), got none/],
      ['one subnet is selected', stack => ({ vpcSubnets: { subnets: [ec2.Subnet.fromSubnetAttributes(stack, 'Subnet', { subnetId: 'subnet-0123456789abcdef0', availabilityZone: 'eu-west-1a' })] } }),
        /\[Test\/Fleet\] `vpcSubnets` must select at least two subnets in different Availability Zones for an Elastic fleet, got 1 subnet\(s\) in 1 Availability Zone\(s\) \(eu-west-1a\)/],
      ['two subnets in one Availability Zone are selected', stack => ({
        vpcSubnets: {
          subnets: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'].map((subnetId, i) => ec2.Subnet.fromSubnetAttributes(stack, `Subnet${i}`, { subnetId, availabilityZone: 'eu-west-1a' })),
        },
      }), /`vpcSubnets` must select at least two subnets in different Availability Zones for an Elastic fleet, got 2 subnet\(s\) in 1 Availability Zone\(s\) \(eu-west-1a\)/],
      ['one subnet of an unknown Availability Zone is selected', stack => ({ vpcSubnets: { subnets: [ec2.Subnet.fromSubnetId(stack, 'Subnet', 'subnet-0123456789abcdef0')] } }),
        /`vpcSubnets` must select at least two subnets in different Availability Zones for an Elastic fleet, got 1 subnet\(s\)$/],
      ['the instances would join a domain', () => ({ domainJoin: { directoryName: 'corp.example.com' } }),
        /\[Test\/Fleet\] `domainJoin` is not allowed for an Elastic fleet \(CreateFleet DomainJoinInfo\), got directoryName 'corp.example.com'/],
      ['the instance type is not one CreateFleet lists for Elastic fleets', () => ({ instanceType: 'stream.compute.large' }),
        /\[Test\/Fleet\] `instanceType` of an Elastic fleet must be one of stream.standard.small, stream.standard.medium, stream.standard.large, stream.standard.xlarge, stream.standard.2xlarge \(CreateFleet InstanceType\), got 'stream.compute.large'/],
    ])('fails when %s', (_name, props, error) => {
      const stack = newStack();
      expect(() => elasticFleet(props(stack), stack)).toThrow(error);
    });

    test('fails when it would succeed a pool: a pool\'s image cannot be used by an Elastic fleet', () => {
      const stack = newStack();
      const pool = new WorkspacesPool(stack, 'Pool', {
        directory: WorkspaceDirectory.fromDirectoryId(stack, 'Directory', 'wsd-0123456789'),
        bundleId: 'wsb-0123456789',
        desiredUserSessions: 10,
      });
      expect(() => elasticFleet({ replaces: pool }, stack))
        .toThrow(/\[Test\/Fleet\] `replaces` cannot make an Elastic fleet: a pool's image cannot be used by an Elastic fleet, which streams applications from app blocks; .*got replaces 'Test\/Pool' with fleetType ELASTIC/);
    });

    test.each<[string, Partial<ApplicationsFleetProps>, RegExp]>([
      ['maxConcurrentSessions', { maxConcurrentSessions: 10 },
        /\[Test\/Fleet\] `maxConcurrentSessions` is only for an Elastic fleet .*size an ALWAYS_ON or ON_DEMAND fleet with `desiredInstances` or `desiredSessions`, got maxConcurrentSessions 10 with fleetType ON_DEMAND/],
      ['platform', { platform: FleetPlatform.AMAZON_LINUX2 },
        /\[Test\/Fleet\] `platform` is only for an Elastic fleet: an ALWAYS_ON or ON_DEMAND fleet runs the operating system of its image, got platform AMAZON_LINUX2 with fleetType ON_DEMAND/],
    ])('an ON_DEMAND fleet refuses %s', (_name, props, error) => {
      const stack = newStack();
      expect(() => new ApplicationsFleet(stack, 'Fleet', {
        image: ApplicationsImage.fromImageName(stack, 'Image', 'my-image'),
        instanceType: 'stream.standard.medium',
        ...props,
      })).toThrow(error);
    });

    test('autoScaleCapacity fails: the service manages an Elastic fleet\'s capacity', () => {
      const fleet = elasticFleet();
      expect(() => fleet.autoScaleCapacity({ minCapacity: 1, maxCapacity: 10 }))
        .toThrow(/\[Test\/Fleet\] autoScaleCapacity\(\) is not for an Elastic fleet: WorkSpaces Applications manages an Elastic fleet's capacity itself, up to `maxConcurrentSessions`, got minCapacity 1 and maxCapacity 10/);
      expect(fleet.node.tryFindChild('CapacityScaling')).toBeUndefined();
    });

    test('creates nothing when a rule fails', () => {
      const stack = newStack();
      expect(() => elasticFleet({ desiredInstances: 1 }, stack)).toThrow();
      expect(stack.node.tryFindChild('Fleet')?.node.children.map(c => c.node.id) ?? []).toEqual([]);
    });
  });

  describe('addApplication', () => {
    test('associates the application with the fleet: its ARN (the Ref of a CfnApplication) and the fleet\'s name', () => {
      const stack = newStack();
      const fleet = elasticFleet({}, stack);
      const chrome = browser(stack);
      const association = fleet.addApplication(chrome);
      expect(association.node.scope).toBe(fleet);
      const associations = Object.values<any>(Template.fromStack(stack).findResources('AWS::AppStream::ApplicationFleetAssociation'));
      expect(associations).toEqual([{
        Type: 'AWS::AppStream::ApplicationFleetAssociation',
        Properties: {
          ApplicationArn: { Ref: stack.getLogicalId(chrome) },
          FleetName: { Ref: stack.getLogicalId(fleet.node.defaultChild as appstream.CfnFleet) },
        },
      }]);
    });

    test('the association\'s id comes from the application, not from the order of the calls', () => {
      const idOfFirefox = (withChrome: boolean): string => {
        const stack = newStack();
        const fleet = elasticFleet({}, stack);
        if (withChrome) fleet.addApplication(browser(stack, 'Chrome'));
        return stack.getLogicalId(fleet.addApplication(browser(stack, 'Firefox')));
      };
      expect(idOfFirefox(true)).toBe(idOfFirefox(false));
      const stack = newStack();
      const fleet = elasticFleet({}, stack);
      fleet.addApplication(browser(stack, 'Chrome'));
      fleet.addApplication(browser(stack, 'Firefox'));
      Template.fromStack(stack).resourceCountIs('AWS::AppStream::ApplicationFleetAssociation', 2);
    });

    test('fails when the application is added twice', () => {
      const stack = newStack();
      const fleet = elasticFleet({}, stack);
      const chrome = browser(stack);
      fleet.addApplication(chrome);
      expect(() => fleet.addApplication(chrome))
        .toThrow(/\[Test\/Fleet\] addApplication\(\) was already called with this application: an application is associated with a fleet once, got application 'Test\/Chrome' again/);
    });

    test('fails on an ALWAYS_ON or ON_DEMAND fleet: it streams the applications of its image', () => {
      const stack = newStack();
      const fleet = new ApplicationsFleet(stack, 'Fleet', {
        image: ApplicationsImage.fromImageName(stack, 'Image', 'my-image'),
        instanceType: 'stream.standard.medium',
        fleetType: FleetType.ALWAYS_ON,
      });
      expect(() => fleet.addApplication(browser(stack)))
        .toThrow(/\[Test\/Fleet\] addApplication\(\) needs an Elastic fleet: .*an ALWAYS_ON fleet streams the applications of its image; .*got application 'Test\/Chrome' on a fleet of type ALWAYS_ON/);
      Template.fromStack(stack).resourceCountIs('AWS::AppStream::ApplicationFleetAssociation', 0);
    });
  });
});

describe('FleetPlatform', () => {
  test('of() takes a CreateFleet Platform value and refuses anything else, naming the factory', () => {
    expect(FleetPlatform.of('WINDOWS_SERVER_2025').bind(new Stack()).name).toBe('WINDOWS_SERVER_2025');
    expect(() => FleetPlatform.of('windows')).toThrow(/^\[FleetPlatform.of\] `name` must be a CreateFleet Platform value: upper-case letters, digits and '_' .*got 'windows'$/);
  });
});
