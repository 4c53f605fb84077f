import { Duration } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { validationError } from './errors';
import { ProviderTimings, QUERY_INTERVAL_CONTEXT, TOTAL_TIMEOUT_CONTEXT } from './provider';

/** The default time one operation of a custom resource may take. */
export const DEFAULT_TIMEOUT = Duration.minutes(55);
/** The shortest operation timeout a construct accepts. */
export const MIN_TIMEOUT_SECONDS = 60;

/** Which prop an operation timeout comes from, and its default. */
export interface OperationTimeoutOptions {
  /** The prop named in messages. @default 'timeout' */
  readonly prop?: string;
  /** The timeout when the prop is not given (lowered to fit the provider's). @default DEFAULT_TIMEOUT */
  readonly defaultTimeout?: Duration;
}

/**
 * The operation timeout: at most the provider's total timeout minus one query
 * interval, so that the resource's own message (with the last state seen) comes
 * before the Provider framework's generic one.
 */
export function operationTimeout(
  scope: IConstruct, timeout: Duration | undefined, timings: ProviderTimings, options: OperationTimeoutOptions = {},
): Duration {
  const prop = options.prop ?? 'timeout';
  const total = timings.totalTimeout.toSeconds();
  const interval = timings.queryInterval.toSeconds();
  const max = total - interval;
  const rule = `the provider's total timeout of ${total} s minus one query interval of ${interval} s`;
  const contexts = `(context keys ${TOTAL_TIMEOUT_CONTEXT} and ${QUERY_INTERVAL_CONTEXT})`;
  if (max < MIN_TIMEOUT_SECONDS) {
    throw validationError(scope, `\`${prop}\` must be at least ${MIN_TIMEOUT_SECONDS} seconds and at most ${rule}, which leaves only ${max} s ${contexts}: raise ${TOTAL_TIMEOUT_CONTEXT}`);
  }
  if (timeout === undefined) {
    // A last poll's margin below the maximum, when there is room for it.
    return Duration.seconds(Math.max(MIN_TIMEOUT_SECONDS, Math.min((options.defaultTimeout ?? DEFAULT_TIMEOUT).toSeconds(), max - interval)));
  }
  if (timeout.isUnresolved()) {
    return timeout;
  }
  const seconds = timeout.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < MIN_TIMEOUT_SECONDS || seconds > max) {
    throw validationError(scope, `\`${prop}\` must be a whole number of seconds between ${MIN_TIMEOUT_SECONDS} and ${max} (${rule}), got ${seconds} ${contexts}`);
  }
  return timeout;
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
