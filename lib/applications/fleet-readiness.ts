import { CustomResource, Duration, IResolvable, Stack, Token } from 'aws-cdk-lib';
import * as appstream from 'aws-cdk-lib/aws-appstream';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { acknowledgeNagFindings } from '../private/nag';
import { NAG_FINDINGS } from '../private/nag-findings';
import { WorkspacesProvider } from '../private/provider';
import { FLEET_READINESS_RESOURCE_TYPE } from '../private/resource-types';
import { operationTimeout } from '../private/timeouts';

/**
 * The construct side of `Custom::ApplicationsFleetReadiness` (handler:
 * lambda/applications/fleet-readiness.ts): its timeout, its properties and
 * dependencies, and the handler's one permission.
 */

/** The readiness wait when `readinessTimeout` is not given: instances of a new fleet take minutes to start, 15-20 for a large one. */
export const DEFAULT_FLEET_READINESS_TIMEOUT = Duration.minutes(30);

/** `readinessTimeout`: the shared rule of operation timeouts (at most the provider's total timeout minus one query interval), 30 minutes by default. */
export function fleetReadinessTimeout(scope: IConstruct, timeout: Duration | undefined): Duration {
  return operationTimeout(scope, timeout, WorkspacesProvider.timings(scope), { prop: 'readinessTimeout', defaultTimeout: DEFAULT_FLEET_READINESS_TIMEOUT });
}

export interface FleetReadinessOptions {
  /** The fleet waited for: its name, type, image and capacity are the waiter's properties. */
  readonly fleet: appstream.CfnFleet;
  /** The association of the fleet with its stack: users stream once it exists. */
  readonly association: appstream.CfnStackFleetAssociation;
  readonly timeout: Duration;
  /** Whether CloudFormation starts the fleet when it creates it: if not, a stopped fleet ends the Create's wait. */
  readonly startOnCreate: boolean;
}

/**
 * The readiness waiter of `options.fleet`, as the child `Readiness` of
 * `scope`. Its properties carry the fleet's image ARN and desired capacity
 * although the handler reads the fleet's own figures: a change of either
 * makes CloudFormation update the waiter, so the deploy waits for the fleet
 * again. It depends on the fleet and on the stack association.
 */
export function addFleetReadiness(scope: Construct, options: FleetReadinessOptions): CustomResource {
  const provider = WorkspacesProvider.getOrCreate(scope);
  grantFleetReadinessHandler(provider);
  const capacity = capacityOf(options.fleet.computeCapacity);
  const readiness = new CustomResource(scope, 'Readiness', {
    serviceToken: provider.serviceToken,
    resourceType: FLEET_READINESS_RESOURCE_TYPE,
    properties: {
      FleetName: options.fleet.ref,
      FleetType: options.fleet.fleetType,
      ImageArn: options.fleet.imageArn,
      DesiredInstances: capacity?.desiredInstances,
      DesiredSessions: capacity?.desiredSessions,
      // Written only when false: the handler reads an absent value as true.
      StartOnCreate: options.startOnCreate ? undefined : false,
      TimeoutSeconds: options.timeout.toSeconds(),
    },
  });
  readiness.node.addDependency(options.fleet, options.association);
  return readiness;
}

function capacityOf(capacity: appstream.CfnFleet['computeCapacity']): appstream.CfnFleet.ComputeCapacityProperty | undefined {
  return capacity === undefined || Token.isUnresolved(capacity) ? undefined : capacity as Exclude<typeof capacity, IResolvable>;
}

const GRANTED = new WeakSet<WorkspacesProvider>();

/**
 * What the waiter reads, once per provider. The Service Authorization
 * Reference, "Actions, resources, and condition keys for Amazon AppStream 2.0"
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonappstream2.0.html),
 * lists DescribeFleets with no resource type: it is granted on `*`, and the
 * finding acknowledged. cloudformation:DescribeStacks on its own stack only
 * tells the waiter that an Update is a rollback's (whose wait never fails).
 * The waiter is granted nothing else: it only reads.
 */
export function grantFleetReadinessHandler(provider: WorkspacesProvider): void {
  if (GRANTED.has(provider)) {
    return;
  }
  GRANTED.add(provider);
  provider.addToRolePolicy(new iam.PolicyStatement({ actions: ['appstream:DescribeFleets'], resources: ['*'] }));
  provider.addToRolePolicy(new iam.PolicyStatement({ actions: ['cloudformation:DescribeStacks'], resources: [Stack.of(provider).stackId] }));
  acknowledgeNagFindings(provider.role, NAG_FINDINGS.fleetDescribeOnAnyResource, ['Resource::*']);
}
