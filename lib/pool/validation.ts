import { ArnFormat, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
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

/** A Duration as whole seconds within [min, max]; returns the seconds, or undefined when absent. */
export function durationSeconds(scope: IConstruct, prop: string, value: Duration | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (value.isUnresolved()) return value.toSeconds();
  const seconds = value.toSeconds({ integral: false });
  if (!Number.isInteger(seconds)) {
    throw validationError(scope, `\`${prop}\` must be a whole number of seconds, got ${value.toHumanString()}`);
  }
  if (seconds < min || seconds > max) {
    throw validationError(scope, `\`${prop}\` must be between ${min} and ${max} seconds, got ${seconds}`);
  }
  return seconds;
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

/*
 * Schedule expressions of scheduleStart/scheduleStop, checked at synth so that
 * a wrong one fails before the deploy instead of at CreateSchedule. The rules
 * are EventBridge Scheduler's, "Schedule types":
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 * (the cron fields and wildcards are those of the EventBridge cron reference it
 * links, https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html),
 * CreateSchedule's ScheduleExpression (a rate is a positive integer and
 * minute | minutes | hour | hours | day | days):
 * https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html#scheduler-CreateSchedule-request-ScheduleExpression
 * and the singular unit for 1, plural above:
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rate-expressions.html
 */

/** A cron field: its name, range, names (JAN-DEC, SUN-SAT) and the wildcards the documentation lists for it. */
interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly wildcards: string;
  readonly names?: readonly string[];
}

const CRON_FIELDS: readonly CronField[] = [
  { name: 'minutes', min: 0, max: 59, wildcards: ', - * /' },
  { name: 'hours', min: 0, max: 23, wildcards: ', - * /' },
  { name: 'day-of-month', min: 1, max: 31, wildcards: ', - * ? / L W' },
  { name: 'month', min: 1, max: 12, wildcards: ', - * /', names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day-of-week', min: 1, max: 7, wildcards: ', - * ? L #', names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
  { name: 'year', min: 1970, max: 2199, wildcards: ', - * /' },
];

/** The rate units, true for the plural ones. */
const RATE_UNITS: Record<string, boolean> = { minute: false, minutes: true, hour: false, hours: true, day: false, days: true };

/**
 * Refuses a schedule expression EventBridge Scheduler would refuse at deploy:
 * `cron(…)` with six fields in range, `rate(…)` with a positive whole number
 * and a unit, `at(yyyy-mm-ddThh:mm:ss)`. Tokens pass.
 *
 * @param method `scheduleStart` or `scheduleStop`
 * @param id the schedule's id, as given to the method
 */
export function validateScheduleExpression(scope: IConstruct, method: string, id: string, expression: string): void {
  if (Token.isUnresolved(expression)) return;
  const match = /^(cron|rate|at)\((.*)\)$/s.exec(expression);
  const problem = match === null
    ? 'an EventBridge Scheduler expression is cron(minutes hours day-of-month month day-of-week year), rate(value unit) or at(yyyy-mm-ddThh:mm:ss)'
    : { cron: cronProblem, rate: rateProblem, at: atProblem }[match[1] as 'cron' | 'rate' | 'at'](match[2]);
  if (problem !== undefined) {
    throw validationError(scope, `\`${method}('${id}', expression)\`: ${problem}, got '${expression}'`);
  }
}

/** What is wrong with the fields of `cron(fields)`, or undefined. */
function cronProblem(body: string): string | undefined {
  const fields = body.trim().split(/\s+/).filter(f => f !== '');
  if (fields.length !== 6) {
    return `a cron expression has six fields (minutes hours day-of-month month day-of-week year), this one ${fields.length}`;
  }
  for (let i = 0; i < 6; i++) {
    const problem = cronFieldProblem(CRON_FIELDS[i], fields[i]);
    if (problem !== undefined) return problem;
  }
  if (fields[2] !== '?' && fields[4] !== '?') {
    return `a cron expression needs ? in day-of-month or day-of-week (a value or * in one needs ? in the other), this one has '${fields[2]}' and '${fields[4]}'`;
  }
  return undefined;
}

/** What is wrong with one cron field (a comma-separated list of items), or undefined. */
function cronFieldProblem(field: CronField, text: string): string | undefined {
  const items = text.split(',');
  if (field.name === 'day-of-week' && text.includes('#') && items.length > 1) {
    return `day-of-week takes a single expression when it uses #, this one '${text}'`;
  }
  if (text === '?' && field.wildcards.includes('?')) return undefined;
  if (!items.every(item => cronItemValid(field, item.toUpperCase()))) {
    const names = field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : '';
    return `${field.name} takes ${field.min}-${field.max}${names} and the wildcards ${field.wildcards}, this one '${text}'`;
  }
  return undefined;
}

/**
 * One item of a cron field: `*`, a value or range with an optional `/step`,
 * or a day wildcard (L, W, #). A `/step` in day-of-week, which the
 * documentation does not list there, passes: the check refuses only what is
 * known to be wrong.
 */
function cronItemValid(field: CronField, item: string): boolean {
  const value = (text: string) => cronValue(field, text) !== undefined;
  if (field.name === 'day-of-month' && /^(L|LW|\d{1,2}W)$/.test(item)) {
    return item.startsWith('L') || value(item.slice(0, -1));
  }
  if (field.name === 'day-of-week') {
    const last = /^(.*)L$/.exec(item);
    if (last) return last[1] === '' || value(last[1]);
    const nth = /^([^#]+)#([1-5])$/.exec(item);
    if (nth) return value(nth[1]);
  }
  const [range, step, ...rest] = item.split('/');
  if (rest.length > 0 || (step !== undefined && !/^[1-9]\d*$/.test(step))) return false;
  if (range === '*') return true;
  const bounds = range.split('-');
  return bounds.length <= 2 && bounds.every(value);
}

/** A cron value as a number within the field's range (names allowed where the field has them), or undefined. */
function cronValue(field: CronField, text: string): number | undefined {
  const byName = field.names?.indexOf(text) ?? -1;
  const n = byName >= 0 ? byName + 1 : (/^\d+$/.test(text) ? Number(text) : NaN);
  return n >= field.min && n <= field.max ? n : undefined;
}

/** What is wrong with `rate(value unit)`, or undefined. */
function rateProblem(body: string): string | undefined {
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(body);
  if (match === null || !/^[1-9]\d*$/.test(match[1]) || !(match[2] in RATE_UNITS)) {
    return 'a rate expression is rate(value unit), a positive whole number and minute(s), hour(s) or day(s)';
  }
  const plural = match[1] !== '1';
  if (RATE_UNITS[match[2]] !== plural) {
    return `a rate of ${match[1]} takes the ${plural ? 'plural' : 'singular'} unit (rate(1 hour), rate(5 hours))`;
  }
  return undefined;
}

/** What is wrong with `at(yyyy-mm-ddThh:mm:ss)`, or undefined. */
function atProblem(body: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body);
  if (match === null) return 'a one-time expression is at(yyyy-mm-ddThh:mm:ss)';
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  const exists = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    && hour <= 23 && minute <= 59 && second <= 59;
  return exists ? undefined : 'a one-time expression at(yyyy-mm-ddThh:mm:ss) needs a date and time that exist';
}

/** `scaleOnUtilization()`: a percentage, more than 0 and at most 100. */
export function validateTargetUtilization(scope: IConstruct, target: number): void {
  if (!Token.isUnresolved(target) && !(target > 0 && target <= 100)) {
    throw validationError(scope, `\`targetUtilizationPercent\` must be more than 0 and at most 100 (a percentage), got ${target}`);
  }
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
