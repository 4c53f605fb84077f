/**
 * What onEvent decides and isComplete carries out. The Provider framework
 * hands isComplete the same request at every poll, with the fields onEvent
 * returned merged in: the plan travels as the top-level `PoolPlan` field (not
 * in `Data`, which would become resource attributes). isComplete keeps no
 * state between polls: each poll reads the pool and takes the next step the
 * plan and the pool's observed state call for, so a retried or repeated poll
 * is harmless.
 */
import type { PoolChanges, TargetState } from './spec';

export type Operation = 'create' | 'update' | 'delete' | 'none';

export interface PoolPlan {
  readonly operation: Operation;
  /** Epoch milliseconds when onEvent ran. */
  readonly startedAt: number;
  /** Epoch milliseconds after which the operation fails with the last state seen. */
  readonly deadline: number;
  /** The state to end in; absent: whichever stable state the pool is in (unrelated updates never start or stop a pool). */
  readonly target?: TargetState;
  /** Configuration still to apply (UpdateWorkspacesPool fields), compared with the pool at every poll. */
  readonly changes?: PoolChanges;
  /** The capacity the pool must report before a create or a capacity change counts as done. */
  readonly expectCapacity?: number;
  /** Pool error codes present before this operation began: logged, not failed on. */
  readonly knownErrors: readonly string[];
  /** Epoch milliseconds until which a stop or terminate waits for sessions to end; absent: do not wait. */
  readonly drainUntil?: number;
  /**
   * The state the pool was in before this operation stopped it for a
   * RunningMode change; RUNNING also when an earlier, interrupted operation
   * had stopped it for one (its RESTART_TAG), which this one completes.
   */
  readonly restoreState?: TargetState;
  /**
   * Delete whose physical id is not a pool id (CloudFormation made it up for
   * a create it cancelled): until this epoch ms, look for the pool a create
   * of this stack resource made, by the name in the properties, and delete it.
   */
  readonly searchUntil?: number;
  /**
   * Update that renames back to the pool it keeps (the rollback of a rename
   * that failed or was cancelled): the pool the rename made, named here and
   * owned by this stack resource, is deleted first; CloudFormation never
   * sends a Delete for it, since the rename never completed.
   */
  readonly cleanup?: PoolCleanup;
}

export interface PoolCleanup {
  /** The name of the pool the failed or cancelled rename made. */
  readonly poolName: string;
  /** The pool this update keeps (never deleted by the cleanup). */
  readonly keep: string;
  /** Epoch ms until which the cleanup keeps looking for it (its create may still be on its way). */
  readonly searchUntil: number;
}

export const PLAN_FIELD = 'PoolPlan';

export function readPlan(event: Readonly<Record<string, unknown>>): PoolPlan {
  const plan = event[PLAN_FIELD] as PoolPlan | undefined;
  if (!plan || typeof plan !== 'object' || typeof plan.operation !== 'string' || typeof plan.deadline !== 'number') {
    throw new Error(
      'The isComplete request carries no pool plan: it was not started by this version of the pool handler. ' +
      'Deploy again; if this repeats, report it with the provider\'s log.',
    );
  }
  return plan;
}
