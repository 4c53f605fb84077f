/**
 * Custom::ApplicationsFleetReadiness: what CloudFormation's
 * AWS::AppStream::Fleet does not do. Its CreationPolicy `StartFleet: true`
 * starts a new fleet
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-creationpolicy.html),
 * and nothing says CloudFormation waits until the fleet runs: a started fleet
 * can sit in STARTING with FleetErrors (no IP addresses left in its subnets,
 * the service role missing, a failed domain join). `ApplicationsFleet` makes
 * this resource beside each fleet, depending on the fleet and its
 * StackFleetAssociation, so the deploy ends when users can stream.
 *
 * - onEvent (Create, Update) returns at once with a plan; isComplete reads the
 *   fleet (DescribeFleets, https://docs.aws.amazon.com/appstream2/latest/APIReference/API_DescribeFleets.html)
 *   until it is ready: State RUNNING and, for an ALWAYS_ON fleet,
 *   ComputeCapacityStatus.Running at least ComputeCapacityStatus.Desired
 *   (the fleet's own figures, so auto scaling cannot make the wait wrong); an
 *   ON_DEMAND fleet's instances start when users connect, and an ELASTIC
 *   fleet has no desired capacity (the service provides its instances:
 *   https://docs.aws.amazon.com/appstream2/latest/developerguide/fleet-type.html),
 *   so RUNNING suffices for both.
 * - FleetErrors while not ready fail the deploy, every ErrorCode and
 *   ErrorMessage verbatim, with what to do (./fleet-messages).
 * - A STOPPED or STOPPING fleet: on a Create (or an Update that replaced the
 *   fleet, a new name) CloudFormation has just started it, so something
 *   stopped it: the wait goes on until the deadline, then fails saying so. On
 *   any other Update a schedule or a person stopped it: the update completes
 *   at once and the log says why; the deploy does not start it. A fleet
 *   created stopped (`StartOnCreate` false: no CreationPolicy StartFleet)
 *   ends the wait of its Create stopped.
 * - Throttling and other retryable failures: polled again until the deadline.
 * - A rollback's Update (the stack is UPDATE_ROLLBACK_IN_PROGRESS: the
 *   Update itself carries no sign of it) waits for the fleet the same way
 *   but never fails: FleetErrors, a missing fleet or the deadline end the
 *   wait and are logged. The forward update has already failed with the
 *   reason; failing the rollback too would leave the stack
 *   UPDATE_ROLLBACK_FAILED over a fleet the waiter cannot fix.
 *
 * The waiter only reads: it never starts, stops or changes the fleet, and a
 * Delete calls nothing (CloudFormation deletes the fleet itself).
 */
import { DescribeFleetsCommand, type AppStreamClient, type Fleet, type FleetError } from '@aws-sdk/client-appstream';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { describeRefused, describeFleetErrors, fleetFailed, fleetMissing, notReadyInTime } from './fleet-messages';
import { parseSpec, type FleetReadinessSpec } from './fleet-spec';
import { describeError, errorName, isRetryableError } from '../shared/errors';
import { VISIBILITY_GRACE_MS } from '../shared/ownership';
import { planned, readPlan, timeoutSecondsOf, type Plan } from '../shared/plan';
import { PollingHandler, type PollingHandlerOptions } from '../shared/polling-handler';
import { isRollbackStatus, stackStatus } from '../shared/stack-status';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from '../shared/types';

export const FLEET_PLAN_FIELD = 'FleetReadinessPlan';

export interface FleetReadinessPlan extends Plan {
  readonly operation: 'create' | 'update' | 'none';
  /**
   * CloudFormation has just started this fleet (a Create, or an Update to a
   * new fleet name, which replaced the fleet): a STOPPED fleet is then
   * waited for until the deadline. Otherwise a STOPPED fleet ends the wait.
   */
  readonly justStarted: boolean;
  /** The Update of a rollback: the wait ends, logged, where it would fail. */
  readonly rollback?: boolean;
}

/** The clients the waiter reads with: the fleet, and its own stack's status (a rollback). */
export interface FleetReadinessClients {
  readonly appStream: AppStreamClient;
  readonly cloudFormation: CloudFormationClient;
}

/** States in which a fleet is stopped, or on its way there. */
const STOPPED_STATES: ReadonlySet<string> = new Set(['STOPPED', 'STOPPING']);
/** An error code that only restates that the fleet is stopped (API_FleetError). */
const FLEET_STOPPED = 'FLEET_STOPPED';

export class FleetReadinessHandler extends PollingHandler {
  constructor(private readonly clients: FleetReadinessClients, options: PollingHandlerOptions = {}) {
    super('fleet', options);
  }

  // ---------------------------------------------------------------------------
  // onEvent: a plan, no call
  // ---------------------------------------------------------------------------

  protected onCreate(event: OnEventRequest): Promise<OnEventResponse> {
    const spec = parseSpec(event.ResourceProperties);
    // A fleet created stopped (startOnCreate false) was not started: stopped is then what it should be.
    return Promise.resolve(planned(spec.fleetName, FLEET_PLAN_FIELD, this.plan('create', spec, spec.startOnCreate)));
  }

  protected async onUpdate(event: OnEventRequest): Promise<OnEventResponse> {
    const spec = parseSpec(event.ResourceProperties);
    let oldName: string | undefined;
    try {
      oldName = parseSpec(event.OldResourceProperties ?? event.ResourceProperties).fleetName;
    } catch {
      // Written by another version: whether the fleet was replaced cannot be told, so a stopped fleet is not waited for.
      oldName = spec.fleetName;
    }
    const replaced = oldName !== spec.fleetName;
    if (replaced) {
      this.record(spec.fleetName, 'new-fleet', { replaces: oldName });
    }
    const rollback = await this.inRollback(event);
    return planned(spec.fleetName, FLEET_PLAN_FIELD, { ...this.plan('update', spec, replaced && spec.startOnCreate), ...(rollback ? { rollback } : {}) });
  }

  /** Whether the stack is rolling back; false when its status cannot be read (logged: the update is then waited for as any other). */
  private async inRollback(event: OnEventRequest): Promise<boolean> {
    try {
      const status = await stackStatus(this.clients.cloudFormation, event.StackId);
      if (isRollbackStatus(status)) {
        this.record(event.PhysicalResourceId, 'rollback', { stackStatus: status, reason: 'the wait of a rollback ends, logged, where it would fail' });
        return true;
      }
      return false;
    } catch (error) {
      this.record(event.PhysicalResourceId, 'stack-status-unknown', { error: describeError(error) });
      return false;
    }
  }

  protected onDelete(event: OnEventRequest): Promise<OnEventResponse> {
    // Never a call, never a failure: the waiter made nothing, and CloudFormation deletes the fleet itself.
    this.record(event.PhysicalResourceId, 'nothing-to-do', { reason: 'the readiness waiter only reads the fleet' });
    const now = this.now();
    return Promise.resolve(planned<FleetReadinessPlan>(event.PhysicalResourceId, FLEET_PLAN_FIELD, { operation: 'none', startedAt: now, deadline: now, justStarted: false }));
  }

  private plan(operation: 'create' | 'update', spec: FleetReadinessSpec, justStarted: boolean): FleetReadinessPlan {
    const startedAt = this.now();
    return { operation, startedAt, deadline: startedAt + spec.timeoutSeconds * 1000, justStarted };
  }

  // ---------------------------------------------------------------------------
  // isComplete: one DescribeFleets a poll
  // ---------------------------------------------------------------------------

  public async isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse> {
    const plan = readPlan<FleetReadinessPlan>(event, FLEET_PLAN_FIELD, 'fleet readiness');
    if (plan.operation === 'none') {
      return { IsComplete: true };
    }
    const spec = parseSpec(event.ResourceProperties);
    const name = spec.fleetName;
    let fleet: Fleet | undefined;
    try {
      fleet = await this.describe(name);
    } catch (error) {
      if (!isRetryableError(error)) {
        return this.fail(plan, name, describeRefused(name, error));
      }
      return this.checkDeadline(plan, spec, undefined, error) ?? this.notYet(name, undefined, describeError(error));
    }
    if (!fleet) {
      if (this.now() - plan.startedAt < VISIBILITY_GRACE_MS) {
        return this.notYet(name, 'not found yet');
      }
      return this.fail(plan, name, fleetMissing(name));
    }
    return this.step(plan, spec, fleet);
  }

  /** Fails the deploy with `message`; in a rollback, ends the wait instead and logs it. */
  private fail(plan: FleetReadinessPlan, name: string, message: string): IsCompleteResponse {
    if (plan.rollback) {
      this.record(name, 'rollback-not-ready', { reason: message });
      return { IsComplete: true };
    }
    throw new Error(message);
  }

  private step(plan: FleetReadinessPlan, spec: FleetReadinessSpec, fleet: Fleet): IsCompleteResponse {
    const name = spec.fleetName;
    const state = fleet.State ?? 'UNKNOWN';
    const alwaysOn = (fleet.FleetType ?? spec.fleetType) === 'ALWAYS_ON';
    if (state === 'RUNNING' && (!alwaysOn || atCapacity(fleet))) {
      this.record(name, 'complete', { state, ...figures(fleet) });
      return { IsComplete: true, Data: attributes(name, fleet) };
    }
    const stopped = STOPPED_STATES.has(state);
    const errors = blockingErrors(fleet);
    if (stopped && !plan.justStarted) {
      // A schedule or a person stopped it: this update neither fails over it nor starts it.
      this.record(name, 'left-stopped', {
        state,
        reason: plan.operation === 'create'
          ? 'the fleet was created stopped (startOnCreate false): it runs once a schedule or a person starts it'
          : 'the fleet was stopped before or during this update (a stop schedule, or a person): the update leaves it as it is and does not start it',
        ...(errors.length > 0 ? { fleetErrors: describeFleetErrors(errors) } : {}),
      });
      return { IsComplete: true, Data: attributes(name, fleet) };
    }
    if (errors.length > 0) {
      this.record(name, 'failed', { state, ...figures(fleet), fleetErrors: describeFleetErrors(errors) });
      return this.fail(plan, name, fleetFailed(name, fleet, errors));
    }
    const late = this.checkDeadline(plan, spec, fleet);
    if (late) {
      return late;
    }
    const detail = stopped
      ? 'stopped after CloudFormation started it: waiting, until readinessTimeout, for it to be started again'
      : alwaysOn ? `${fleet.ComputeCapacityStatus?.Running ?? 0} of ${fleet.ComputeCapacityStatus?.Desired ?? 0} instance(s) running` : undefined;
    return this.notYet(name, state, detail);
  }

  /** The fleet of this name, or undefined (ResourceNotFoundException, or an empty list). */
  private async describe(name: string): Promise<Fleet | undefined> {
    try {
      const result = await this.clients.appStream.send(new DescribeFleetsCommand({ Names: [name] }));
      return result.Fleets?.find(f => f.Name === name);
    } catch (error) {
      if (errorName(error) === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  }

  /** Undefined before the deadline; after it, the failure (in a rollback, the end of the wait). */
  private checkDeadline(
    plan: FleetReadinessPlan, spec: FleetReadinessSpec, fleet: Fleet | undefined, describeFailure?: unknown,
  ): IsCompleteResponse | undefined {
    if (this.now() <= plan.deadline) {
      return undefined;
    }
    const target = spec.fleetType === 'ALWAYS_ON' ? 'RUNNING at its desired capacity' : 'RUNNING';
    return this.fail(plan, spec.fleetName, notReadyInTime(spec.fleetName, timeoutSecondsOf(plan), target, fleet, describeFailure));
  }
}

/** An ALWAYS_ON fleet's instances all run: Running ≥ Desired, as the fleet itself reports them. */
function atCapacity(fleet: Fleet): boolean {
  const capacity = fleet.ComputeCapacityStatus;
  return capacity !== undefined && (capacity.Running ?? 0) >= (capacity.Desired ?? 0);
}

function figures(fleet: Fleet): Record<string, number | undefined> {
  const c = fleet.ComputeCapacityStatus;
  return { desired: c?.Desired, running: c?.Running, inUse: c?.InUse, available: c?.Available };
}

/** The resource's attributes: every key present, as strings (the capacity names of the AWS/AppStream metrics). */
function attributes(name: string, fleet: Fleet): Record<string, string> {
  const c = fleet.ComputeCapacityStatus;
  return {
    FleetName: name,
    State: fleet.State ?? '',
    DesiredCapacity: String(c?.Desired ?? 0),
    RunningCapacity: String(c?.Running ?? 0),
    InUseCapacity: String(c?.InUse ?? 0),
    AvailableCapacity: String(c?.Available ?? 0),
  };
}

/** The FleetErrors entries that fail a wait: all but FLEET_STOPPED on a stopped fleet, which only restates its state. */
function blockingErrors(fleet: Fleet): FleetError[] {
  const stopped = STOPPED_STATES.has(fleet.State ?? '');
  return (fleet.FleetErrors ?? []).filter(e => !(stopped && e.ErrorCode === FLEET_STOPPED));
}
