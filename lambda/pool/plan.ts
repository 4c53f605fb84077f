/**
 * The pool handler's plan (see ../shared/plan): what onEvent decides and
 * isComplete carries out, poll by poll.
 */
import type { PoolChanges, TargetState } from './spec';
import type { Operation, Plan } from '../shared/plan';

export interface PoolPlan extends Plan {
  readonly operation: Operation;
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
