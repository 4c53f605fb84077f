/**
 * What the pool handler's two halves share (see ./handler and ./steps):
 * the pool as the service describes it, its tags, the configuration update,
 * the deadline, and the ownership target.
 */
import {
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeWorkspacesPoolsCommand,
  UpdateWorkspacesPoolCommand,
  type WorkSpacesClient,
  type WorkspacesPool,
} from '@aws-sdk/client-workspaces';
import { poolLabel, said, timedOut } from './messages';
import { updateRequest, type PoolChanges, type PoolPlan } from './plan';
import type { DrainHost } from './sessions';
import type { PoolSpec, PoolTag, TargetState } from './spec';
import { describeError } from '../shared/errors';
import { stackTag, VISIBILITY_GRACE_MS, type Tags } from '../shared/ownership';
import { timeoutSecondsOf } from '../shared/plan';
import type { OwnedTarget, PollContext, PollingHandlerOptions } from '../shared/polling-handler';
import type { OnEventRequest } from '../shared/types';
import { WorkSpacesHandler } from '../shared/workspaces-handler';

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

export const TRANSITIONAL_STATES: ReadonlySet<string> = new Set(['CREATING', 'UPDATING', 'STARTING', 'STOPPING']);
const POOL_ID = /^wspool-[0-9a-z]{9}$/;

/**
 * One isComplete poll: the request, its plan and spec, the pool it acts on,
 * and whether that pool's tags were checked in this poll (once per poll,
 * before the first call that changes the pool).
 */
export interface Poll extends PollContext<PoolPlan> {
  readonly spec: PoolSpec;
  readonly poolId: string;
  readonly label: string;
  /** This poll removes the pool: a Delete, or the cleanup of the pool a cancelled rename made. */
  readonly removing: boolean;
  cleared: boolean;
}

/** A pool a search found: its id, itself, its tags and when it was created (epoch ms). */
export interface FoundPool {
  readonly id: string;
  readonly resource: WorkspacesPool;
  readonly tags: Tags;
  readonly madeAt?: number;
}

/** True for an id this handler issues: a pool id. Any other physical id was made up by CloudFormation or stands for an unknown id. */
export function isPoolId(id: string | undefined): id is string {
  return POOL_ID.test(id ?? '');
}

export type PoolHandlerOptions = PollingHandlerOptions;

/** The service calls and checks both onEvent and isComplete make. */
export abstract class PoolBase extends WorkSpacesHandler {
  /** What session draining needs of this handler (see ./sessions). */
  protected readonly drainHost: DrainHost;

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

  /** The pool as the shared ownership steps see it. */
  protected target(event: OnEventRequest, poolId: string, label: string, state: string | undefined): OwnedTarget {
    return this.ownedTarget(poolId, {
      requiredTags: [stackTag(event)],
      what: `WorkSpaces pool ${label}`,
      changes: 'starts, stops, updates or terminates',
      advice: 'Use that pool with WorkspacesPool.fromPoolId, or remove this resource from the stack.',
      state,
      leftAlone: 'left-alone',
    });
  }

  /** The pool, or undefined when it does not exist (an empty list or ResourceNotFoundException). */
  protected describe(poolId: string): Promise<WorkspacesPool | undefined> {
    return this.unlessNotFound(async () => {
      const result = await this.client.send(new DescribeWorkspacesPoolsCommand({ PoolIds: [poolId] }));
      return result.WorkspacesPools?.find(p => p.PoolId === poolId);
    });
  }

  protected async findByName(poolName: string): Promise<WorkspacesPool | undefined> {
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

  /** The pool of this name (unless it is `except`), with its tags. */
  protected async findWithTags(poolName: string, except?: string): Promise<FoundPool | undefined> {
    const pool = await this.findByName(poolName);
    if (!pool?.PoolId || pool.PoolId === except) {
      return undefined;
    }
    return { id: pool.PoolId, resource: pool, tags: await this.tagsOf(pool.PoolId), madeAt: pool.CreatedAt?.getTime() };
  }

  /** Best effort: a tag left behind only makes a later update start a pool its template wants RUNNING anyway. */
  protected async clearRestartTag(poolId: string): Promise<void> {
    try {
      await this.client.send(new DeleteTagsCommand({ ResourceId: poolId, TagKeys: [RESTART_TAG] }));
    } catch (error) {
      this.record(poolId, 'restart-tag-not-removed', { error: describeError(error) });
    }
  }

  /**
   * Sends the update; when it changes capacity, also tags the pool with the
   * request id, so that a later poll can tell the update reached a STOPPED
   * pool that reports no desired sessions. Returns the tagging failure, if
   * any: the update itself went through.
   */
  protected async applyChanges(event: OnEventRequest, poolId: string, changes: PoolChanges): Promise<unknown> {
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

  protected async applyTags(poolId: string, oldTags: readonly PoolTag[], newTags: readonly PoolTag[]): Promise<void> {
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

  protected checkDeadline(
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

  protected vanished(poolName: string, poolId: string): string {
    return `WorkSpaces pool ${poolLabel(poolName, poolId)} no longer exists: it was deleted outside this stack. ` +
      'Change poolName to create a new pool, or remove the pool from the stack.';
  }
}

export /** The resource's attributes: every key present. */
function attributes(pool: WorkspacesPool): Record<string, string> {
  return {
    PoolId: pool.PoolId ?? '',
    PoolArn: pool.PoolArn ?? '',
    PoolName: pool.PoolName ?? '',
    State: pool.State ?? '',
  };
}

export /** The stable state a pool in `state` is in or heading for. */
function stableStateOf(state: string | undefined): TargetState {
  return state === 'STOPPED' || state === 'STOPPING' ? 'STOPPED' : 'RUNNING';
}
