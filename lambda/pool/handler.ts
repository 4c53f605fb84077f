/**
 * Custom::WorkspacesPool: the whole life of a WorkSpaces pool, done through
 * the WorkSpaces API and waited for through the Provider framework's
 * isComplete polling.
 *
 * - onEvent starts an operation (create, or adopt the pool a retried Create
 *   already made; apply tags and configuration; record the plan) and returns
 *   at once.
 * - isComplete, at every poll, describes the pool and takes the next step
 *   toward the plan's target: start, stop (after the sessions), update,
 *   terminate, or done. It never sleeps; throttling, 5xx and
 *   OperationInProgressException mean "not yet".
 */
import {
  CreateTagsCommand,
  CreateWorkspacesPoolCommand,
  DeleteTagsCommand,
  DescribeTagsCommand,
  DescribeWorkspacesPoolsCommand,
  StartWorkspacesPoolCommand,
  UpdateWorkspacesPoolCommand,
  type WorkSpacesClient,
  type WorkspacesPool,
} from '@aws-sdk/client-workspaces';
import { REFUSALS, STOP, TERMINATE, type PoolAction } from './actions';
import {
  capacitySummary,
  describePoolErrors,
  newCustomerAccessDenied,
  poolLabel,
  said,
  settledWithErrors,
  timedOut,
} from './messages';
import {
  capacityUnverifiable,
  configurationChanges,
  hasChanges,
  pendingChanges,
  PLAN_FIELD,
  updateRequest,
  type PoolChanges,
  type PoolCleanup,
  type PoolPlan,
} from './plan';
import { readyToStop, type DrainHost } from './sessions';
import {
  applicationSettings,
  DEFAULT_TIMEOUT_SECONDS,
  parseSpec,
  timeoutSettings,
  type PoolSpec,
  type PoolTag,
  type TargetState,
} from './spec';
import { describeError, errorName, isRetryableError } from '../shared/errors';
import { CANCELLED_OPERATION_LOOKBACK_MS, isCreatedBy, isOwnedBy, ORPHAN_SEARCH_WINDOW_MS, ownerFound, ownershipTags, stackTag, VISIBILITY_GRACE_MS, type Tags } from '../shared/ownership';
import { planned, readPlan, timeoutSecondsOf } from '../shared/plan';
import { PollAgain, type OwnedTarget, type PollContext, type PollingHandlerOptions } from '../shared/polling-handler';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from '../shared/types';
import { WorkSpacesHandler } from '../shared/workspaces-handler';

export { CREATE_REQUEST_TAG, OPERATION_TAG, STACK_RESOURCE_TAG, STACK_TAG, stackResourceId } from '../shared/ownership';

/**
 * Tag set when an update that changes capacity has been applied: a STOPPED
 * pool may report 0 desired sessions, which says nothing about whether the
 * update reached it, so the tag records that it did.
 */
export const UPDATE_REQUEST_TAG = 'cdk-workspaces-constructs:update-request-id';
/**
 * Tag set on a RUNNING pool before it is stopped to change its running mode,
 * removed once it has been started again. An update that finds a stopped
 * pool with this tag (the rollback of a RunningMode change CloudFormation
 * cancelled half-way) starts it again; a pool a schedule stopped has no such
 * tag and stays stopped.
 */
export const RESTART_TAG = 'cdk-workspaces-constructs:stopped-to-change-running-mode';
/** How long a just-created pool may be missing from DescribeWorkspacesPools (eventual consistency). */
export const CREATE_VISIBILITY_GRACE_MS = VISIBILITY_GRACE_MS;

const TRANSITIONAL_STATES: ReadonlySet<string> = new Set(['CREATING', 'UPDATING', 'STARTING', 'STOPPING']);
const POOL_ID = /^wspool-[0-9a-z]{9}$/;

/**
 * One isComplete poll: the request, its plan and spec, the pool it acts on,
 * and whether that pool's tags were checked in this poll (once per poll,
 * before the first call that changes the pool).
 */
interface Poll extends PollContext<PoolPlan> {
  readonly spec: PoolSpec;
  readonly poolId: string;
  readonly label: string;
  /** This poll removes the pool: a Delete, or the cleanup of the pool a cancelled rename made. */
  readonly removing: boolean;
  cleared: boolean;
}

/** A pool a search found: its id, itself, its tags and when it was created (epoch ms). */
interface FoundPool {
  readonly id: string;
  readonly resource: WorkspacesPool;
  readonly tags: Tags;
  readonly madeAt?: number;
}

/** A refusal onEvent states before it has created anything (as opposed to a failed lookup). */
class Refusal extends Error {}

/** True for an id this handler issues: a pool id. Any other physical id was made up by CloudFormation or stands for an unknown id. */
export function isPoolId(id: string | undefined): id is string {
  return POOL_ID.test(id ?? '');
}

export type PoolHandlerOptions = PollingHandlerOptions;

export class PoolHandler extends WorkSpacesHandler {
  /** What session draining needs of this handler (see ./sessions). */
  private readonly drainHost: DrainHost;

  constructor(client: WorkSpacesClient, options: PoolHandlerOptions = {}) {
    super('pool', client, options);
    this.drainHost = {
      client,
      now: () => this.now(),
      record: (id, event, detail) => this.record(id, event, detail),
      notYet: (id, state, detail) => this.notYet(id, state, detail),
      attempt: (at, call, refused) => this.attempt(at, call, refused),
    };
  }

  // ---------------------------------------------------------------------------
  // onEvent
  // ---------------------------------------------------------------------------

  protected async onCreate(event: OnEventRequest): Promise<OnEventResponse> {
    const { physicalId, plan } = await this.startCreate(event, parseSpec(event.ResourceProperties));
    return planned(physicalId, PLAN_FIELD, plan);
  }

  /**
   * Creates the pool (or adopts the one a retried delivery of this request
   * made). Nothing may throw once CreateWorkspacesPool has succeeded: the
   * Provider framework would answer with a marker physical id and ignore the
   * Delete that follows, leaving the pool behind. When the pool's id is not
   * known after the create, the physical id stands for it
   * (`unknownPoolId`) and isComplete finds the pool by name and request tag.
   */
  private async startCreate(event: OnEventRequest, spec: PoolSpec): Promise<{ physicalId: string; plan: PoolPlan }> {
    const startedAt = this.now();
    const poolId = (await this.adoptRetriedCreate(event, spec)) ?? (await this.createPool(event, spec));
    const plan: PoolPlan = {
      operation: 'create',
      startedAt,
      deadline: startedAt + spec.timeoutSeconds * 1000,
      target: spec.desiredState,
      expectCapacity: spec.desiredState === 'RUNNING' ? spec.desiredUserSessions : undefined,
      knownErrors: [],
    };
    return { physicalId: poolId ?? unknownPoolId(event), plan };
  }

  /**
   * CloudFormation and Lambda may deliver one Create twice. A pool of this
   * name that carries this request's id is the one the first delivery made:
   * adopt it. A pool of this name without it belongs to someone else.
   */
  private async adoptRetriedCreate(event: OnEventRequest, spec: PoolSpec): Promise<string | undefined> {
    const existing = await this.findByName(spec.poolName);
    if (!existing?.PoolId) {
      return undefined;
    }
    const tags = await this.tagsOf(existing.PoolId);
    if (isCreatedBy(tags, event)) {
      this.record(existing.PoolId, 'adopted', { reason: 'this Create request already created the pool (a retried delivery)' });
      return existing.PoolId;
    }
    if (event.RequestType === 'Update' && isOwnedBy(tags, event)) {
      // A rename back to the name of this resource's previous pool (CloudFormation rolling back a
      // rename): the previous pool still exists, since it is deleted only after a successful update.
      this.record(existing.PoolId, 'adopted', { reason: 'the previous pool of this stack resource, renamed back' });
      return existing.PoolId;
    }
    throw new Refusal(
      `A WorkSpaces pool named '${spec.poolName}' already exists in this account and Region (${existing.PoolId}, state ${existing.State}), ` +
      `and this stack resource did not create it (${ownerFound(tags)}). ` +
      'Pool names are unique: choose another poolName, or use the existing pool with WorkspacesPool.fromPoolId.',
    );
  }

  /** The new pool's id; undefined when the pool was created but its id is not known (isComplete finds it). */
  private async createPool(event: OnEventRequest, spec: PoolSpec): Promise<string | undefined> {
    let poolId: string | undefined;
    try {
      const created = await this.client.send(new CreateWorkspacesPoolCommand({
        PoolName: spec.poolName,
        Description: spec.description,
        BundleId: spec.bundleId,
        DirectoryId: spec.directoryId,
        Capacity: { DesiredUserSessions: spec.desiredUserSessions },
        RunningMode: spec.runningMode,
        TimeoutSettings: timeoutSettings(spec),
        ApplicationSettings: applicationSettings(spec),
        // The stack tag too: the role may update, start, stop or terminate only a pool that carries it.
        Tags: [...spec.tags, ...ownershipTags(event, this.now()), stackTag(event)],
      }));
      poolId = created.WorkspacesPool?.PoolId;
    } catch (error) {
      if (errorName(error) === 'ResourceAlreadyExistsException') {
        // The SDK retries a create whose answer was lost (a 5xx or a timeout after the service acted):
        // the retry finds the pool the first attempt made. Adopt it if this request made it.
        try {
          const adopted = await this.adoptRetriedCreate(event, spec);
          if (adopted) {
            return adopted;
          }
        } catch (lookupError) {
          if (lookupError instanceof Refusal) {
            throw lookupError;
          }
          // This request may have made the pool: never throw now. isComplete looks again.
          this.record(undefined, 'create-unconfirmed', { poolName: spec.poolName, reason: describeError(lookupError) });
          return undefined;
        }
      }
      throw this.createFailure(event, spec, error);
    }
    if (!poolId) {
      this.record(undefined, 'create-unconfirmed', { poolName: spec.poolName, reason: 'CreateWorkspacesPool returned no pool id' });
      return undefined;
    }
    this.record(poolId, 'created', { poolName: spec.poolName, runningMode: spec.runningMode, desiredUserSessions: spec.desiredUserSessions });
    return poolId;
  }

  private createFailure(_event: OnEventRequest, spec: PoolSpec, error: unknown): Error {
    const name = errorName(error);
    if (name === 'AccessDeniedException') {
      return new Error(newCustomerAccessDenied(spec.poolName, error));
    }
    if (name === 'ResourceLimitExceededException') {
      return new Error(`Creating WorkSpaces pool '${spec.poolName}' was refused: ${said(error)}. The account has reached a WorkSpaces quota; request an increase in Service Quotas or remove unused pools, then deploy again.`);
    }
    if (name === 'ResourceAlreadyExistsException') {
      return new Error(`Creating WorkSpaces pool '${spec.poolName}' was refused: ${said(error)}. Choose another poolName, or use the existing pool with WorkspacesPool.fromPoolId.`);
    }
    if (name === 'ResourceNotFoundException' || name === 'InvalidParameterValuesException') {
      return new Error(`Creating WorkSpaces pool '${spec.poolName}' was refused: ${said(error)}. Check that directory ${spec.directoryId} is registered with WorkSpaces for pools in this Region and that bundle ${spec.bundleId} exists here, then deploy again.`);
    }
    return new Error(`Creating WorkSpaces pool '${spec.poolName}' failed: ${said(error)}. Nothing was created; deploy again once the cause is fixed.`);
  }

  protected async onUpdate(event: OnEventRequest): Promise<OnEventResponse> {
    const newSpec = parseSpec(event.ResourceProperties);
    const oldSpec = parseSpec(event.OldResourceProperties ?? event.ResourceProperties);
    if (newSpec.poolName !== oldSpec.poolName) {
      return this.rename(event, oldSpec, newSpec);
    }
    const poolId = this.requirePhysicalId(event, isPoolId, 'a pool id');
    const startedAt = this.now();
    const pool = await this.describe(poolId);
    if (!pool) {
      throw new Error(this.vanished(newSpec.poolName, poolId));
    }
    // Nothing below changes a pool this stack resource does not own; from here on this update is in charge of it.
    const tags = await this.tagsOf(poolId);
    await this.takeCharge(this.target(event, poolId, poolLabel(newSpec.poolName, poolId), pool.State), tags, event, startedAt);

    await this.applyTags(poolId, oldSpec.tags, newSpec.tags);

    const changes = inPlaceChanges(oldSpec, newSpec, pool);
    const update = classifyUpdate(oldSpec, newSpec, pool, tags, changes);
    if (update === 'resume-running-mode-change') {
      this.record(poolId, 'resuming-interrupted-change', { stoppedBy: tags.get(RESTART_TAG), state: pool.State });
    }
    const plan: PoolPlan = {
      operation: 'update',
      startedAt,
      deadline: startedAt + newSpec.timeoutSeconds * 1000,
      knownErrors: (pool.Errors ?? []).map(e => e.ErrorCode ?? 'UNKNOWN'),
      drainUntil: newSpec.drainTimeoutSeconds !== undefined ? startedAt + newSpec.drainTimeoutSeconds * 1000 : undefined,
      expectCapacity: changes.Capacity?.DesiredUserSessions,
      ...(update === 'resume-running-mode-change' ? { restoreState: 'RUNNING' as const } : {}),
      target: update === 'forward' ? changedState(oldSpec, newSpec) : 'RUNNING',
    };
    return this.startUpdate(event, { spec: newSpec, poolId, pool }, changes, plan);
  }

  /**
   * Starts an in-place update: nothing more to do now, a stop first (a
   * RunningMode changes only while the pool is STOPPED), or the changes sent
   * at once.
   */
  private async startUpdate(
    event: OnEventRequest, { spec, poolId, pool }: { spec: PoolSpec; poolId: string; pool: WorkspacesPool }, changes: PoolChanges, plan: PoolPlan,
  ): Promise<OnEventResponse> {
    if (!hasChanges(changes)) {
      return this.updateResponse(poolId, plan);
    }
    if (changes.RunningMode !== undefined && pool.State !== 'STOPPED') {
      // RunningMode changes only while STOPPED: stop, update, then restore the state it was in.
      const restoreState = plan.target ?? stableStateOf(pool.State);
      this.record(poolId, 'running-mode-change', { from: pool.RunningMode, to: changes.RunningMode, state: pool.State, then: restoreState });
      return this.updateResponse(poolId, { ...plan, changes, target: restoreState, restoreState: stableStateOf(pool.State) });
    }
    try {
      await this.applyChanges(event, poolId, changes);
    } catch (error) {
      if (!isRetryableError(error) && errorName(error) !== 'InvalidResourceStateException') {
        throw new Error(`Updating WorkSpaces pool ${poolLabel(spec.poolName, poolId)} was refused: ${said(error)}. The pool is unchanged (${pool.State}); fix the change and deploy again.`);
      }
      this.record(poolId, 'update-deferred', { state: pool.State, reason: describeError(error) });
    }
    // The changes stay in the plan: isComplete checks them against the pool and applies what is still missing.
    return this.updateResponse(poolId, { ...plan, changes });
  }

  /**
   * A new name is a new pool; CloudFormation deletes the old one once the
   * update succeeds. When the new name is that of the pool this resource
   * keeps (CloudFormation rolling back a rename that failed or was
   * cancelled), the pool the rename made under the other name gets no
   * Delete from CloudFormation: the plan deletes it first.
   */
  private async rename(event: OnEventRequest, oldSpec: PoolSpec, newSpec: PoolSpec): Promise<OnEventResponse> {
    this.record(event.PhysicalResourceId, 'replacing', { from: oldSpec.poolName, to: newSpec.poolName });
    const { physicalId, plan } = await this.startCreate(event, newSpec);
    if (physicalId !== event.PhysicalResourceId) {
      return planned(physicalId, PLAN_FIELD, plan);
    }
    const cleanup: PoolCleanup = { poolName: oldSpec.poolName, keep: physicalId, searchUntil: plan.startedAt + ORPHAN_SEARCH_WINDOW_MS };
    const drainUntil = newSpec.drainTimeoutSeconds !== undefined ? plan.startedAt + newSpec.drainTimeoutSeconds * 1000 : undefined;
    return planned<PoolPlan>(physicalId, PLAN_FIELD, { ...plan, cleanup, drainUntil });
  }

  private updateResponse(poolId: string, plan: PoolPlan): OnEventResponse {
    return planned(poolId, PLAN_FIELD, plan);
  }

  protected async onDelete(event: OnEventRequest): Promise<OnEventResponse> {
    const startedAt = this.now();
    const read = readForDelete(event);
    if (read.unreadable !== undefined && !isPoolId(event.PhysicalResourceId)) {
      // Properties that cannot be read made no pool: a Create parses them before it creates anything. Failing
      // would leave the stack DELETE_FAILED over a resource that does not exist.
      this.record(undefined, 'nothing-to-delete', {
        physicalResourceId: event.PhysicalResourceId,
        reason: `the properties cannot be read (${read.unreadable}), so no Create of them made a pool; the physical id is not a pool id either`,
      });
      return planned<PoolPlan>(event.PhysicalResourceId, PLAN_FIELD, { operation: 'none', startedAt, deadline: startedAt, knownErrors: [] });
    }
    if (read.unreadable !== undefined) {
      // The pool is known by its id, and checked against its ownership tag before anything is done to it, as any
      // pool is: deleting it needs no property. Doing nothing would orphan a pool this stack owns.
      this.record(event.PhysicalResourceId, 'properties-unreadable', {
        reason: read.unreadable,
        then: `deleting the pool by its physical id, with the default timeout (${DEFAULT_TIMEOUT_SECONDS} s) and no drain`,
      });
    }
    const spec = read.spec;
    const plan: PoolPlan = {
      operation: 'delete',
      startedAt,
      deadline: startedAt + spec.timeoutSeconds * 1000,
      knownErrors: [],
      drainUntil: spec.drainTimeoutSeconds !== undefined ? startedAt + spec.drainTimeoutSeconds * 1000 : undefined,
    };
    if (isPoolId(event.PhysicalResourceId)) {
      return planned(event.PhysicalResourceId, PLAN_FIELD, plan);
    }
    // Not an id this handler issued: the Create never answered (CloudFormation cancelled it, or its pool id
    // was never learnt). What that Create made, if anything, is found by name and ownership tag.
    this.record(undefined, 'searching', { poolName: spec.poolName, physicalResourceId: event.PhysicalResourceId, reason: 'the Create of this resource never answered with a pool id' });
    const searchUntil = startedAt + ORPHAN_SEARCH_WINDOW_MS;
    // A pool found late in the search still gets the whole search window before the deadline fails it.
    const deadline = Math.max(plan.deadline, searchUntil);
    return planned<PoolPlan>(event.PhysicalResourceId, PLAN_FIELD, { ...plan, searchUntil, deadline });
  }

  // ---------------------------------------------------------------------------
  // isComplete
  // ---------------------------------------------------------------------------

  public async isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse> {
    const plan = readPlan<PoolPlan>(event, PLAN_FIELD, 'pool');
    if (plan.operation === 'none') {
      return { IsComplete: true };
    }
    const spec = plan.operation === 'delete' ? readForDelete(event).spec : parseSpec(event.ResourceProperties);
    if (plan.operation === 'delete' && !isPoolId(event.PhysicalResourceId)) {
      return this.deleteWhatTheCreateMade(event, plan, spec);
    }
    if (plan.cleanup) {
      const pending = await this.cleanUp(event, plan, spec, plan.cleanup);
      if (pending) {
        return pending;
      }
    }
    let poolId = event.PhysicalResourceId;
    if (!isPoolId(poolId)) {
      // onEvent created the pool without learning its id: find it by name and this request's tag.
      const found = await this.findCreatedBy(event, plan, spec);
      if (typeof found !== 'string') {
        return found;
      }
      poolId = found;
    }
    let pool: WorkspacesPool | undefined;
    try {
      pool = await this.describe(poolId);
    } catch (error) {
      if (!isRetryableError(error)) {
        throw new Error(`Describing WorkSpaces pool ${poolLabel(spec.poolName, poolId)} failed: ${said(error)}. Check the handler role's workspaces:DescribeWorkspacesPools permission.`);
      }
      this.checkDeadline(plan, spec, poolId, undefined, plan.operation === 'delete' ? 'deleted' : undefined, error);
      this.record(poolId, 'not-yet', { reason: describeError(error) });
      return { IsComplete: false };
    }

    const poll = this.poll(event, plan, spec, poolId, plan.operation === 'delete');
    if (plan.operation === 'delete') {
      return this.stepDelete(poll, pool);
    }
    const result = await this.stepTowardTarget(poll, pool);
    return result.IsComplete && poolId !== event.PhysicalResourceId ? { ...result, PhysicalResourceId: poolId } : result;
  }

  private poll(event: IsCompleteRequest, plan: PoolPlan, spec: PoolSpec, poolId: string, removing: boolean): Poll {
    return { event, plan, spec, poolId, label: poolLabel(spec.poolName, poolId), removing, cleared: false };
  }

  /**
   * A Delete whose physical id this handler did not issue: the pool a
   * cancelled Create of this stack resource made, found by name and
   * ownership tag, is deleted as any pool is; one owned by anyone else is
   * never touched. The search goes on until `searchUntil`, since the
   * cancelled Create may still be creating.
   */
  private async deleteWhatTheCreateMade(event: IsCompleteRequest, plan: PoolPlan, spec: PoolSpec): Promise<IsCompleteResponse> {
    const answer = await this.removeWhatWasMade({
      what: `the pool named '${spec.poolName}'`,
      searchUntil: plan.searchUntil ?? plan.startedAt,
      madeSince: plan.startedAt - CANCELLED_OPERATION_LOOKBACK_MS,
      leftAlone: 'left-alone',
      find: () => this.findWithTags(spec.poolName),
      remove: pool => this.stepDelete(this.poll(event, plan, spec, pool.PoolId!, true), pool),
      lookupFailed: error => `Looking for the WorkSpaces pool '${spec.poolName}' that a cancelled create of this resource may have made failed: ${said(error)}. ` +
        'Check the handler role\'s workspaces:DescribeWorkspacesPools and workspaces:DescribeTags permissions, then retry the stack operation.',
    }, event);
    if (answer) {
      return answer;
    }
    this.record(undefined, 'nothing-to-delete', { poolName: spec.poolName, reason: 'no pool of this name made by this stack resource remains' });
    return { IsComplete: true };
  }

  /**
   * The rollback of a rename: deletes the pool the rename made under its new
   * name (owned by this stack resource, not the pool kept). Returns undefined
   * once there is no such pool and the search is over.
   */
  private cleanUp(event: IsCompleteRequest, plan: PoolPlan, spec: PoolSpec, cleanup: PoolCleanup): Promise<IsCompleteResponse | undefined> {
    const cleanupSpec = { ...spec, poolName: cleanup.poolName };
    return this.removeWhatWasMade({
      what: `the pool named '${cleanup.poolName}'`,
      searchUntil: cleanup.searchUntil,
      madeSince: plan.startedAt - CANCELLED_OPERATION_LOOKBACK_MS,
      leftAlone: 'left-alone',
      find: () => this.findWithTags(cleanup.poolName, cleanup.keep),
      remove: pool => this.stepDelete(this.poll(event, plan, cleanupSpec, pool.PoolId!, true), pool),
      lookupFailed: error => `Looking for the WorkSpaces pool '${cleanup.poolName}' that the rolled-back rename of this resource may have made failed: ${said(error)}. ` +
        'Check the handler role\'s workspaces:DescribeWorkspacesPools and workspaces:DescribeTags permissions, then retry the stack operation.',
    }, event);
  }

  /** The pool of this name (unless it is `except`), with its tags. */
  private async findWithTags(poolName: string, except?: string): Promise<FoundPool | undefined> {
    const pool = await this.findByName(poolName);
    if (!pool?.PoolId || pool.PoolId === except) {
      return undefined;
    }
    return { id: pool.PoolId, resource: pool, tags: await this.tagsOf(pool.PoolId), madeAt: pool.CreatedAt?.getTime() };
  }

  /** The id of the pool this Create request made, found by name and request tag; or what to answer meanwhile. */
  private async findCreatedBy(event: IsCompleteRequest, plan: PoolPlan, spec: PoolSpec): Promise<string | IsCompleteResponse> {
    const at = { state: 'not found yet' };
    const poolId = await this.attempt(at, async () => {
      const found = await this.findByName(spec.poolName);
      return found?.PoolId && isCreatedBy(await this.tagsOf(found.PoolId), event) ? found.PoolId : undefined;
    }, error => {
      if (errorName(error) === 'ResourceNotFoundException') {
        return this.pollAgain(at, error);
      }
      throw new Error(`Looking for the WorkSpaces pool '${spec.poolName}' this deploy created failed: ${said(error)}. ` +
        'Check the handler role\'s workspaces:DescribeWorkspacesPools and workspaces:DescribeTags permissions, then deploy again (the rollback deletes the pool).');
    });
    if (poolId instanceof PollAgain) {
      return poolId.response;
    }
    if (poolId) {
      this.record(poolId, 'adopted', { reason: 'the pool this request created, whose id the create did not return' });
      return poolId;
    }
    if (this.now() - plan.startedAt < CREATE_VISIBILITY_GRACE_MS) {
      return this.notYet(undefined, 'not visible yet', `looking for the pool named '${spec.poolName}' this request created`);
    }
    throw new Error(
      `WorkSpaces pool '${spec.poolName}' was created, but no pool of that name made by this request can be found. ` +
      'Check the pool in the WorkSpaces console; CloudFormation\'s rollback deletes a pool of that name this stack resource made.',
    );
  }

  /** The pool as the shared ownership steps see it. */
  private target(event: OnEventRequest, poolId: string, label: string, state: string | undefined): OwnedTarget {
    return this.ownedTarget(poolId, {
      requiredTags: [stackTag(event)],
      what: `WorkSpaces pool ${label}`,
      changes: 'starts, stops, updates or terminates',
      advice: 'Use that pool with WorkspacesPool.fromPoolId, or remove this resource from the stack.',
      state,
      leftAlone: 'left-alone',
    });
  }

  /** The shared check before a change, once per poll (see PollingHandler.mayChange). */
  private async mayChangePool(poll: Poll, pool: WorkspacesPool): Promise<IsCompleteResponse | undefined> {
    if (poll.cleared) {
      return undefined;
    }
    const target = this.target(poll.event, poll.poolId, poll.label, pool.State);
    const refused = await this.mayChange(target, poll.event, poll.plan.startedAt, poll.removing);
    poll.cleared = refused === undefined;
    return refused;
  }

  private async stepTowardTarget(poll: Poll, pool: WorkspacesPool | undefined): Promise<IsCompleteResponse> {
    const { plan, spec, poolId, label } = poll;
    if (!pool) {
      if (plan.operation === 'create' && this.now() - plan.startedAt < CREATE_VISIBILITY_GRACE_MS) {
        return this.notYet(poolId, 'not visible yet');
      }
      throw new Error(this.vanished(spec.poolName, poolId));
    }
    if (pool.State === 'DELETING') {
      throw new Error(`WorkSpaces pool ${label} is being deleted outside this stack. Let the deletion finish, then change poolName to create a new pool.`);
    }
    this.checkDeadline(plan, spec, poolId, pool);
    if (TRANSITIONAL_STATES.has(pool.State ?? '')) {
      return this.notYet(poolId, pool.State, capacitySummary(pool));
    }
    await this.failOnNewErrors(poll, pool);

    // 1. Configuration the plan still has to apply.
    const pending = plan.changes ? pendingChanges(pool, plan.changes) : undefined;
    if (pending) {
      return this.applyPending(poll, pool, pending);
    }
    // A capacity change a STOPPED pool cannot show (it reports 0 desired sessions): the tag applyChanges
    // sets says whether this request's update reached the pool.
    if (plan.changes?.Capacity !== undefined && capacityUnverifiable(pool, plan.changes)) {
      const unconfirmed = await this.confirmStoppedCapacity(poll, pool, plan.changes.Capacity);
      if (unconfirmed) {
        return unconfirmed;
      }
    }

    // 2. The state the plan asks for.
    if (plan.target === 'RUNNING' && pool.State === 'STOPPED') {
      return this.start(poll, pool);
    }
    if (plan.target === 'STOPPED' && pool.State === 'RUNNING') {
      return this.stopOrTerminate(STOP, poll, pool, 'as desiredState asks');
    }
    if (plan.target === 'RUNNING' && plan.expectCapacity !== undefined && pool.CapacityStatus?.DesiredUserSessions !== plan.expectCapacity) {
      return this.notYet(poolId, pool.State, `waiting for desired capacity ${plan.expectCapacity} (${capacitySummary(pool)})`);
    }
    this.record(poolId, 'complete', { state: pool.State, capacity: capacitySummary(pool) });
    return { IsComplete: true, Data: attributes(pool) };
  }

  /** Fails on pool errors that were not there when the operation began (restarting a pool it stopped); logs the others. */
  private async failOnNewErrors(poll: Poll, pool: WorkspacesPool): Promise<void> {
    const { plan, poolId, label } = poll;
    const targetText = plan.target ?? pool.State ?? 'a stable state';
    const newErrors = (pool.Errors ?? []).filter(e => !plan.knownErrors.includes(e.ErrorCode ?? 'UNKNOWN'));
    if (newErrors.length > 0) {
      await this.restoreAfterFailure(poll, pool);
      throw new Error(settledWithErrors(label, targetText, { ...pool, Errors: newErrors }));
    }
    if ((pool.Errors ?? []).length > 0) {
      this.record(poolId, 'known-errors', { errors: describePoolErrors(pool.Errors ?? []) });
    }
  }

  /** Applies the configuration the pool does not show yet: a stop first for a RunningMode change of a RUNNING pool. */
  private async applyPending(poll: Poll, pool: WorkspacesPool, pending: PoolChanges): Promise<IsCompleteResponse> {
    const { event, plan, poolId, label } = poll;
    if (pending.RunningMode !== undefined && pool.State === 'RUNNING') {
      return this.stopOrTerminate(STOP, poll, pool, `to change its running mode from ${pool.RunningMode} to ${pending.RunningMode}`);
    }
    const refused = await this.mayChangePool(poll, pool);
    if (refused) {
      return refused;
    }
    const applied = await this.attempt({ id: poolId, state: pool.State }, () => this.applyChanges(event, poolId, plan.changes!), async error => {
      const restored = await this.restoreAfterFailure(poll, pool);
      throw new Error(
        `Updating WorkSpaces pool ${label} was refused: ${said(error)}. ` +
        (restored ? `The pool had been stopped for this update and was started again (${restored}). ` : `The pool is ${pool.State} and its configuration unchanged. `) +
        'Fix the change and deploy again.',
      );
    });
    return applied instanceof PollAgain ? applied.response : { IsComplete: false };
  }

  /**
   * A capacity change on a STOPPED pool that reports no desired sessions:
   * sent again unless the pool carries this request's UPDATE_REQUEST_TAG.
   * What to answer meanwhile; undefined once the change is known to have
   * reached the pool.
   */
  private async confirmStoppedCapacity(
    poll: Poll, pool: WorkspacesPool, capacity: NonNullable<PoolChanges['Capacity']>,
  ): Promise<IsCompleteResponse | undefined> {
    const { event, poolId, label } = poll;
    let applied: boolean;
    try {
      const tags = await this.client.send(new DescribeTagsCommand({ ResourceId: poolId }));
      applied = tags.TagList?.find(t => t.Key === UPDATE_REQUEST_TAG)?.Value === event.RequestId;
    } catch (error) {
      if (isRetryableError(error)) {
        return this.notYet(poolId, pool.State, said(error));
      }
      throw new Error(`Reading the tags of WorkSpaces pool ${label} failed: ${said(error)}. Check the handler role's workspaces:DescribeTags permission.`);
    }
    if (applied) {
      return undefined;
    }
    const refused = await this.mayChangePool(poll, pool);
    if (refused) {
      return refused;
    }
    let tagFailure: unknown;
    try {
      tagFailure = await this.applyChanges(event, poolId, { Capacity: capacity });
    } catch (error) {
      if (isRetryableError(error)) {
        return this.notYet(poolId, pool.State, said(error));
      }
      throw new Error(`Updating the capacity of WorkSpaces pool ${label} to ${capacity.DesiredUserSessions} was refused: ${said(error)}. The pool is ${pool.State}; fix the change and deploy again.`);
    }
    if (tagFailure !== undefined && !isRetryableError(tagFailure)) {
      // Without the tag, the next poll could not tell the update arrived and would send it again, forever.
      throw new Error(
        `The capacity of STOPPED WorkSpaces pool ${label} was set to ${capacity.DesiredUserSessions}, but tagging the pool to record it failed: ${said(tagFailure)}. ` +
        'A stopped pool does not report its capacity, so the deploy cannot confirm the change. Check the pool\'s tags (at most 50) and the handler role\'s workspaces:CreateTags permission, then deploy again.',
      );
    }
    return { IsComplete: false };
  }

  private async start(poll: Poll, pool: WorkspacesPool): Promise<IsCompleteResponse> {
    const { poolId, label } = poll;
    const refused = await this.mayChangePool(poll, pool);
    if (refused) {
      return refused;
    }
    const started = await this.attempt({ id: poolId, state: pool.State }, async () => {
      await this.client.send(new StartWorkspacesPoolCommand({ PoolId: poolId }));
      this.record(poolId, 'starting');
      if (poll.plan.restoreState === 'RUNNING') {
        await this.clearRestartTag(poolId);
      }
    }, error => {
      if (pool.RunningMode === 'ALWAYS_ON' && REFUSALS.has(errorName(error))) {
        // Undocumented: whether an ALWAYS_ON pool starts by itself (after creation, or after a switch
        // from AUTO_STOP). The documented Start covers AUTO_STOP pools only. Wait for it, up to the
        // operation's timeout, whose message then says what happened (see checkDeadline).
        return new PollAgain(this.notYet(poolId, pool.State, `StartWorkspacesPool refused for an ALWAYS_ON pool (${said(error)}); waiting for it to start by itself`));
      }
      throw new Error(
        `WorkSpaces pool ${label} is STOPPED (running mode ${pool.RunningMode}) and the service refused to start it: ${said(error)}. ` +
        'Check the pool\'s errors in the WorkSpaces console, fix the cause and deploy again.',
      );
    });
    return started instanceof PollAgain ? started.response : { IsComplete: false };
  }

  /**
   * Stops or terminates the pool once its sessions are dealt with (see
   * ./sessions): with a drain timeout, waits for them to end and then
   * terminates the rest; without, says how many sessions the operation cuts.
   */
  private async stopOrTerminate(action: PoolAction, poll: Poll, pool: WorkspacesPool, why: string): Promise<IsCompleteResponse> {
    const { plan, poolId, label, event } = poll;
    const refused = await this.mayChangePool(poll, pool);
    if (refused) {
      return refused;
    }
    const waiting = await readyToStop(this.drainHost, {
      poolId,
      label,
      pool,
      action: action.name,
      acting: action.acting,
      drainUntil: plan.drainUntil,
      prepare: action.marksRestart && plan.restoreState === 'RUNNING' && plan.changes?.RunningMode !== undefined
        ? () => this.markForRestart(poll, pool)
        : undefined,
      stillInCharge: () => this.mayChange(this.target(event, poolId, label, pool.State), event, plan.startedAt, poll.removing, true),
    });
    if (waiting) {
      return waiting;
    }
    const answer = await this.attempt<IsCompleteResponse>({ id: poolId, state: pool.State }, async () => {
      await action.send(this.client, poolId);
      this.record(poolId, action.acting, { why });
      return { IsComplete: false };
    }, error => {
      const instead = action.instead(error, pool);
      if (instead === 'done') {
        return { IsComplete: true };
      }
      if (instead === 'stop-first') {
        return this.stopOrTerminate(STOP, { ...poll, plan: { ...plan, drainUntil: undefined } }, pool, 'before terminating it');
      }
      throw action.failure({ error, label, pool, plan, event, why });
    });
    return answer instanceof PollAgain ? answer.response : answer;
  }

  /**
   * Tags a RUNNING pool stopped for a RunningMode change, so that the
   * rollback of this update, if it is cancelled, starts it again (RESTART_TAG).
   * What to answer meanwhile, if anything.
   */
  private async markForRestart(poll: Poll, pool: WorkspacesPool): Promise<IsCompleteResponse | undefined> {
    const { poolId } = poll;
    const tagged = await this.attempt({ id: poolId, state: pool.State }, async () => {
      await this.client.send(new CreateTagsCommand({ ResourceId: poolId, Tags: [{ Key: RESTART_TAG, Value: poll.event.RequestId }] }));
    }, error => {
      // Without it, a rollback of this update if it is cancelled leaves the pool stopped; the update itself goes on.
      this.record(poolId, 'restart-tag-failed', { error: describeError(error) });
    });
    return tagged instanceof PollAgain ? tagged.response : undefined;
  }

  /**
   * After a failure in the middle of a RunningMode change, a pool this
   * operation stopped is started again, so that a failed deploy never leaves
   * a pool stopped and abandoned. Returns what was done, if anything.
   */
  private async restoreAfterFailure(poll: Poll, pool: WorkspacesPool): Promise<string | undefined> {
    const { plan, poolId } = poll;
    if (plan.restoreState !== 'RUNNING' || pool.State !== 'STOPPED') {
      return undefined;
    }
    try {
      if (await this.mayChangePool(poll, pool)) {
        return undefined;
      }
    } catch (error) {
      // Not this stack resource's, or a Delete is removing it: then it stays as it is.
      this.record(poolId, 'not-restarted', { reason: describeError(error) });
      return undefined;
    }
    try {
      await this.client.send(new StartWorkspacesPoolCommand({ PoolId: poolId }));
      this.record(poolId, 'restarted-after-failure');
      await this.clearRestartTag(poolId);
      return 'StartWorkspacesPool accepted; it is starting';
    } catch (error) {
      this.record(poolId, 'restart-after-failure-failed', { error: describeError(error) });
      return `StartWorkspacesPool failed: ${said(error)}; start it from the WorkSpaces console`;
    }
  }

  private async stepDelete(poll: Poll, pool: WorkspacesPool | undefined): Promise<IsCompleteResponse> {
    const { plan, spec, poolId } = poll;
    if (!pool) {
      this.record(poolId, 'deleted');
      return { IsComplete: true };
    }
    this.checkDeadline({ ...plan, target: undefined }, spec, poolId, pool, 'deleted');
    if (pool.State === 'DELETING') {
      return this.notYet(poolId, pool.State);
    }
    // Owned, and marked as being deleted, before anything else: the waiter of a cancelled create or
    // update of this pool sees the mark at its next change and stops instead of undoing this delete.
    const refused = await this.mayChangePool(poll, pool);
    if (refused) {
      return refused;
    }
    if (TRANSITIONAL_STATES.has(pool.State ?? '')) {
      return this.notYet(poolId, pool.State);
    }
    return this.stopOrTerminate(TERMINATE, poll, pool, 'because it was removed from the stack');
  }

  // ---------------------------------------------------------------------------
  // helpers
  // ---------------------------------------------------------------------------

  /** The pool, or undefined when it does not exist (an empty list or ResourceNotFoundException). */
  private describe(poolId: string): Promise<WorkspacesPool | undefined> {
    return this.unlessNotFound(async () => {
      const result = await this.client.send(new DescribeWorkspacesPoolsCommand({ PoolIds: [poolId] }));
      return result.WorkspacesPools?.find(p => p.PoolId === poolId);
    });
  }

  /** Best effort: a tag left behind only makes a later update start a pool its template wants RUNNING anyway. */
  private async clearRestartTag(poolId: string): Promise<void> {
    try {
      await this.client.send(new DeleteTagsCommand({ ResourceId: poolId, TagKeys: [RESTART_TAG] }));
    } catch (error) {
      this.record(poolId, 'restart-tag-not-removed', { error: describeError(error) });
    }
  }

  private async findByName(poolName: string): Promise<WorkspacesPool | undefined> {
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(new DescribeWorkspacesPoolsCommand({
        Filters: [{ Name: 'PoolName', Values: [poolName], Operator: 'EQUALS' }],
        NextToken: nextToken,
      }));
      const match = page.WorkspacesPools?.find(p => p.PoolName === poolName);
      if (match) {
        return match;
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return undefined;
  }

  /**
   * Sends the update; when it changes capacity, also tags the pool with the
   * request id, so that a later poll can tell the update reached a STOPPED
   * pool that reports no desired sessions. Returns the tagging failure, if
   * any: the update itself went through.
   */
  private async applyChanges(event: OnEventRequest, poolId: string, changes: PoolChanges): Promise<unknown> {
    await this.client.send(new UpdateWorkspacesPoolCommand(updateRequest(poolId, changes)));
    this.record(poolId, 'updated', { changes });
    if (changes.Capacity !== undefined) {
      try {
        await this.client.send(new CreateTagsCommand({ ResourceId: poolId, Tags: [{ Key: UPDATE_REQUEST_TAG, Value: event.RequestId }] }));
      } catch (error) {
        // Without the tag, a later poll of a STOPPED pool re-sends the same capacity: harmless once.
        this.record(poolId, 'update-tag-failed', { error: describeError(error) });
        return error;
      }
    }
    return undefined;
  }

  private async applyTags(poolId: string, oldTags: readonly PoolTag[], newTags: readonly PoolTag[]): Promise<void> {
    const newKeys = new Set(newTags.map(t => t.Key));
    const removed = oldTags.filter(t => !newKeys.has(t.Key)).map(t => ({ Key: t.Key }));
    const oldValues = new Map(oldTags.map(t => [t.Key, t.Value]));
    const changed = newTags.filter(t => oldValues.get(t.Key) !== t.Value);
    if (removed.length > 0) {
      await this.client.send(new DeleteTagsCommand({ ResourceId: poolId, TagKeys: removed.map(t => t.Key) }));
    }
    if (changed.length > 0) {
      await this.client.send(new CreateTagsCommand({ ResourceId: poolId, Tags: changed }));
    }
    if (removed.length + changed.length > 0) {
      this.record(poolId, 'tagged', { set: changed.map(t => t.Key), removed: removed.map(t => t.Key) });
    }
  }

  private checkDeadline(
    plan: PoolPlan, spec: PoolSpec, poolId: string, pool: WorkspacesPool | undefined, targetText?: string, describeFailure?: unknown,
  ): void {
    if (this.now() <= plan.deadline) {
      return;
    }
    const target = targetText ?? plan.target ?? 'a stable state';
    let advice: string | undefined;
    if (pool?.State === 'STOPPED' && pool.RunningMode === 'ALWAYS_ON' && plan.target === 'RUNNING') {
      advice = 'The service starts only AUTO_STOP pools on request (it refused StartWorkspacesPool), and this ALWAYS_ON pool did not start by itself. ' +
        (plan.changes?.RunningMode === 'ALWAYS_ON' ? 'CloudFormation\'s rollback of this deploy switches it back to AUTO_STOP and starts it. ' : '') +
        'To have a running pool, set runningMode to AUTO_STOP and deploy again.';
    }
    throw new Error(timedOut(poolLabel(spec.poolName, poolId), target, timeoutSecondsOf(plan), pool, {
      advice,
      describeFailure: describeFailure === undefined ? undefined : said(describeFailure),
    }));
  }

  private vanished(poolName: string, poolId: string): string {
    return `WorkSpaces pool ${poolLabel(poolName, poolId)} no longer exists: it was deleted outside this stack. ` +
      'Change poolName to create a new pool, or remove the pool from the stack.';
  }
}

/**
 * The physical id of a Create that made a pool without learning its id. Not
 * a pool id: isComplete then finds the pool by name and request tag, and a
 * Delete of it searches by name and ownership tag.
 */
function unknownPoolId(event: OnEventRequest): string {
  return `pool-id-unknown-${event.RequestId}`;
}

/**
 * The spec of a Delete, which never fails on its properties: when they
 * cannot be read (written by an older version, or edited), the defaults of
 * what a delete uses (no name, the default timeout, no drain) and why.
 */
function readForDelete(event: OnEventRequest): { spec: PoolSpec; unreadable?: string } {
  try {
    return { spec: parseSpec(event.ResourceProperties) };
  } catch (error) {
    const spec: PoolSpec = {
      poolName: '',
      description: '',
      bundleId: '',
      directoryId: '',
      desiredUserSessions: 0,
      runningMode: 'AUTO_STOP',
      desiredState: 'RUNNING',
      tags: [],
      timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
    };
    return { spec, unreadable: describeError(error) };
  }
}

/** The resource's attributes: every key present. */
function attributes(pool: WorkspacesPool): Record<string, string> {
  return {
    PoolId: pool.PoolId ?? '',
    PoolArn: pool.PoolArn ?? '',
    PoolName: pool.PoolName ?? '',
    State: pool.State ?? '',
  };
}

/** The stable state a pool in `state` is in or heading for. */
function stableStateOf(state: string | undefined): TargetState {
  return state === 'STOPPED' || state === 'STOPPING' ? 'STOPPED' : 'RUNNING';
}

/**
 * What kind of in-place update this is, the rollbacks among them named:
 * - `forward`: the template's change, applied as it is (with the state desiredState asks for, if it changed);
 * - `resume-running-mode-change`: the pool is STOPPED with RESTART_TAG, stopped by a RunningMode change that
 *   never restarted it (CloudFormation cancelled that update: this is its rollback, or a later deploy). Finish
 *   its job: start the pool again. A pool a schedule stopped has no such tag and stays stopped;
 * - `restart-after-always-on`: back to AUTO_STOP from an ALWAYS_ON pool that is STOPPED. No schedule stops an
 *   ALWAYS_ON pool (only AUTO_STOP pools can be stopped): a switch to ALWAYS_ON left it so (typically the rollback
 *   of a failed switch). Start it, as desiredState asks.
 */
export type UpdateCase = 'forward' | 'resume-running-mode-change' | 'restart-after-always-on';

/** Classifies an in-place update (see UpdateCase); `changes` are its inPlaceChanges. */
export function classifyUpdate(oldSpec: PoolSpec, newSpec: PoolSpec, pool: WorkspacesPool, tags: Tags, changes: PoolChanges): UpdateCase {
  if (changedState(oldSpec, newSpec) !== undefined || newSpec.desiredState !== 'RUNNING') {
    return 'forward';
  }
  if (stableStateOf(pool.State) === 'STOPPED' && tags.has(RESTART_TAG)) {
    return 'resume-running-mode-change';
  }
  if (changes.RunningMode === 'AUTO_STOP' && pool.RunningMode === 'ALWAYS_ON' && pool.State === 'STOPPED') {
    return 'restart-after-always-on';
  }
  return 'forward';
}

/**
 * The configuration an in-place update changes. A RunningMode the pool
 * already has is left out: the rollback of an update that never switched it.
 */
function inPlaceChanges(oldSpec: PoolSpec, newSpec: PoolSpec, pool: WorkspacesPool): PoolChanges {
  const changes = configurationChanges(oldSpec, newSpec);
  if (changes.RunningMode !== undefined && changes.RunningMode === pool.RunningMode) {
    delete changes.RunningMode;
  }
  return changes;
}

/** The state the template changed desiredState to; undefined when it did not change it. */
function changedState(oldSpec: PoolSpec, newSpec: PoolSpec): TargetState | undefined {
  return newSpec.desiredState !== oldSpec.desiredState ? newSpec.desiredState : undefined;
}
