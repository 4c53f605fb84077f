/**
 * Error classification shared by every handler.
 *
 * The AWS SDK already retries each call with exponential backoff and full
 * jitter (standard retry mode, see `sdkClientConfig`). What is left to a
 * handler is to tell, when a call still fails, whether the failure means
 * "not yet" (poll again at the next isComplete) or "this will not work"
 * (fail the resource with a message a person can act on).
 */

/** Error names the service or the SDK use for throttling. */
const THROTTLING_NAMES: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'SlowDown',
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'TransactionInProgressException',
]);

/** Error names of failures in transit: nothing reached the service, or its answer was lost. */
const TRANSIENT_NAMES: ReadonlySet<string> = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'PriorRequestNotComplete',
  'InternalError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);

/** Node.js socket error codes of a connection that failed or was cut. */
const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/**
 * WorkSpaces' own "busy" answer: another operation on the same resource has
 * not finished. Waiting and asking again is the documented remedy.
 */
export const OPERATION_IN_PROGRESS = 'OperationInProgressException';

interface ErrorLike {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly $retryable?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

function asErrorLike(error: unknown): ErrorLike {
  return typeof error === 'object' && error !== null ? (error as ErrorLike) : {};
}

/** The error's name as the SDK sets it (the service's error code), or `Error`. */
export function errorName(error: unknown): string {
  const { name, code } = asErrorLike(error);
  if (typeof name === 'string' && name !== '' && name !== 'Error') {
    return name;
  }
  return typeof code === 'string' && code !== '' ? code : 'Error';
}

/** The error's message, or its string form. */
export function errorMessage(error: unknown): string {
  const { message } = asErrorLike(error);
  if (typeof message === 'string') {
    return message;
  }
  return String(error);
}

/** `Name: message`, the form failure messages quote the service in. */
export function describeError(error: unknown): string {
  const name = errorName(error);
  const message = errorMessage(error);
  return message === '' || message === name ? name : `${name}: ${message}`;
}

/** The HTTP status of the service's answer, when there was one. */
export function httpStatus(error: unknown): number | undefined {
  const status = asErrorLike(error).$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

/** True for throttling, in any of the forms AWS services use. */
export function isThrottlingError(error: unknown): boolean {
  const { $retryable } = asErrorLike(error);
  if (typeof $retryable === 'object' && $retryable !== null && (($retryable as { throttling?: unknown }).throttling === true)) {
    return true;
  }
  return THROTTLING_NAMES.has(errorName(error)) || httpStatus(error) === 429;
}

/**
 * True when the failure says nothing about the resource: throttling, a 5xx,
 * a network failure, or WorkSpaces' OperationInProgressException. During a
 * poll such an error means "not yet", never failure.
 */
export function isRetryableError(error: unknown): boolean {
  if (isThrottlingError(error)) {
    return true;
  }
  const name = errorName(error);
  if (name === OPERATION_IN_PROGRESS || TRANSIENT_NAMES.has(name)) {
    return true;
  }
  const status = httpStatus(error);
  if (status !== undefined && status >= 500) {
    return true;
  }
  const { code } = asErrorLike(error);
  return typeof code === 'string' && NETWORK_CODES.has(code);
}
