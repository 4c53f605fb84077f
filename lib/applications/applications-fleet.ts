import { ArnFormat, Duration, Names, Stack, Token } from 'aws-cdk-lib';
import * as appstream from 'aws-cdk-lib/aws-appstream';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { aws_appstream as appstreamRefs } from 'aws-cdk-lib/interfaces';
import { Construct } from 'constructs';
import { associateApplication } from './application-association';
import { ApplicationsFleetBase, FleetCapacityScalingProps, IApplicationsFleet, ScalableFleetCapacity } from './applications-fleet-base';
import { ApplicationsImage, IApplicationsImage } from './applications-image';
import { validateElasticSettings, validateElasticSource, validateNotElasticSettings } from './elastic-fleet-validation';
import { FleetPlatform } from './fleet-platform';
import { addFleetReadiness, fleetReadinessTimeout } from './fleet-readiness';
import { FLEET_NAME, validateCapacityShape, validateFleetName, validateIdleDisconnect, validateInstanceType, validateWholeNumber } from './fleet-validation';
import { ImageSource } from './image-source';
import { MirroredPool, mirrorPool, mirrorSchedulesAndScaling, readPool, reportWhatStaysBehind } from './pool-successor';
import { IWorkspacesPool } from '../pool/workspaces-pool-base';
import { validationError } from '../private/errors';
import { durationSeconds } from '../private/timeouts';

/** How a fleet's instances run (CreateFleet `FleetType`). */
export enum FleetType {
  /** Instances keep running: users connect at once; every running instance is billed. */
  ALWAYS_ON = 'ALWAYS_ON',
  /** Instances start when a user connects (1-2 minutes); idle instances are billed a small hourly fee. */
  ON_DEMAND = 'ON_DEMAND',
  /**
   * A pool of instances managed by the service that streams applications
   * from app blocks, not from an image: users start streaming once the app
   * block is mounted on an instance, and each session is billed for its
   * duration (https://docs.aws.amazon.com/appstream2/latest/developerguide/fleet-type.html).
   * Needs `platform`, `maxConcurrentSessions` and a `vpc`; applications are
   * added with `addApplication`.
   */
  ELASTIC = 'ELASTIC',
}

/** What users see when they stream (CreateFleet `StreamView`). */
export enum StreamView {
  /** Only the windows of the applications users open. */
  APP = 'APP',
  /** The operating system's desktop. */
  DESKTOP = 'DESKTOP',
}

/** The Active Directory domain a fleet's instances join (CreateFleet `DomainJoinInfo`). */
export interface FleetDomainJoin {
  /** The fully qualified domain name of the directory, as registered in a WorkSpaces Applications directory config. */
  readonly directoryName: string;
  /** The distinguished name of the organizational unit for the instances' computer accounts. @default - the directory config's first OU */
  readonly organizationalUnitDistinguishedName?: string;
}

/** Properties of an `ApplicationsFleet`. */
export interface ApplicationsFleetProps {
  /**
   * The image the fleet's instances run: an `ApplicationsImage`, or one
   * referenced with `ApplicationsImage.fromImageName` / `fromImageArn`.
   * Needed unless `replaces` gives it; an Elastic fleet takes none (it
   * streams applications from app blocks: `addApplication`).
   *
   * @default - with `replaces`, the image of the pool's bundle, imported by an `ApplicationsImage` made as a child (`Image`); an Elastic fleet has no image
   */
  readonly image?: IApplicationsImage;

  /**
   * The WorkSpaces pool this fleet succeeds, in the same app (a `WorkspacesPool`,
   * not an imported one): the fleet mirrors it. Its bundle's image is imported;
   * its running mode gives the fleet type (ALWAYS_ON → ALWAYS_ON, AUTO_STOP →
   * ON_DEMAND); its desired user sessions the desired instances; its
   * disconnect, idle and maximum-duration timeouts, its schedules and its auto
   * scaling are carried over (create the fleet after the pool's schedules and
   * auto scaling); a pool kept STOPPED (`desiredState`) gives a fleet created
   * stopped (`startOnCreate: false`). Every prop given here overrides what is mirrored.
   * An Elastic fleet cannot succeed a pool (it takes no image). What a
   * fleet cannot carry over (the directory and SAML sign-in, application
   * settings persistence) is reported as info at synth, with what to do.
   *
   * @default - not a successor: `image` and the capacity are the fleet's own
   */
  readonly replaces?: IWorkspacesPool;

  /**
   * The instance type, e.g. `stream.standard.medium` (https://aws.amazon.com/appstream2/pricing/).
   * An Elastic fleet takes `stream.standard.small`, `.medium`, `.large`, `.xlarge` or `.2xlarge` (CreateFleet InstanceType).
   */
  readonly instanceType: string;

  /** The fleet type. Changing it replaces the fleet. @default FleetType.ON_DEMAND */
  readonly fleetType?: FleetType;

  /**
   * How many instances the fleet runs (a single-session fleet): a whole number, 0 or more.
   * Not for an Elastic fleet, whose instances the service manages.
   *
   * @default 1, unless `desiredSessions` makes a multi-session fleet; none for an Elastic fleet
   */
  readonly desiredInstances?: number;

  /**
   * The most users an Elastic fleet streams to at once (CreateFleet
   * `MaxConcurrentSessions`): a whole number, 1 or more. Required for an
   * Elastic fleet, refused for the other types (size those with
   * `desiredInstances` or `desiredSessions`).
   *
   * @default - none: the fleet is ALWAYS_ON or ON_DEMAND
   */
  readonly maxConcurrentSessions?: number;

  /**
   * The operating system of an Elastic fleet's instances (CreateFleet
   * `Platform`). Required for an Elastic fleet, refused for the other
   * types (they run their image's operating system).
   *
   * @default - none: the fleet is ALWAYS_ON or ON_DEMAND
   */
  readonly platform?: FleetPlatform;

  /**
   * How many user sessions a multi-session fleet provides: a whole number, 0
   * or more; needs `maxSessionsPerInstance`.
   *
   * @default - a single-session fleet sized by `desiredInstances`
   */
  readonly desiredSessions?: number;

  /**
   * The most user sessions one instance of a multi-session fleet hosts
   * (whole, 1 or more); needs `desiredSessions`.
   *
   * @default - a single-session fleet
   */
  readonly maxSessionsPerInstance?: number;

  /**
   * The fleet name: 1-101 letters, digits, `_ . -`, starting with a letter or digit. Changing it replaces the fleet.
   *
   * @default - a name generated from the construct path
   */
  readonly fleetName?: string;

  /**
   * The name of the fleet's stack (what users are entitled to and stream from), with the fleet name's rules.
   *
   * @default - a name generated from the construct path
   */
  readonly stackName?: string;

  /**
   * The VPC of the fleet's instances. Required for an Elastic fleet.
   *
   * @default - no VPC: the instances reach only the internet (with `enableDefaultInternetAccess`)
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The subnets of the fleet's instances; needs `vpc`. An Elastic fleet
   * needs at least two, in different Availability Zones (checked at synth
   * where the zones are known).
   *
   * @default - the VPC's private subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The security groups of the fleet's instances (at most 5); needs `vpc`.
   *
   * @default - with `vpc`, a new security group that allows all outbound traffic and no inbound traffic
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /** The Active Directory domain the instances join (not allowed for an Elastic fleet). @default - instances are not domain-joined */
  readonly domainJoin?: FleetDomainJoin;

  /** Whether the instances have internet access through the service (public subnets only). @default false */
  readonly enableDefaultInternetAccess?: boolean;

  /** What users see when they stream. @default StreamView.APP */
  readonly streamView?: StreamView;

  /**
   * The role the instances' applications and scripts assume (trusted by
   * `appstream.amazonaws.com`); the deploying principal must be allowed
   * `iam:PassRole` on it.
   *
   * @default - no role
   */
  readonly role?: iam.IRole;

  /** How long a disconnected user's session is kept: 60-36000 seconds. @default - the service's default (900 seconds) */
  readonly disconnectTimeout?: Duration;

  /** How long a user may be idle before being disconnected: 0 (off) or 60-36000 seconds. @default - the service's default (0, off) */
  readonly idleDisconnectTimeout?: Duration;

  /** The longest a streaming session may last: 600-432000 seconds. @default - the service's default (57600 seconds) */
  readonly maxUserDuration?: Duration;

  /**
   * How long a create or update waits for the fleet to be ready (RUNNING,
   * and for an ALWAYS_ON fleet, every desired instance running) before the
   * deploy fails with the fleet's state and capacity. At most the provider's
   * total timeout minus one query interval (59.5 minutes with the defaults).
   *
   * @default Duration.minutes(30)
   */
  readonly readinessTimeout?: Duration;

  /**
   * Whether CloudFormation starts the fleet when it creates it (the fleet's
   * CreationPolicy `StartFleet`), and the deploy waits until it runs. With
   * `false` the fleet is created STOPPED, and the deploy ends with it
   * stopped: start it with `scheduleStart`, the console or
   * `aws appstream start-fleet`. Later deploys never start or stop a fleet
   * (CloudFormation starts a fleet only when it creates it).
   *
   * @default true; with `replaces`, false when the pool's `desiredState` is STOPPED
   */
  readonly startOnCreate?: boolean;
}

/**
 * A WorkSpaces Applications (formerly AppStream 2.0) fleet with its stack:
 * `AWS::AppStream::Fleet`, `AWS::AppStream::Stack` and
 * `AWS::AppStream::StackFleetAssociation`. CloudFormation starts the fleet
 * when it creates it (the fleet's CreationPolicy `StartFleet: true`,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-creationpolicy.html),
 * but nothing says it waits until the fleet runs.
 *
 * The deploy finishes when the fleet runs: a readiness waiter of the shared
 * provider (`Custom::ApplicationsFleetReadiness`), after the fleet and its
 * stack association, reads the fleet (DescribeFleets) on every create and on
 * every update of its image or capacity until it is ready: State RUNNING
 * and, for an ALWAYS_ON fleet, as many instances running as the fleet
 * desires (its own ComputeCapacityStatus, so auto scaling cannot make the
 * wait wrong); an ON_DEMAND fleet is ready once RUNNING. A fleet that shows
 * FleetErrors (a subnet out of IP addresses, the service role missing, a
 * failed domain join, its image gone) fails the deploy with every error
 * code and message and what to do; one not ready within `readinessTimeout`
 * fails it with its state and capacity. An update that finds the fleet
 * stopped (by a schedule, or a person) completes and leaves it stopped, and
 * a rollback's update never fails (it logs what it would have failed on).
 * The waiter only reads: it never starts, stops or changes the fleet.
 *
 * An Elastic fleet (`fleetType: FleetType.ELASTIC`) has no image and no
 * capacity: it takes `platform`, `maxConcurrentSessions` and a `vpc` with
 * two subnets in different Availability Zones, the service provides its
 * instances, and `addApplication` associates the applications (aws-cdk-lib's
 * `CfnApplication` on a `CfnAppBlock`) users stream from it. Its waiter
 * waits for RUNNING, as for an ON_DEMAND fleet.
 */
export class ApplicationsFleet extends ApplicationsFleetBase implements ec2.IConnectable {
  /**
   * Refers to an existing fleet of this account and Region by its name.
   *
   * @param scope the construct the reference is defined in
   * @param id its id, unique within scope
   * @param fleetName the fleet name
   */
  public static fromFleetName(scope: Construct, id: string, fleetName: string): IApplicationsFleet {
    if (!Token.isUnresolved(fleetName) && !FLEET_NAME.test(fleetName)) {
      throw validationError(scope, `\`fleetName\` must be 1-101 letters, digits, '_', '.' and '-', starting with a letter or digit (${FLEET_NAME.source}), got '${fleetName}'`, id);
    }
    const fleetArn = fleetArnOf(scope, 'fleet', fleetName);
    class Import extends ApplicationsFleetBase {
      public readonly fleetName = fleetName;
      public readonly fleetArn = fleetArn;
    }
    return new Import(scope, id, { environmentFromArn: fleetArn });
  }

  /** The fleet name. @attribute */
  public readonly fleetName: string;
  /** The fleet ARN. @attribute */
  public readonly fleetArn: string;
  /** The name of the fleet's stack. */
  public readonly stackName: string;
  /** The ARN of the fleet's stack. */
  public readonly stackArn: string;
  /** The fleet type. */
  public readonly fleetType: FleetType;
  /** The security groups of the fleet's instances (none without `vpc`). */
  public readonly connections: ec2.Connections;

  /**
   * @param scope the construct this one is defined in
   * @param id its id, unique within scope
   * @param props the fleet's image, instance type, capacity and settings
   */
  constructor(scope: Construct, id: string, props: ApplicationsFleetProps) {
    super(scope, id, { physicalName: props.fleetName });

    // Validate everything before creating anything.
    if (props.fleetType === FleetType.ELASTIC) {
      validateElasticSource(this, props);
    }
    const pool = props.replaces ? readPool(this, props.replaces) : undefined;
    const mirrored = pool ? mirrorPool(pool) : undefined;
    const settings = mirrored ? withMirrored(props, mirrored) : props;
    const elastic = settings.fleetType === FleetType.ELASTIC;
    if (!elastic && !settings.image && !mirrored) {
      throw validationError(this, '`image` is needed unless `replaces` names the pool whose image the fleet takes (or the fleet is ELASTIC, streaming from app blocks), got neither');
    }
    const { fleetType, timeouts, readinessTimeout } = validateSettings(this, settings);

    const fleetName = settings.fleetName ?? Names.uniqueResourceName(this, { maxLength: 100, allowedSpecialCharacters: '_.-' });
    const stackName = settings.stackName ?? Names.uniqueResourceName(this, { maxLength: 94, allowedSpecialCharacters: '_.-' }) + '-Stack';
    const securityGroups = settings.vpc ? (settings.securityGroups ?? [new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: settings.vpc,
      description: `WorkSpaces Applications fleet ${fleetName}`,
      allowAllOutbound: true,
    })]) : [];
    this.connections = new ec2.Connections({ securityGroups });

    // An Elastic fleet streams from app blocks (addApplication): no image.
    const image = elastic ? undefined : settings.image ?? new ApplicationsImage(this, 'Image', { source: ImageSource.poolBundle(mirrored!.bundleId) });
    const fleet = new appstream.CfnFleet(this, 'Resource', fleetResourceProps(this, settings, { fleetName, fleetType, image, securityGroups, timeouts }));
    // CloudFormation starts the fleet once it is created, unless it is to be created stopped.
    // Elastic fleets too: neither the CreationPolicy reference
    // (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-creationpolicy.html)
    // nor StartFleet's (https://docs.aws.amazon.com/appstream2/latest/APIReference/API_StartFleet.html) excludes a fleet type.
    fleet.cfnOptions.creationPolicy = settings.startOnCreate === false ? undefined : { startFleet: true };
    if (image) {
      // The image (an import, a custom resource) must be AVAILABLE before the fleet uses it.
      fleet.node.addDependency(image);
    }

    const stack = new appstream.CfnStack(this, 'Stack', { name: stackName });
    // Ref on both: CloudFormation associates them once both exist, and removes the association first.
    const association = new appstream.CfnStackFleetAssociation(this, 'StackFleetAssociation', {
      fleetName: fleet.ref,
      stackName: stack.ref,
    });
    // The deploy ends when the fleet runs and users can stream from its stack.
    addFleetReadiness(this, { fleet, association, timeout: readinessTimeout, startOnCreate: settings.startOnCreate !== false });

    this.fleetType = fleetType;
    this.fleetName = fleet.ref;
    this.fleetArn = fleetArnOf(this, 'fleet', this.fleetName);
    this.stackName = stack.ref;
    this.stackArn = fleetArnOf(this, 'stack', this.stackName);

    if (pool && mirrored) {
      mirrorSchedulesAndScaling(this, pool);
      reportWhatStaysBehind(this, pool, mirrored);
    }
  }

  /**
   * Grants `appstream:CreateStreamingURL` on this fleet's stack and fleet:
   * the grantee can make streaming URLs that let a user stream from the fleet
   * (https://docs.aws.amazon.com/appstream2/latest/APIReference/API_CreateStreamingURL.html).
   */
  public grantStreamingUrl(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: ['appstream:CreateStreamingURL'], resourceArns: [this.stackArn, this.fleetArn] });
  }

  /**
   * Associates an application with this Elastic fleet, so that users of the
   * fleet's stack can launch it: an `AWS::AppStream::ApplicationFleetAssociation`
   * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-appstream-applicationfleetassociation.html)
   * made as a child of the fleet, its id taken from the application's path.
   * A synth error on an ALWAYS_ON or ON_DEMAND fleet (they stream the
   * applications of their image), or when the application is already
   * associated.
   *
   * @param application the application: aws-cdk-lib's `CfnApplication` (on a `CfnAppBlock`), or any reference to one
   * @returns the association, e.g. to add dependencies to it
   */
  public addApplication(application: appstreamRefs.IApplicationRef): appstream.CfnApplicationFleetAssociation {
    return associateApplication(this, application);
  }

  /**
   * Lets Application Auto Scaling set the fleet's desired capacity; a synth
   * error on an Elastic fleet, whose capacity the service manages itself
   * (https://docs.aws.amazon.com/appstream2/latest/developerguide/autoscaling.html).
   */
  public autoScaleCapacity(props: FleetCapacityScalingProps): ScalableFleetCapacity {
    if (this.fleetType === FleetType.ELASTIC) {
      throw validationError(this, 'autoScaleCapacity() is not for an Elastic fleet: WorkSpaces Applications manages an Elastic fleet\'s capacity itself, up to `maxConcurrentSessions`, ' +
        `got minCapacity ${props.minCapacity} and maxCapacity ${props.maxCapacity}`);
    }
    return super.autoScaleCapacity(props);
  }
}

/** The fleet props a pool gives, under the props given explicitly (those given win). */
function withMirrored(given: ApplicationsFleetProps, mirrored: MirroredPool): ApplicationsFleetProps {
  const explicit = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
  const multiSession = given.desiredSessions !== undefined || given.maxSessionsPerInstance !== undefined;
  return {
    fleetType: mirrored.alwaysOn ? FleetType.ALWAYS_ON : FleetType.ON_DEMAND,
    desiredInstances: multiSession ? undefined : mirrored.desiredInstances,
    disconnectTimeout: mirrored.disconnectTimeout,
    idleDisconnectTimeout: mirrored.idleDisconnectTimeout,
    maxUserDuration: mirrored.maxUserDuration,
    startOnCreate: !mirrored.stopped,
    ...explicit,
  } as ApplicationsFleetProps;
}

/** The fleet's timeouts, in the seconds CreateFleet takes. */
interface FleetTimeouts {
  readonly disconnect?: number;
  readonly idle?: number;
  readonly maxDuration?: number;
}

/** What the constructor decided: the fleet's name, type, image, security groups and timeouts. */
interface FleetResourceParts {
  readonly fleetName: string;
  readonly fleetType: FleetType;
  /** None for an Elastic fleet. */
  readonly image?: IApplicationsImage;
  readonly securityGroups: ec2.ISecurityGroup[];
  readonly timeouts: FleetTimeouts;
}

/**
 * The `AWS::AppStream::Fleet` properties. An Elastic fleet has no image and no
 * ComputeCapacity, and takes MaxConcurrentSessions and Platform
 * (https://docs.aws.amazon.com/appstream2/latest/APIReference/API_CreateFleet.html).
 */
function fleetResourceProps(scope: Construct, settings: ApplicationsFleetProps, parts: FleetResourceParts): appstream.CfnFleetProps {
  const elastic = parts.fleetType === FleetType.ELASTIC;
  return {
    name: parts.fleetName,
    fleetType: parts.fleetType,
    instanceType: settings.instanceType,
    imageArn: parts.image?.imageArn,
    computeCapacity: elastic ? undefined : settings.desiredSessions !== undefined
      ? { desiredSessions: settings.desiredSessions }
      : { desiredInstances: settings.desiredInstances ?? 1 },
    maxSessionsPerInstance: settings.maxSessionsPerInstance,
    maxConcurrentSessions: settings.maxConcurrentSessions,
    platform: settings.platform?.bind(scope).name,
    vpcConfig: settings.vpc ? {
      subnetIds: settings.vpc.selectSubnets(settings.vpcSubnets).subnetIds,
      securityGroupIds: parts.securityGroups.map(sg => sg.securityGroupId),
    } : undefined,
    domainJoinInfo: settings.domainJoin,
    enableDefaultInternetAccess: settings.enableDefaultInternetAccess,
    streamView: settings.streamView,
    iamRoleArn: settings.role?.roleArn,
    disconnectTimeoutInSeconds: parts.timeouts.disconnect,
    idleDisconnectTimeoutInSeconds: parts.timeouts.idle,
    maxUserDurationInSeconds: parts.timeouts.maxDuration,
  };
}

/** A WorkSpaces Applications ARN: `arn:<partition>:appstream:<region>:<account>:<type>/<name>`. */
function fleetArnOf(scope: Construct, resource: 'fleet' | 'stack', name: string): string {
  return Stack.of(scope).formatArn({ service: 'appstream', resource, resourceName: name, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}

/** Every rule of the props, run before anything is made; the settings in the units CreateFleet takes. */
function validateSettings(fleet: ApplicationsFleet, settings: ApplicationsFleetProps) {
  const fleetType = settings.fleetType ?? FleetType.ON_DEMAND;
  validateFleetType(fleet, fleetType);
  if (fleetType === FleetType.ELASTIC) {
    validateElasticSettings(fleet, settings);
  } else {
    validateNotElasticSettings(fleet, settings, fleetType);
  }
  validateFleetName(fleet, 'fleetName', settings.fleetName);
  validateFleetName(fleet, 'stackName', settings.stackName);
  validateInstanceType(fleet, settings.instanceType);
  validateWholeNumber(fleet, 'desiredInstances', settings.desiredInstances, 0);
  validateWholeNumber(fleet, 'desiredSessions', settings.desiredSessions, 0);
  validateWholeNumber(fleet, 'maxSessionsPerInstance', settings.maxSessionsPerInstance, 1);
  validateCapacityShape(fleet, settings.desiredInstances, settings.desiredSessions, settings.maxSessionsPerInstance);
  validateNetwork(fleet, settings);
  const disconnect = durationSeconds(fleet, 'disconnectTimeout', settings.disconnectTimeout, 60, 36000);
  const idle = durationSeconds(fleet, 'idleDisconnectTimeout', settings.idleDisconnectTimeout, 0, 36000);
  validateIdleDisconnect(fleet, idle);
  const maxDuration = durationSeconds(fleet, 'maxUserDuration', settings.maxUserDuration, 600, 432000);
  const readinessTimeout = fleetReadinessTimeout(fleet, settings.readinessTimeout);
  return { fleetType, timeouts: { disconnect, idle, maxDuration }, readinessTimeout };
}

/** CreateFleet FleetType: ALWAYS_ON, ON_DEMAND or ELASTIC. */
function validateFleetType(fleet: ApplicationsFleet, fleetType: FleetType): void {
  if (!Object.values(FleetType).includes(fleetType)) {
    throw validationError(fleet, `\`fleetType\` must be ALWAYS_ON, ON_DEMAND or ELASTIC, got '${String(fleetType)}'`);
  }
}

/** `vpcSubnets` and `securityGroups` need `vpc`; VpcConfig takes at most 5 security groups. */
function validateNetwork(fleet: ApplicationsFleet, props: ApplicationsFleetProps): void {
  if (!props.vpc && props.vpcSubnets) {
    throw validationError(fleet, '`vpcSubnets` needs `vpc`, got vpcSubnets without a vpc');
  }
  if (!props.vpc && props.securityGroups) {
    throw validationError(fleet, `\`securityGroups\` needs \`vpc\`, got ${props.securityGroups.length} security group(s) without a vpc`);
  }
  if (props.securityGroups && (props.securityGroups.length < 1 || props.securityGroups.length > 5)) {
    throw validationError(fleet, `\`securityGroups\` must hold 1-5 security groups, got ${props.securityGroups.length}`);
  }
}
