import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, IConstruct } from 'constructs';
import { validationError } from './errors';

/** The options of a pool's or a fleet's scheduleStart/scheduleStop (PoolScheduleOptions, FleetScheduleOptions). */
export interface ActionScheduleOptions {
  readonly description?: string;
  readonly enabled?: boolean;
  readonly retryAttempts?: number;
  readonly deadLetterQueue?: sqs.IQueue;
  readonly scheduleGroup?: scheduler.IScheduleGroup;
}

/** One start or stop schedule: EventBridge Scheduler calling the service's API directly (no Lambda). */
export interface ActionSchedule {
  /** `scheduleStart` or `scheduleStop`, for the construct id and messages. */
  readonly method: 'scheduleStart' | 'scheduleStop';
  readonly id: string;
  /** What is scheduled, for messages: `pool`, `fleet`. */
  readonly noun: string;
  readonly expression: scheduler.ScheduleExpression;
  readonly options: ActionScheduleOptions;
  /** The schedule's description when the options give none. */
  readonly defaultDescription: string;
  /** The universal target: the SDK service and action (`workspaces`, `startWorkspacesPool`) and its input. */
  readonly service: string;
  readonly sdkAction: string;
  readonly input: Record<string, unknown>;
  /** The IAM action the schedule's role is given, on `resourceArn` only (least privilege). */
  readonly iamAction: string;
  readonly resourceArn: string;
}

/**
 * Adds a start or stop schedule under `scope` (construct `ScheduledStart<id>` or
 * `ScheduledStop<id>`), after the checks every schedule shares: the id unique
 * among the scope's schedules of that kind, the expression, the retries.
 */
export function addActionSchedule(scope: Construct, s: ActionSchedule): scheduler.Schedule {
  const start = s.method === 'scheduleStart';
  const constructId = `${start ? 'ScheduledStart' : 'ScheduledStop'}${s.id}`;
  if (scope.node.tryFindChild(constructId)) {
    throw validationError(scope, `\`${s.method}\` id must be unique among this ${s.noun}'s ${start ? 'start' : 'stop'} schedules, got '${s.id}' twice`);
  }
  validateScheduleExpression(scope, s.method, s.id, s.expression.expressionString);
  validateRetryAttempts(scope, s.options.retryAttempts);
  return new scheduler.Schedule(scope, constructId, {
    schedule: s.expression,
    description: s.options.description ?? s.defaultDescription,
    enabled: s.options.enabled ?? true,
    scheduleGroup: s.options.scheduleGroup,
    target: new targets.Universal({
      service: s.service,
      action: s.sdkAction,
      input: scheduler.ScheduleTargetInput.fromObject(s.input),
      retryAttempts: s.options.retryAttempts ?? 3,
      deadLetterQueue: s.options.deadLetterQueue,
      // Least privilege: the one action, on the one resource.
      policyStatements: [new iam.PolicyStatement({ actions: [s.iamAction], resources: [s.resourceArn] })],
    }),
  });
}

/*
 * Checks shared by the scheduleStart/scheduleStop and auto scaling methods of
 * pools (WorkspacesPoolBase) and fleets (ApplicationsFleetBase), the schedule
 * expression among them (`validateScheduleExpression`).
 */

/**
 * Before 1.0, `scheduleStart(expression, options?)` took the expression first.
 * Plain JavaScript still compiles such a call, which then fails deep inside
 * aws-cdk-lib ("Cannot read properties of undefined (reading
 * 'expressionString')"): say what changed instead.
 */
export function requireIdFirst(scope: IConstruct, method: string, id: unknown, expression: unknown): void {
  if (typeof id === 'string' && typeof (expression as scheduler.ScheduleExpression | undefined)?.expressionString === 'string') return;
  const kind = (value: unknown) => (value === null || value === undefined ? String(value) : typeof value === 'object' ? 'an object' : `a ${typeof value}`);
  const given = typeof id === 'string' ? `id '${id}' and ${kind(expression)} as the expression` : `${kind(id)} as the id`;
  throw validationError(scope, `\`${method}(id, expression, options?)\` takes the schedule's id first and its expression second since 1.0 ` +
    `(before 1.0 it was ${method}(expression, options?); see CHANGELOG.md), got ${given}`);
}

/**
 * EventBridge Scheduler's RetryPolicy.MaximumRetryAttempts: 0-185
 * (https://docs.aws.amazon.com/scheduler/latest/APIReference/API_RetryPolicy.html).
 */
export function validateRetryAttempts(scope: IConstruct, retries: number | undefined): void {
  if (retries === undefined || Token.isUnresolved(retries)) return;
  if (!Number.isInteger(retries) || retries < 0 || retries > 185) {
    throw validationError(scope, `\`retryAttempts\` must be a whole number between 0 and 185, got ${retries}`);
  }
}

/** The capacity range of an Application Auto Scaling scalable target: whole numbers, 0 or more, max ≥ min. */
export function validateScalingRange(scope: IConstruct, props: { readonly minCapacity: number; readonly maxCapacity: number }): void {
  for (const [prop, value] of [['minCapacity', props.minCapacity], ['maxCapacity', props.maxCapacity]] as const) {
    if (!Token.isUnresolved(value) && (!Number.isInteger(value) || value < 0)) {
      throw validationError(scope, `\`${prop}\` must be a whole number of 0 or more, got ${value}`);
    }
  }
  if (!Token.isUnresolved(props.minCapacity) && !Token.isUnresolved(props.maxCapacity) && props.maxCapacity < props.minCapacity) {
    throw validationError(scope, `\`maxCapacity\` must be at least \`minCapacity\` (${props.minCapacity}), got ${props.maxCapacity}`);
  }
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
