/**
 * The two actions that take a pool down, each described once: its API call,
 * the words the log and the messages use, what a refusal means instead of a
 * failure, and the failure message.
 * (https://docs.aws.amazon.com/workspaces/latest/api/API_StopWorkspacesPool.html,
 * https://docs.aws.amazon.com/workspaces/latest/api/API_TerminateWorkspacesPool.html)
 */
import {
  StopWorkspacesPoolCommand,
  TerminateWorkspacesPoolCommand,
  type WorkSpacesClient,
  type WorkspacesPool,
} from '@aws-sdk/client-workspaces';
import { said } from './messages';
import type { PoolPlan } from './plan';
import { errorName } from '../shared/errors';
import { stackTag } from '../shared/ownership';
import type { OnEventRequest } from '../shared/types';

/** Error names with which the service refuses an action in the pool's current state or running mode. */
export const REFUSALS: ReadonlySet<string> = new Set([
  'InvalidResourceStateException',
  'OperationNotSupportedException',
  'ValidationException',
  'InvalidParameterValuesException',
]);

export type PoolActionName = 'stop' | 'terminate';

/** A failed stop or terminate, as its failure message needs it. */
export interface ActionFailure {
  readonly error: unknown;
  readonly label: string;
  readonly pool: WorkspacesPool;
  readonly plan: PoolPlan;
  readonly event: OnEventRequest;
  /** Why the pool was being stopped or terminated ("as desiredState asks"). */
  readonly why: string;
}

export interface PoolAction {
  readonly name: PoolActionName;
  /** The -ing form, also the log event of the accepted call. */
  readonly acting: 'stopping' | 'terminating';
  readonly done: 'stopped' | 'terminated';
  /** True when the pool is tagged for a restart before this action, in a RunningMode change that restores RUNNING. */
  readonly marksRestart: boolean;
  send(client: WorkSpacesClient, poolId: string): Promise<unknown>;
  /**
   * What a refusal means instead of a failure: `done` (the pool is gone
   * already), `stop-first` (some pools must be stopped before they can be
   * terminated); undefined: it is a failure.
   */
  instead(error: unknown, pool: WorkspacesPool): 'done' | 'stop-first' | undefined;
  /** The error the refusal fails the operation with. */
  failure(failed: ActionFailure): Error;
}

export const STOP: PoolAction = {
  name: 'stop',
  acting: 'stopping',
  done: 'stopped',
  send: (client, poolId) => client.send(new StopWorkspacesPoolCommand({ PoolId: poolId })),
  marksRestart: true,
  instead: () => undefined,
  failure: failed => failed.plan.changes?.RunningMode !== undefined
    ? modeChangeStopFailed(failed)
    : actionFailed(STOP, failed, 'Only AUTO_STOP pools can be stopped; keep desiredState RUNNING for ALWAYS_ON pools.'),
};

export const TERMINATE: PoolAction = {
  name: 'terminate',
  acting: 'terminating',
  done: 'terminated',
  send: (client, poolId) => client.send(new TerminateWorkspacesPoolCommand({ PoolId: poolId })),
  marksRestart: false,
  instead: (error, pool) => {
    if (errorName(error) === 'ResourceNotFoundException') {
      return 'done';
    }
    return errorName(error) === 'InvalidResourceStateException' && pool.State === 'RUNNING' && pool.RunningMode === 'AUTO_STOP' ? 'stop-first' : undefined;
  },
  failure: failed => actionFailed(TERMINATE, failed,
    'Terminate it from the WorkSpaces console or CLI (aws workspaces terminate-workspaces-pool), then retry the stack operation.'),
};

/** What to check when the service denies a change of a pool: the role's permissions are conditioned on the stack tag. */
export function accessAdvice(event: OnEventRequest): string {
  const { Key, Value } = stackTag(event);
  return `The provider role may update, start, stop or terminate a pool only when it carries the tag ${Key} = ${Value}: ` +
    'check the pool\'s tags, and the service control policies and permission boundaries that apply to the role.';
}

function actionFailed(action: PoolAction, { error, label, pool, event, why }: ActionFailure, advice: string): Error {
  return new Error(
    `WorkSpaces pool ${label} could not be ${action.done} ${why}: ${said(error)}. ` +
    `The pool is still ${pool.State} in ${pool.RunningMode} mode. ` +
    (errorName(error) === 'AccessDeniedException' ? `${accessAdvice(event)} ` : '') +
    advice,
  );
}

/** A stop for a RunningMode change the service refused: the running mode cannot change while the pool runs. */
function modeChangeStopFailed({ error, label, pool, why }: ActionFailure): Error {
  return new Error(
    `WorkSpaces pool ${label} could not be stopped ${why}: the service answered ${said(error)}. ` +
    `The pool is still ${pool.State} in ${pool.RunningMode} mode, and its configuration was not changed. ` +
    (pool.RunningMode === 'ALWAYS_ON' && REFUSALS.has(errorName(error))
      ? 'A pool\'s running mode changes only while it is stopped, and the service stops only AUTO_STOP pools: an ALWAYS_ON pool cannot change its running mode in place. ' +
        'Keep runningMode ALWAYS_ON, or change poolName to replace it with a new pool in the new running mode.'
      : 'A pool\'s running mode changes only while it is stopped. Stop it from the WorkSpaces console or CLI (aws workspaces stop-workspaces-pool) and deploy again, ' +
        'or change poolName to replace it with a new pool in the new running mode.'),
  );
}
