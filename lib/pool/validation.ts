import { ArnFormat, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { validationError } from '../private/errors';

/**
 * Synth-time checks of WorkSpaces pool properties, one function per rule.
 * Each skips unresolved tokens and names the construct (`scope`), the prop,
 * the rule and the value.
 * The limits are the WorkSpaces API's (CreateWorkspacesPool, TimeoutSettings,
 * ApplicationSettingsRequest): https://docs.aws.amazon.com/workspaces/latest/api/API_CreateWorkspacesPool.html
 * and the data types it links to.
 */

export const POOL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const POOL_DESCRIPTION = /^[a-zA-Z0-9_./() -]+$/;
export const BUNDLE_ID = /^wsb-[0-9a-z]{8,63}$/;
export const POOL_ID = /^wspool-[0-9a-z]{9}$/;
export const SETTINGS_GROUP = /^[A-Za-z0-9_./()!*'-]+$/;

export function validatePoolName(scope: IConstruct, poolName: string | undefined): void {
  if (poolName === undefined || Token.isUnresolved(poolName)) return;
  if (!POOL_NAME.test(poolName)) {
    throw validationError(scope, `\`poolName\` must be 1-64 characters, start with a letter or digit and contain only letters, digits, '_', '.' and '-' (${POOL_NAME.source}), got '${poolName}'`);
  }
}

export function validateDescription(scope: IConstruct, description: string | undefined): void {
  if (description === undefined || Token.isUnresolved(description)) return;
  if (description.length < 1 || description.length > 255) {
    throw validationError(scope, `\`description\` must be 1-255 characters long, got ${description.length} characters`);
  }
  if (!POOL_DESCRIPTION.test(description)) {
    throw validationError(scope, `\`description\` may contain only letters, digits, spaces and _ . / ( ) - (${POOL_DESCRIPTION.source}), got '${description}'`);
  }
}

export function validateBundleId(scope: IConstruct, bundleId: string): void {
  if (Token.isUnresolved(bundleId)) return;
  if (!BUNDLE_ID.test(bundleId)) {
    throw validationError(scope, `\`bundleId\` must match ${BUNDLE_ID.source}, got '${bundleId}'`);
  }
}

export function validatePoolDirectoryId(scope: IConstruct, directoryId: string): void {
  if (Token.isUnresolved(directoryId)) return;
  if (!directoryId.startsWith('wsd-')) {
    throw validationError(scope, `\`directory\` must be a WorkSpaces Pools directory (an id starting with wsd-), got '${directoryId}': pools cannot use a Directory Service (d-…) directory`);
  }
}

/** `childId`: the id under `scope` of the imported pool, not created yet. */
export function validatePoolId(scope: IConstruct, poolId: string, childId?: string): void {
  if (Token.isUnresolved(poolId)) return;
  if (!POOL_ID.test(poolId)) {
    throw validationError(scope, `\`poolId\` must match ${POOL_ID.source}, got '${poolId}'`, childId);
  }
}

export function validateDesiredUserSessions(scope: IConstruct, desiredUserSessions: number): void {
  if (Token.isUnresolved(desiredUserSessions)) return;
  if (!Number.isInteger(desiredUserSessions) || desiredUserSessions < 0) {
    throw validationError(scope, `\`desiredUserSessions\` must be a whole number of 0 or more, got ${desiredUserSessions}`);
  }
}

/** The construct id of a pool's scalable target (`autoScaleUserSessions`). */
export const USER_SESSIONS_SCALING_ID = 'UserSessionsScaling';

/**
 * A RUNNING pool with 0 desired user sessions provisions no session: nobody
 * can connect. That makes sense only when auto scaling raises the capacity
 * later (a scheduled action; target tracking cannot scale out from 0, the
 * utilization of no capacity being undefined), which is known only once the
 * app is built: checked at synth.
 */
export function validateRunningCapacity(pool: IConstruct, desiredUserSessions: number, running: boolean): void {
  if (!running || Token.isUnresolved(desiredUserSessions) || desiredUserSessions !== 0) return;
  pool.node.addValidation({
    validate: () => (pool.node.tryFindChild(USER_SESSIONS_SCALING_ID) ? [] : [
      '`desiredUserSessions` must be 1 or more for a RUNNING pool (0 provisions no session, so no user can connect), ' +
      'unless autoScaleUserSessions() raises it with a scheduled action; or set `desiredState` STOPPED. ' +
      'Got desiredUserSessions 0 with desiredState RUNNING and no auto scaling',
    ]),
  });
}

export function validateSettingsGroup(scope: IConstruct, persistence: boolean, settingsGroup: string | undefined): void {
  if (settingsGroup === undefined || Token.isUnresolved(settingsGroup)) return;
  if (!persistence) {
    throw validationError(scope, `\`applicationSettings.settingsGroup\` applies only when \`applicationSettings.persistence\` is true, got settingsGroup '${settingsGroup}' with persistence false`);
  }
  if (settingsGroup.length < 1 || settingsGroup.length > 100) {
    throw validationError(scope, `\`applicationSettings.settingsGroup\` must be 1-100 characters long, got ${settingsGroup.length} characters`);
  }
  if (!SETTINGS_GROUP.test(settingsGroup)) {
    throw validationError(scope, `\`applicationSettings.settingsGroup\` may contain only letters, digits and _ . / ( ) ! * ' - (${SETTINGS_GROUP.source}), got '${settingsGroup}'`);
  }
}

/** A STOPPED pool must be able to stop: `runningMode` AUTO_STOP (the values are RunningMode's and PoolState's). */
export function validateStoppedPoolMode(scope: IConstruct, desiredState: string, runningMode: string): void {
  if (desiredState === 'STOPPED' && runningMode === 'ALWAYS_ON') {
    throw validationError(scope, '`desiredState` STOPPED needs `runningMode` AUTO_STOP: an ALWAYS_ON pool cannot be stopped, got runningMode ALWAYS_ON');
  }
}

/** A schedule that starts or stops the pool needs a pool that can be started and stopped (`runningMode` AUTO_STOP). */
export function validateScheduleRunningMode(scope: IConstruct, action: string, runningMode: string): void {
  if (runningMode === 'ALWAYS_ON') {
    throw validationError(scope, `A schedule calling ${action} needs \`runningMode\` AUTO_STOP: an ALWAYS_ON pool cannot be started or stopped, got runningMode ALWAYS_ON`);
  }
}

/** A pool is terminated or kept: it has no snapshot. */
export function validatePoolRemovalPolicy(scope: IConstruct, removalPolicy: RemovalPolicy): void {
  if (removalPolicy !== RemovalPolicy.DESTROY && removalPolicy !== RemovalPolicy.RETAIN) {
    throw validationError(scope, `\`removalPolicy\` must be DESTROY or RETAIN (a pool has no snapshot), got ${removalPolicy}`);
  }
}

/** A name that satisfies POOL_NAME and POOL_DESCRIPTION from any text: other characters become '-'. */
export function sanitize(text: string, allowed: RegExp, maxLength: number): string {
  const cleaned = Array.from(text).map(c => (allowed.test(c) ? c : '-')).join('');
  return cleaned.slice(0, maxLength);
}

/**
 * `fromPoolAttributes`: the pool id, given or read from the ARN; a pool id and an ARN given
 * together must name the same pool.
 */
export function poolIdOfAttributes(scope: IConstruct, id: string, attrs: { readonly poolId?: string; readonly poolArn?: string }): string {
  if (attrs.poolId === undefined && attrs.poolArn === undefined) {
    throw validationError(scope, '`fromPoolAttributes` needs `poolId` or `poolArn`, got neither', id);
  }
  const arnPoolId = attrs.poolArn !== undefined ? Stack.of(scope).splitArn(attrs.poolArn, ArnFormat.SLASH_RESOURCE_NAME).resourceName : undefined;
  const poolId: string | undefined = attrs.poolId ?? arnPoolId;
  if (poolId === undefined) {
    throw validationError(scope, `\`poolArn\` must name a pool (…:workspacespool/wspool-…), got '${attrs.poolArn}'`, id);
  }
  validatePoolId(scope, poolId, id);
  const comparable = attrs.poolId !== undefined && arnPoolId !== undefined && !Token.isUnresolved(attrs.poolId) && !Token.isUnresolved(arnPoolId);
  if (comparable && attrs.poolId !== arnPoolId) {
    throw validationError(scope, `\`poolId\` and \`poolArn\` must name the same pool, got poolId '${attrs.poolId}' and poolArn '${attrs.poolArn}'`, id);
  }
  return poolId;
}
