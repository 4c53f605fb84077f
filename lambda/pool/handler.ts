/**
 * Custom::WorkspacesPool: the whole life of a WorkSpaces pool, done through
 * the WorkSpaces API and waited for through the Provider framework's
 * isComplete polling.
 *
 * - onEvent starts an operation (create, or adopt the pool a retried Create
 *   already made; apply tags and configuration; record the plan) and returns
 *   at once.
 * - isComplete, at every poll, describes the pool and takes the next step
 *   toward the plan's target (see ./steps): start, stop (after the sessions:
 *   see ./sessions), update, terminate, or done. It never sleeps; throttling,
 *   5xx and OperationInProgressException mean "not yet".
 *
 * The diffing of a template change is ./plan's; the service calls and checks
 * both halves make are ./base's.
 */
import { CreateWorkspacesPoolCommand, type WorkspacesPool } from '@aws-sdk/client-workspaces';
import { CREATE_VISIBILITY_GRACE_MS, isPoolId, RESTART_TAG, stableStateOf } from './base';
import { newCustomerAccessDenied, poolLabel, said } from './messages';
import { configurationChanges, hasChanges, PLAN_FIELD, type PoolChanges, type PoolCleanup, type PoolPlan } from './plan';
import { applicationSettings, DEFAULT_TIMEOUT_SECONDS, parseSpec, timeoutSettings, type PoolSpec, type TargetState } from './spec';
import { PoolSteps } from './steps';
import { describeError, errorName, isRetryableError } from '../shared/errors';
import { CANCELLED_OPERATION_LOOKBACK_MS, isCreatedBy, isOwnedBy, ORPHAN_SEARCH_WINDOW_MS, ownerFound, ownershipTags, stackTag, type Tags } from '../shared/ownership';
import { planned, readPlan } from '../shared/plan';
import { PollAgain } from '../shared/polling-handler';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from '../shared/types';

export { CREATE_REQUEST_TAG, OPERATION_TAG, STACK_RESOURCE_TAG, STACK_TAG, stackResourceId } from '../shared/ownership';
export { CREATE_VISIBILITY_GRACE_MS, isPoolId, RESTART_TAG, UPDATE_REQUEST_TAG, type PoolHandlerOptions } from './base';

/** A refusal onEvent states before it has created anything (as opposed to a failed lookup). */
class Refusal extends Error {}

export class PoolHandler extends PoolSteps {
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
