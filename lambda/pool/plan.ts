/**
 * The pool handler's plan (see ../shared/plan): what onEvent decides and
 * isComplete carries out, poll by poll; and the pure diffing behind it
 * (configurationChanges, pendingChanges), all derived from one table that
 * says how an update applies each field of the pool spec.
 */
import type { UpdateWorkspacesPoolCommandInput, WorkspacesPool } from '@aws-sdk/client-workspaces';
import { applicationSettings, timeoutSettings, type PoolSpec, type RunningMode, type TargetState } from './spec';
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

/**
 * What an update changes in the pool's configuration (not its name, state or
 * tags): the fields of an UpdateWorkspacesPool request, present only when the
 * template changed them. Capacity is sent only when the template changed it,
 * so a deploy never undoes what Application Auto Scaling or a person set.
 */
export interface PoolChanges {
  Description?: string;
  BundleId?: string;
  DirectoryId?: string;
  Capacity?: { DesiredUserSessions: number };
  RunningMode?: RunningMode;
  TimeoutSettings?: { DisconnectTimeoutInSeconds?: number; IdleDisconnectTimeoutInSeconds?: number; MaxUserDurationInSeconds?: number };
  ApplicationSettings?: { Status: 'ENABLED' | 'DISABLED'; SettingsGroup?: string };
}

/** A field of an UpdateWorkspacesPool request (https://docs.aws.amazon.com/workspaces/latest/api/API_UpdateWorkspacesPool.html). */
export type UpdateField = keyof PoolChanges;

/**
 * How an update of the template applies one field of the pool spec:
 * - `in-place`: sent in UpdateWorkspacesPool, inside the request field named;
 * - `replacement`: a new pool is made (the name: pool names are unique and never change);
 * - `state`: the pool is started or stopped (StartWorkspacesPool, StopWorkspacesPool);
 * - `tags`: CreateTags and DeleteTags;
 * - `not-sent`: how the handler works (drain, timeout), never sent to the service.
 */
export type FieldUpdate =
  | { readonly how: 'in-place'; readonly field: UpdateField }
  | { readonly how: 'replacement' | 'state' | 'tags' | 'not-sent' };

/** One rule for every field of the pool spec, optional ones included: a field without a rule is a type error. */
export type SpecFieldTable = { readonly [K in keyof PoolSpec]-?: FieldUpdate };

/** The one place that says how each field of the pool spec is applied. */
export const POOL_FIELDS: SpecFieldTable = {
  poolName: { how: 'replacement' },
  description: { how: 'in-place', field: 'Description' },
  bundleId: { how: 'in-place', field: 'BundleId' },
  directoryId: { how: 'in-place', field: 'DirectoryId' },
  desiredUserSessions: { how: 'in-place', field: 'Capacity' },
  runningMode: { how: 'in-place', field: 'RunningMode' },
  desiredState: { how: 'state' },
  disconnectTimeoutInSeconds: { how: 'in-place', field: 'TimeoutSettings' },
  idleDisconnectTimeoutInSeconds: { how: 'in-place', field: 'TimeoutSettings' },
  maxUserDurationInSeconds: { how: 'in-place', field: 'TimeoutSettings' },
  applicationSettingsStatus: { how: 'in-place', field: 'ApplicationSettings' },
  applicationSettingsGroup: { how: 'in-place', field: 'ApplicationSettings' },
  tags: { how: 'tags' },
  drainTimeoutSeconds: { how: 'not-sent' },
  timeoutSeconds: { how: 'not-sent' },
};

/** How one request field is built from a spec and recognised in a described pool. */
export interface RequestField<F extends UpdateField> {
  /** What to send when the template stops setting it; absent: the pool keeps what it has. */
  readonly removed?: NonNullable<PoolChanges[F]>;
  /** The value the spec asks for; undefined when the template leaves it to the service. */
  value(spec: PoolSpec): PoolChanges[F];
  /** True when the pool shows `wanted`; a field without this check would count as applied without a call. */
  shows(pool: WorkspacesPool, wanted: NonNullable<PoolChanges[F]>): boolean;
}

/** One entry for every request field: a field without a way to build it and check it is a type error. */
export type RequestFieldTable = { readonly [F in UpdateField]-?: RequestField<F> };

/** True when every member `wanted` sets is the pool's (members it leaves out are the service's). */
function showsMembers<T extends object>(current: T | undefined, wanted: T): boolean {
  return Object.entries(wanted).every(([key, value]) => value === undefined || current?.[key as keyof T] === value);
}

export const REQUEST_FIELDS: RequestFieldTable = {
  Description: { value: spec => spec.description, shows: (pool, wanted) => pool.Description === wanted },
  BundleId: { value: spec => spec.bundleId, shows: (pool, wanted) => pool.BundleId === wanted },
  DirectoryId: { value: spec => spec.directoryId, shows: (pool, wanted) => pool.DirectoryId === wanted },
  Capacity: {
    value: spec => ({ DesiredUserSessions: spec.desiredUserSessions }),
    // A STOPPED pool reporting 0 desired sessions says nothing about its configured capacity (see capacityUnverifiable).
    shows: (pool, wanted) => capacityUnknowable(pool) || pool.CapacityStatus?.DesiredUserSessions === wanted.DesiredUserSessions,
  },
  RunningMode: { value: spec => spec.runningMode, shows: (pool, wanted) => pool.RunningMode === wanted },
  TimeoutSettings: { value: spec => timeoutSettings(spec), shows: (pool, wanted) => showsMembers(pool.TimeoutSettings ?? {}, wanted) },
  ApplicationSettings: {
    value: spec => applicationSettings(spec),
    // Removing application settings from the template turns persistence off.
    removed: { Status: 'DISABLED' },
    shows: (pool, wanted) => showsMembers(pool.ApplicationSettings, wanted),
  },
};

const UPDATE_FIELDS = Object.keys(REQUEST_FIELDS) as UpdateField[];

/** Sets `changes[field]` to `value` (typed per field). */
function put<F extends UpdateField>(changes: PoolChanges, field: F, value: PoolChanges[F]): void {
  changes[field] = value;
}

/** The request fields one of whose spec fields (per POOL_FIELDS) differs between the two specs. */
function touchedFields(oldSpec: PoolSpec, newSpec: PoolSpec): Set<UpdateField> {
  const touched = new Set<UpdateField>();
  for (const [key, rule] of Object.entries(POOL_FIELDS) as Array<[keyof PoolSpec, FieldUpdate]>) {
    if ('field' in rule && oldSpec[key] !== newSpec[key]) {
      touched.add(rule.field);
    }
  }
  return touched;
}

/** The UpdateWorkspacesPool fields that apply the template's change from oldSpec to newSpec. */
export function configurationChanges(oldSpec: PoolSpec, newSpec: PoolSpec): PoolChanges {
  const changes: PoolChanges = {};
  for (const field of touchedFields(oldSpec, newSpec)) {
    const rule: RequestField<UpdateField> = REQUEST_FIELDS[field];
    const wanted = rule.value(newSpec);
    if (JSON.stringify(wanted) === JSON.stringify(rule.value(oldSpec))) {
      continue;
    }
    const sent = wanted ?? rule.removed;
    if (sent !== undefined) {
      put(changes, field, sent);
    }
  }
  return changes;
}

export function hasChanges(changes: PoolChanges): boolean {
  return Object.keys(changes).length > 0;
}

/** A STOPPED pool reporting no desired sessions, which says nothing about its configured capacity. */
function capacityUnknowable(pool: WorkspacesPool): boolean {
  const reported = pool.CapacityStatus?.DesiredUserSessions;
  return pool.State === 'STOPPED' && (reported === undefined || reported === 0);
}

/** True when the pool cannot show whether a capacity change reached it: STOPPED, reporting no desired sessions. */
export function capacityUnverifiable(pool: WorkspacesPool, changes: PoolChanges): boolean {
  return changes.Capacity !== undefined && capacityUnknowable(pool);
}

/**
 * The changes the pool does not show yet, or undefined when it shows them
 * all. Capacity is compared only where the pool reports it: a STOPPED pool
 * reporting 0 desired sessions says nothing about its configured capacity.
 */
export function pendingChanges(pool: WorkspacesPool, changes: PoolChanges): PoolChanges | undefined {
  const pending: PoolChanges = {};
  for (const field of UPDATE_FIELDS) {
    const rule: RequestField<UpdateField> = REQUEST_FIELDS[field];
    const wanted = changes[field];
    if (wanted !== undefined && !rule.shows(pool, wanted)) {
      put(pending, field, wanted);
    }
  }
  return hasChanges(pending) ? pending : undefined;
}

/** The UpdateWorkspacesPool request that applies `changes`: only the request fields the table knows. */
export function updateRequest(poolId: string, changes: PoolChanges): UpdateWorkspacesPoolCommandInput {
  // Every field of PoolChanges is a request field of the same type (a type error otherwise).
  const fields: Omit<UpdateWorkspacesPoolCommandInput, 'PoolId'> = changes;
  const request: UpdateWorkspacesPoolCommandInput = { PoolId: poolId };
  for (const field of UPDATE_FIELDS) {
    if (fields[field] !== undefined) {
      Object.assign(request, { [field]: fields[field] });
    }
  }
  return request;
}
