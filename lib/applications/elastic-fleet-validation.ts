import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import type { FleetPlatform } from './fleet-platform';
import { validateWholeNumber } from './fleet-validation';
import { validationError } from '../private/errors';

/*
 * Synth-time checks of what separates an Elastic fleet from an Always-On or
 * On-Demand one, one function per rule, each naming the construct, the prop,
 * the rule and the value. The rules are CreateFleet's
 * (https://docs.aws.amazon.com/appstream2/latest/APIReference/API_CreateFleet.html):
 * ImageName/ImageArn give an Always-On or On-Demand fleet its applications,
 * an Elastic fleet streams them from app blocks; ComputeCapacity "is not
 * allowed for Elastic fleets"; MaxConcurrentSessions "is required for Elastic
 * fleets, and not allowed for other fleet types"; VpcConfig "is required for
 * Elastic fleets ... Elastic fleets require that you specify at least two
 * subnets in different availability zones"; DomainJoinInfo "is not allowed for
 * Elastic fleets"; InstanceType lists the instance types "available for
 * Elastic fleets". The console asks for a platform only for an Elastic fleet
 * (https://docs.aws.amazon.com/appstream2/latest/developerguide/set-up-stacks-fleets-create.html):
 * the other types run their image's operating system.
 */

/** CreateFleet InstanceType: "The following instance types are available for Elastic fleets". */
export const ELASTIC_INSTANCE_TYPES: readonly string[] = [
  'stream.standard.small',
  'stream.standard.medium',
  'stream.standard.large',
  'stream.standard.xlarge',
  'stream.standard.2xlarge',
];

/** The props of an ApplicationsFleet these rules read (structurally: no import of applications-fleet.ts). */
export interface FleetTypeProps {
  readonly image?: IConstruct;
  readonly replaces?: IConstruct;
  readonly platform?: FleetPlatform;
  readonly maxConcurrentSessions?: number;
  readonly desiredInstances?: number;
  readonly desiredSessions?: number;
  readonly maxSessionsPerInstance?: number;
  readonly vpc?: ec2.IVpc;
  readonly vpcSubnets?: ec2.SubnetSelection;
  readonly domainJoin?: { readonly directoryName: string };
  readonly instanceType: string;
}

/** An Elastic fleet takes no image and succeeds no pool: checked before the pool is read. */
export function validateElasticSource(scope: IConstruct, props: FleetTypeProps): void {
  if (props.replaces) {
    throw validationError(scope, '`replaces` cannot make an Elastic fleet: a pool\'s image cannot be used by an Elastic fleet, which streams applications from app blocks; ' +
      `leave \`fleetType\` out (the pool's running mode gives ALWAYS_ON or ON_DEMAND) or make the Elastic fleet without \`replaces\`, got replaces '${props.replaces.node.path}' with fleetType ELASTIC`);
  }
  if (props.image) {
    throw validationError(scope, '`image` is not taken by an Elastic fleet: Elastic fleets stream applications from app blocks (CfnAppBlock and CfnApplication, associated with `addApplication`), not from an image, ' +
      `got image '${props.image.node.path}' with fleetType ELASTIC`);
  }
}

/** Every rule of an Elastic fleet's props but its source (validateElasticSource). */
export function validateElasticSettings(scope: IConstruct, props: FleetTypeProps): void {
  validatePlatformGiven(scope, props.platform);
  validateMaxConcurrentSessions(scope, props.maxConcurrentSessions);
  refuseCapacity(scope, props);
  validateElasticNetwork(scope, props.vpc, props.vpcSubnets);
  refuseDomainJoin(scope, props.domainJoin);
  validateElasticInstanceType(scope, props.instanceType);
}

/** `platform` and `maxConcurrentSessions` are an Elastic fleet's: refused on the other types. */
export function validateNotElasticSettings(scope: IConstruct, props: FleetTypeProps, fleetType: string): void {
  if (props.maxConcurrentSessions !== undefined) {
    throw validationError(scope, '`maxConcurrentSessions` is only for an Elastic fleet (CreateFleet MaxConcurrentSessions is not allowed for other fleet types): ' +
      `size an ALWAYS_ON or ON_DEMAND fleet with \`desiredInstances\` or \`desiredSessions\`, got maxConcurrentSessions ${props.maxConcurrentSessions} with fleetType ${fleetType}`);
  }
  if (props.platform !== undefined) {
    throw validationError(scope, '`platform` is only for an Elastic fleet: an ALWAYS_ON or ON_DEMAND fleet runs the operating system of its image, ' +
      `got platform ${props.platform.bind(scope).name} with fleetType ${fleetType}`);
  }
}

function validatePlatformGiven(scope: IConstruct, platform: FleetPlatform | undefined): void {
  if (platform === undefined) {
    throw validationError(scope, '`platform` is required for an Elastic fleet (CreateFleet Platform: FleetPlatform.WINDOWS_SERVER_2019, AMAZON_LINUX2 or UBUNTU_PRO_2404), got none');
  }
}

function validateMaxConcurrentSessions(scope: IConstruct, sessions: number | undefined): void {
  if (sessions === undefined) {
    throw validationError(scope, '`maxConcurrentSessions` is required for an Elastic fleet (CreateFleet MaxConcurrentSessions: the most users streaming at once), got none');
  }
  validateWholeNumber(scope, 'maxConcurrentSessions', sessions, 1);
}

/** ComputeCapacity "is not allowed for Elastic fleets": the service provides instances as users connect. */
function refuseCapacity(scope: IConstruct, props: FleetTypeProps): void {
  for (const prop of ['desiredInstances', 'desiredSessions', 'maxSessionsPerInstance'] as const) {
    const value = props[prop];
    if (value !== undefined) {
      throw validationError(scope, `\`${prop}\` is not taken by an Elastic fleet: the service manages an Elastic fleet's instances (CreateFleet ComputeCapacity is not allowed for Elastic fleets); ` +
        `size it with \`maxConcurrentSessions\`, got ${prop} ${value}`);
    }
  }
}

/** VpcConfig is required, with at least two subnets in different Availability Zones (checked where synth knows them). */
function validateElasticNetwork(scope: IConstruct, vpc: ec2.IVpc | undefined, selection: ec2.SubnetSelection | undefined): void {
  if (!vpc) {
    throw validationError(scope, '`vpc` is required for an Elastic fleet (CreateFleet VpcConfig: at least two subnets in different Availability Zones), got none');
  }
  const subnets = vpc.selectSubnets(selection).subnets;
  const zones = subnets.map(availabilityZoneOf);
  if (zones.some(zone => zone === undefined)) {
    // An Availability Zone synth does not know (a token, an imported subnet without one): only the count is checked.
    if (subnets.length < 2) {
      throw validationError(scope, `\`vpcSubnets\` must select at least two subnets in different Availability Zones for an Elastic fleet, got ${subnets.length} subnet(s)`);
    }
    return;
  }
  const distinct = [...new Set(zones)];
  if (distinct.length < 2) {
    throw validationError(scope, '`vpcSubnets` must select at least two subnets in different Availability Zones for an Elastic fleet, ' +
      `got ${subnets.length} subnet(s) in ${distinct.length} Availability Zone(s)${distinct.length > 0 ? ` (${distinct.join(', ')})` : ''}`);
  }
}

/** The subnet's Availability Zone when synth knows it; undefined for a token or an imported subnet that was not given one. */
function availabilityZoneOf(subnet: ec2.ISubnet): string | undefined {
  let zone: string;
  try {
    zone = subnet.availabilityZone;
  } catch {
    // Subnet.fromSubnetId: "You cannot reference a Subnet's availability zone if it was not supplied".
    return undefined;
  }
  return Token.isUnresolved(zone) ? undefined : zone;
}

function refuseDomainJoin(scope: IConstruct, domainJoin: { readonly directoryName: string } | undefined): void {
  if (domainJoin !== undefined) {
    throw validationError(scope, `\`domainJoin\` is not allowed for an Elastic fleet (CreateFleet DomainJoinInfo), got directoryName '${domainJoin.directoryName}'`);
  }
}

function validateElasticInstanceType(scope: IConstruct, instanceType: string): void {
  if (Token.isUnresolved(instanceType)) return;
  if (!ELASTIC_INSTANCE_TYPES.includes(instanceType)) {
    throw validationError(scope, `\`instanceType\` of an Elastic fleet must be one of ${ELASTIC_INSTANCE_TYPES.join(', ')} (CreateFleet InstanceType), got '${instanceType}'`);
  }
}
