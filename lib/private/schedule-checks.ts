import { Token } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { IConstruct } from 'constructs';
import { validationError } from './errors';

/*
 * Checks shared by the scheduleStart/scheduleStop and auto scaling methods of
 * pools (WorkspacesPoolBase) and fleets (ApplicationsFleetBase). The schedule
 * expression itself is checked by `validateScheduleExpression` (pool-validation.ts).
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
