import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { INetworkSettings, NetworkSettings, NetworkSettingsProps } from '../../lib/web/network-settings';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const ARN = `arn:aws:workspaces-web:${REGION}:${ACCOUNT}:networkSettings/12345678-1234-1234-1234-123456789012`;

function newStack(): Stack {
  return new Stack(new App(), 'Test', { env: { account: ACCOUNT, region: REGION } });
}

function newVpc(stack: Stack, props: ec2.VpcProps = {}): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', props);
}

function settingsProperties(stack: Stack): Record<string, any> {
  const resources = Template.fromStack(stack).findResources('AWS::WorkSpacesWeb::NetworkSettings');
  const values = Object.values<any>(resources);
  expect(values).toHaveLength(1);
  return values[0].Properties;
}

function importedSubnet(stack: Stack, id: string, subnetId: string, availabilityZone: string): ec2.ISubnet {
  return ec2.Subnet.fromSubnetAttributes(stack, id, { subnetId, availabilityZone });
}

function importedVpc(stack: Stack): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
    vpcId: 'vpc-0123456789abcdef0',
    availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  });
}

function sg(stack: Stack, n: number): ec2.ISecurityGroup {
  return ec2.SecurityGroup.fromSecurityGroupId(stack, `Sg${n}`, `sg-0000000000000000${n}`);
}

function newSettings(stack: Stack, props: Partial<NetworkSettingsProps> = {}): NetworkSettings {
  return new NetworkSettings(stack, 'Network', { vpc: props.vpc ?? newVpc(stack), ...props });
}

describe('NetworkSettings', () => {
  test('defaults to the private subnets of a default 3-AZ VPC, one per AZ, and a new security group', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    const settings = newSettings(stack, { vpc });

    const props = settingsProperties(stack);
    expect(props.VpcId).toEqual(stack.resolve(vpc.vpcId));
    expect(props.SubnetIds).toEqual(stack.resolve(vpc.privateSubnets.map(s => s.subnetId)));
    expect(props.SubnetIds).toHaveLength(3);
    expect(props.SecurityGroupIds).toEqual([stack.resolve(settings.securityGroup!.securityGroupId)]);
  });

  test('the default security group allows all outbound traffic and no inbound traffic', () => {
    const stack = newStack();
    newSettings(stack);

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupEgress: [{ CidrIp: '0.0.0.0/0', IpProtocol: '-1' }],
      SecurityGroupIngress: Match.absent(),
    });
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  test('takes at most 3 private subnets by default from a VPC in more zones', () => {
    const stack = new Stack(new App({
      context: { [`availability-zones:account=${ACCOUNT}:region=${REGION}`]: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c', 'eu-west-1d'] },
    }), 'Test', { env: { account: ACCOUNT, region: REGION } });
    const vpc = newVpc(stack, { maxAzs: 4 });
    expect(vpc.privateSubnets).toHaveLength(4);
    newSettings(stack, { vpc });

    expect(settingsProperties(stack).SubnetIds).toEqual(stack.resolve(vpc.privateSubnets.slice(0, 3).map(s => s.subnetId)));
  });

  test('uses the given subnets and security groups, and creates no security group', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    const settings = newSettings(stack, {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroups: [sg(stack, 1), sg(stack, 2)],
    });

    const props = settingsProperties(stack);
    expect(props.SubnetIds).toEqual(stack.resolve(vpc.publicSubnets.map(s => s.subnetId)));
    expect(props.SecurityGroupIds).toEqual(['sg-00000000000000001', 'sg-00000000000000002']);
    expect(settings.securityGroup).toBeUndefined();
    expect(settings.connections.securityGroups.map(g => g.securityGroupId)).toEqual(['sg-00000000000000001', 'sg-00000000000000002']);
    Template.fromStack(stack).resourceCountIs('AWS::EC2::SecurityGroup', 0);
  });

  test('connections adds rules to the created security group', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    const settings = newSettings(stack, { vpc });
    const db = new ec2.SecurityGroup(stack, 'Db', { vpc });
    settings.connections.allowTo(db, ec2.Port.tcp(5432));

    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: stack.resolve(db.securityGroupId),
      SourceSecurityGroupId: stack.resolve(settings.securityGroup!.securityGroupId),
      FromPort: 5432,
    });
  });

  test('accepts imported subnets of known ids and zones', () => {
    const stack = newStack();
    newSettings(stack, {
      vpc: importedVpc(stack),
      vpcSubnets: { subnets: [importedSubnet(stack, 'A', 'subnet-0123456789abcdef0', 'eu-west-1a'), importedSubnet(stack, 'B', 'subnet-89abcdef', 'eu-west-1b')] },
      securityGroups: [sg(stack, 1)],
    });

    expect(settingsProperties(stack)).toEqual({
      VpcId: 'vpc-0123456789abcdef0',
      SubnetIds: ['subnet-0123456789abcdef0', 'subnet-89abcdef'],
      SecurityGroupIds: ['sg-00000000000000001'],
    });
  });

  test('accepts tokens for ids and subnets whose zone is unknown', () => {
    const stack = newStack();
    const subnetA = new CfnParameter(stack, 'SubnetA').valueAsString;
    const subnetB = new CfnParameter(stack, 'SubnetB').valueAsString;
    const sgId = new CfnParameter(stack, 'Sg').valueAsString;
    const vpcId = new CfnParameter(stack, 'VpcId').valueAsString;
    newSettings(stack, {
      vpc: ec2.Vpc.fromVpcAttributes(stack, 'Imported', { vpcId, availabilityZones: ['eu-west-1a', 'eu-west-1b'] }),
      vpcSubnets: {
        subnets: [
          ec2.Subnet.fromSubnetId(stack, 'A', subnetA),
          ec2.Subnet.fromSubnetAttributes(stack, 'B', { subnetId: subnetB, availabilityZone: new CfnParameter(stack, 'Zone').valueAsString }),
        ],
      },
      securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'SgT', sgId)],
    });

    expect(settingsProperties(stack)).toEqual({
      VpcId: { Ref: 'VpcId' },
      SubnetIds: [{ Ref: 'SubnetA' }, { Ref: 'SubnetB' }],
      SecurityGroupIds: [{ Ref: 'Sg' }],
    });
  });

  test('fails when fewer than 2 subnets are selected', () => {
    const stack = newStack();
    const vpc = newVpc(stack, { maxAzs: 1 });
    expect(() => newSettings(stack, { vpc })).toThrow(/`vpcSubnets` must select 2-3 subnets, got 1/);
  });

  test('fails when more than 3 subnets are given', () => {
    const stack = newStack();
    const subnets = ['a', 'b', 'c', 'a'].map((z, i) => importedSubnet(stack, `S${i}`, `subnet-0000000${i}`, `eu-west-1${z}`));
    expect(() => newSettings(stack, { vpc: importedVpc(stack), vpcSubnets: { subnets } }))
      .toThrow(/`vpcSubnets` must select 2-3 subnets, got 4/);
  });

  test('fails when two subnets share an Availability Zone', () => {
    const stack = newStack();
    const subnets = [importedSubnet(stack, 'A', 'subnet-0000000a', 'eu-west-1a'), importedSubnet(stack, 'B', 'subnet-0000000b', 'eu-west-1a')];
    expect(() => newSettings(stack, { vpc: importedVpc(stack), vpcSubnets: { subnets } }))
      .toThrow(/`vpcSubnets` must select subnets in different Availability Zones, got subnet-0000000a and subnet-0000000b both in eu-west-1a/);
  });

  test('fails when a subnet id is malformed', () => {
    const stack = newStack();
    const subnets = [importedSubnet(stack, 'A', 'subnet-0000000a', 'eu-west-1a'), importedSubnet(stack, 'B', 'subnet-XYZ', 'eu-west-1b')];
    expect(() => newSettings(stack, { vpc: importedVpc(stack), vpcSubnets: { subnets } }))
      .toThrow(/`vpcSubnets` must select subnets with ids of the form subnet-<8 or 17 hex digits>, got 'subnet-XYZ'/);
  });

  test('fails when the VPC id is malformed', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Bad', { vpcId: 'my-vpc', availabilityZones: ['eu-west-1a', 'eu-west-1b'] });
    const subnets = [importedSubnet(stack, 'A', 'subnet-0000000a', 'eu-west-1a'), importedSubnet(stack, 'B', 'subnet-0000000b', 'eu-west-1b')];
    expect(() => newSettings(stack, { vpc, vpcSubnets: { subnets } })).toThrow(/`vpc` must have an id of the form vpc-…, got 'my-vpc'/);
  });

  test('fails when the VPC has no private subnets and none are given', () => {
    const stack = newStack();
    const vpc = newVpc(stack, { subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }] });
    expect(() => newSettings(stack, { vpc })).toThrow(/`vpcSubnets` defaults to the VPC's private subnets with egress, but VPC Test\/Vpc has none: pass `vpcSubnets`/);
  });

  test('fails when no security group is given', () => {
    const stack = newStack();
    expect(() => newSettings(stack, { securityGroups: [] })).toThrow(/`securityGroups` must hold 1-5 security groups, got 0/);
  });

  test('fails when more than 5 security groups are given', () => {
    const stack = newStack();
    const groups = [1, 2, 3, 4, 5, 6].map(n => sg(stack, n));
    expect(() => newSettings(stack, { securityGroups: groups })).toThrow(/`securityGroups` must hold 1-5 security groups, got 6/);
  });

  test('fails when a security group id is malformed', () => {
    const stack = newStack();
    const bad = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Bad', 'sg 1');
    expect(() => newSettings(stack, { securityGroups: [bad] }))
      .toThrow(/`securityGroups` must hold security groups with ids of 1-128 letters, digits, '_', '\+' and '-', got 'sg 1'/);
  });

  test('validates before creating anything', () => {
    const stack = newStack();
    const vpc = newVpc(stack, { maxAzs: 1 });
    expect(() => newSettings(stack, { vpc })).toThrow(/`vpcSubnets`/);
    expect(stack.node.tryFindChild('Network')?.node.tryFindChild('SecurityGroup')).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::EC2::SecurityGroup', 0);
  });

  test('networkSettingsRef returns the ARN', () => {
    const stack = newStack();
    const settings = newSettings(stack);
    expect(stack.resolve(settings.networkSettingsRef.networkSettingsArn)).toEqual({
      'Fn::GetAtt': [stack.getLogicalId(settings.node.defaultChild as any), 'NetworkSettingsArn'],
    });
    expect(settings.networkSettingsArn).toBe(settings.networkSettingsRef.networkSettingsArn);
  });

  test('fromNetworkSettingsArn takes the environment from the ARN', () => {
    const stack = newStack();
    const other = 'arn:aws:workspaces-web:us-east-1:444455556666:networkSettings/12345678-1234-1234-1234-123456789012';
    const imported: INetworkSettings = NetworkSettings.fromNetworkSettingsArn(stack, 'Imported', other);
    expect(imported.networkSettingsArn).toBe(other);
    expect(imported.networkSettingsRef.networkSettingsArn).toBe(other);
    expect(imported.env).toEqual({ account: '444455556666', region: 'us-east-1' });
    expect(NetworkSettings.fromNetworkSettingsArn(stack, 'Same', ARN).env.region).toBe(REGION);
  });

  test('fromNetworkSettingsArn accepts a token', () => {
    const stack = newStack();
    const arn = new CfnParameter(stack, 'Arn').valueAsString;
    expect(NetworkSettings.fromNetworkSettingsArn(stack, 'Imported', arn).networkSettingsArn).toBe(arn);
  });

  test('fails when fromNetworkSettingsArn gets another resource type', () => {
    const stack = newStack();
    const bad = ARN.replace('networkSettings', 'portal');
    expect(() => NetworkSettings.fromNetworkSettingsArn(stack, 'Imported', bad))
      .toThrow(new RegExp(`\`networkSettingsArn\` must be a WorkSpaces Secure Browser network settings ARN .*got '${bad}'`));
  });
});

describe('NetworkSettings on a VPC from Vpc.fromLookup', () => {
  const env = { account: '111122223333', region: 'eu-west-1' };

  test('the synth that makes the lookup (placeholder subnets p-12345) does not fail, and asks for the VPC', () => {
    const app = new App();
    const stack = new Stack(app, 'Lookup', { env });
    const vpc = ec2.Vpc.fromLookup(stack, 'Vpc', { vpcId: 'vpc-0123456789abcdef0' });

    expect(() => new NetworkSettings(stack, 'Network', { vpc })).not.toThrow();
    expect(app.synth().getStackByName('Lookup').assembly.manifest.missing?.map(m => m.provider)).toContain('vpc-provider');
  });

  test('once the lookup is answered, the real subnets are checked as any others', () => {
    const app = new App({
      context: {
        'vpc-provider:account=111122223333:filter.vpc-id=vpc-0123456789abcdef0:region=eu-west-1:returnAsymmetricSubnets=true': {
          vpcId: 'vpc-0123456789abcdef0',
          vpcCidrBlock: '10.0.0.0/16',
          ownerAccountId: '111122223333',
          availabilityZones: [],
          subnetGroups: [{
            name: 'Private',
            type: 'Private',
            subnets: [{ subnetId: 'subnet-0123456789abcdef0', cidr: '10.0.0.0/19', availabilityZone: 'eu-west-1a', routeTableId: 'rtb-0123456789abcdef0' }],
          }],
        },
      },
    });
    const stack = new Stack(app, 'Lookup', { env });
    const vpc = ec2.Vpc.fromLookup(stack, 'Vpc', { vpcId: 'vpc-0123456789abcdef0' });

    expect(() => new NetworkSettings(stack, 'Network', { vpc })).toThrow(/`vpcSubnets` must select 2-3 subnets, got 1/);
  });
});
