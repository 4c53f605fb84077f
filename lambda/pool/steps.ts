/**
 * isComplete's steps toward the plan's target, one poll at a time: apply the
 * configuration the pool does not show yet, start, stop (after the sessions:
 * see ./sessions), terminate, or done.
 */
import {
  CreateTagsCommand,
  DescribeTagsCommand,
  StartWorkspacesPoolCommand,
  type WorkspacesPool,
} from '@aws-sdk/client-workspaces';
import { REFUSALS, STOP, TERMINATE, type PoolAction } from './actions';
import { attributes, CREATE_VISIBILITY_GRACE_MS, PoolBase, RESTART_TAG, TRANSITIONAL_STATES, UPDATE_REQUEST_TAG, type Poll } from './base';
import { capacitySummary, describePoolErrors, poolLabel, said, settledWithErrors } from './messages';
import { capacityUnverifiable, pendingChanges, type PoolChanges, type PoolPlan } from './plan';
import { readyToStop } from './sessions';
import type { PoolSpec } from './spec';
import { describeError, errorName, isRetryableError } from '../shared/errors';
import { PollAgain } from '../shared/polling-handler';
import type { IsCompleteRequest, IsCompleteResponse } from '../shared/types';

/** The steps of an isComplete poll (see ./handler for the poll itself). */
export abstract class PoolSteps extends PoolBase {
  protected poll(event: IsCompleteRequest, plan: PoolPlan, spec: PoolSpec, poolId: string, removing: boolean): Poll {
    return { event, plan, spec, poolId, label: poolLabel(spec.poolName, poolId), removing, cleared: false };
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

  protected async stepTowardTarget(poll: Poll, pool: WorkspacesPool | undefined): Promise<IsCompleteResponse> {
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

  protected async stepDelete(poll: Poll, pool: WorkspacesPool | undefined): Promise<IsCompleteResponse> {
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
}
