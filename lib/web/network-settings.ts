import { IResource, Resource, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CfnNetworkSettings } from 'aws-cdk-lib/aws-workspacesweb';
import { aws_workspacesweb as webRefs } from 'aws-cdk-lib/interfaces';
import { Construct, IConstruct } from 'constructs';
import { validateSecureBrowserArn } from './web-arn';
import { validationError } from '../private/errors';

/** Network settings of WorkSpaces Secure Browser: one created by `NetworkSettings` or imported. */
export interface INetworkSettings extends IResource, webRefs.INetworkSettingsRef {
  /**
   * The ARN: `arn:<partition>:workspaces-web:<region>:<account>:networkSettings/<id>`.
   *
   * @attribute
   */
  readonly networkSettingsArn: string;
}

/** Properties of `NetworkSettings`: the VPC the portal's browser sessions run in. */
export interface NetworkSettingsProps {
  /** The VPC the streaming instances' network interfaces are created in. */
  readonly vpc: ec2.IVpc;

  /**
   * The subnets of the streaming instances: 2 or 3, each in a different
   * Availability Zone. They need a route to the internet (a NAT gateway) for
   * the browser to reach public websites.
   *
   * @default - the VPC's private subnets with egress, one per Availability Zone, at most 3
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The security groups of the streaming instances: 1 to 5.
   *
   * @default - one new security group that allows all outbound traffic and no inbound traffic
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
}

/** The most subnets a network settings resource takes (CloudFormation `SubnetIds` maxItems). */
const MAX_SUBNETS = 3;
const MIN_SUBNETS = 2;
const MAX_SECURITY_GROUPS = 5;
const MIN_SECURITY_GROUPS = 1;
const SUBNET_ID = /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/;
const SECURITY_GROUP_ID = /^[\w+-]{1,128}$/;
const VPC_ID = /^vpc-[0-9a-z]*$/;

/**
 * WorkSpaces Secure Browser network settings
 * (`AWS::WorkSpacesWeb::NetworkSettings`): the VPC, subnets and security
 * groups of a portal's streaming instances. A portal with network settings
 * reaches websites through this VPC (private sites, and the internet through
 * the VPC's NAT gateway) instead of the service's own internet access.
 *
 * Security group rules for the instances go through `connections`, e.g.
 * `settings.connections.allowTo(database, ec2.Port.tcp(5432))`.
 */
export class NetworkSettings extends Resource implements INetworkSettings, ec2.IConnectable {
  /**
   * Refers to existing network settings by their ARN.
   *
   * @param scope the construct the reference is defined in
   * @param id its id, unique within scope
   * @param networkSettingsArn the ARN of the network settings
   */
  public static fromNetworkSettingsArn(scope: Construct, id: string, networkSettingsArn: string): INetworkSettings {
    validateSecureBrowserArn(scope, id, 'networkSettingsArn', 'network settings', 'networkSettings', networkSettingsArn);
    class Import extends Resource implements INetworkSettings {
      public readonly networkSettingsArn = networkSettingsArn;
      public get networkSettingsRef(): webRefs.NetworkSettingsReference {
        return { networkSettingsArn: this.networkSettingsArn };
      }
    }
    return new Import(scope, id, { environmentFromArn: networkSettingsArn });
  }

  /** The ARN. @attribute */
  public readonly networkSettingsArn: string;

  /**
   * The security group this construct created, when `securityGroups` was not given.
   */
  public readonly securityGroup?: ec2.ISecurityGroup;

  /** The streaming instances' security groups, for rules to and from other resources. */
  public readonly connections: ec2.Connections;

  /** The ids of the subnets the streaming instances run in. */
  public readonly subnetIds: string[];

  /**
   * @param scope the construct this one is defined in
   * @param id its id, unique within scope
   * @param props the VPC, subnets and security groups of the streaming instances
   */
  constructor(scope: Construct, id: string, props: NetworkSettingsProps) {
    super(scope, id);

    // Validate everything before creating anything.
    validateVpcId(this, props.vpc.vpcId);
    const { subnets, isPendingLookup } = selectSubnets(this, props);
    // Before the CLI has answered a Vpc.fromLookup, aws-cdk-lib hands the app a placeholder VPC
    // (subnet ids p-12345); the synth that makes the lookup must not fail on it. The real subnets
    // are checked on the next synth, which the CLI runs with the lookup's answer.
    if (!isPendingLookup) {
      validateSubnetCount(this, subnets);
      validateSubnetIds(this, subnets);
      validateDistinctZones(this, subnets);
    }
    if (props.securityGroups !== undefined) {
      validateSecurityGroupCount(this, props.securityGroups);
      validateSecurityGroupIds(this, props.securityGroups);
    }

    let securityGroups = props.securityGroups;
    if (securityGroups === undefined) {
      // The browser streams out to the internet and to resources in the VPC,
      // and the service reaches the instances through its own network
      // interfaces: nothing needs to connect in, everything goes out.
      this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
        vpc: props.vpc,
        allowAllOutbound: true,
        description: 'WorkSpaces Secure Browser streaming instances: all outbound (websites, VPC resources), no inbound',
      });
      securityGroups = [this.securityGroup];
    }
    this.connections = new ec2.Connections({ securityGroups });
    this.subnetIds = subnets.map(s => s.subnetId);

    const resource = new CfnNetworkSettings(this, 'Resource', {
      vpcId: props.vpc.vpcId,
      subnetIds: this.subnetIds,
      securityGroupIds: securityGroups.map(sg => sg.securityGroupId),
    });

    this.networkSettingsArn = resource.attrNetworkSettingsArn;
  }

  public get networkSettingsRef(): webRefs.NetworkSettingsReference {
    return { networkSettingsArn: this.networkSettingsArn };
  }
}

/**
 * The subnets given by `vpcSubnets`, or by default the VPC's private subnets
 * with egress, one per Availability Zone, the first 3 of them.
 */
function selectSubnets(scope: IConstruct, props: NetworkSettingsProps): { subnets: ec2.ISubnet[]; isPendingLookup: boolean } {
  if (props.vpcSubnets !== undefined) {
    const chosen = props.vpc.selectSubnets(props.vpcSubnets);
    return { subnets: chosen.subnets, isPendingLookup: chosen.isPendingLookup ?? false };
  }
  let selected: ec2.SelectedSubnets;
  try {
    selected = props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, onePerAz: true });
  } catch (e) {
    throw validationError(scope, `\`vpcSubnets\` defaults to the VPC's private subnets with egress, but VPC ${props.vpc.node.path} has none: pass \`vpcSubnets\` (${(e as Error).message})`);
  }
  return { subnets: selected.subnets.slice(0, MAX_SUBNETS), isPendingLookup: selected.isPendingLookup ?? false };
}

function validateVpcId(scope: IConstruct, vpcId: string): void {
  if (!Token.isUnresolved(vpcId) && !(VPC_ID.test(vpcId) && vpcId.length <= 255)) {
    throw validationError(scope, `\`vpc\` must have an id of the form vpc-…, got '${vpcId}'`);
  }
}

function validateSubnetCount(scope: IConstruct, subnets: ec2.ISubnet[]): void {
  if (subnets.length < MIN_SUBNETS || subnets.length > MAX_SUBNETS) {
    throw validationError(scope, `\`vpcSubnets\` must select ${MIN_SUBNETS}-${MAX_SUBNETS} subnets, got ${subnets.length}`);
  }
}

function validateSubnetIds(scope: IConstruct, subnets: ec2.ISubnet[]): void {
  for (const subnet of subnets) {
    if (!Token.isUnresolved(subnet.subnetId) && !SUBNET_ID.test(subnet.subnetId)) {
      throw validationError(scope, `\`vpcSubnets\` must select subnets with ids of the form subnet-<8 or 17 hex digits>, got '${subnet.subnetId}'`);
    }
  }
}

/** Subnets must be in different Availability Zones; subnets whose zone is unknown at synth are skipped. */
function validateDistinctZones(scope: IConstruct, subnets: ec2.ISubnet[]): void {
  const seen = new Map<string, string>();
  for (const subnet of subnets) {
    const zone = availabilityZoneOf(subnet);
    if (zone === undefined) continue;
    const other = seen.get(zone);
    if (other !== undefined) {
      throw validationError(scope, `\`vpcSubnets\` must select subnets in different Availability Zones, got ${other} and ${subnet.subnetId} both in ${zone}`);
    }
    seen.set(zone, subnet.subnetId);
  }
}

/** The subnet's zone, or undefined when it is a token or was not given on import (the getter throws then). */
function availabilityZoneOf(subnet: ec2.ISubnet): string | undefined {
  let zone: string | undefined;
  try {
    zone = subnet.availabilityZone;
  } catch {
    return undefined;
  }
  return zone === undefined || Token.isUnresolved(zone) ? undefined : zone;
}

function validateSecurityGroupCount(scope: IConstruct, securityGroups: ec2.ISecurityGroup[]): void {
  if (securityGroups.length < MIN_SECURITY_GROUPS || securityGroups.length > MAX_SECURITY_GROUPS) {
    throw validationError(scope, `\`securityGroups\` must hold ${MIN_SECURITY_GROUPS}-${MAX_SECURITY_GROUPS} security groups, got ${securityGroups.length}`);
  }
}

function validateSecurityGroupIds(scope: IConstruct, securityGroups: ec2.ISecurityGroup[]): void {
  for (const sg of securityGroups) {
    if (!Token.isUnresolved(sg.securityGroupId) && !SECURITY_GROUP_ID.test(sg.securityGroupId)) {
      throw validationError(scope, `\`securityGroups\` must hold security groups with ids of 1-128 letters, digits, '_', '+' and '-', got '${sg.securityGroupId}'`);
    }
  }
}

