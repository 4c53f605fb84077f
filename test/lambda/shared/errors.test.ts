import {
  AccessDeniedException,
  InvalidParameterValuesException,
  OperationInProgressException,
  ResourceNotFoundException,
} from '@aws-sdk/client-workspaces';
import { describeError, errorMessage, errorName, httpStatus, isRetryableError, isThrottlingError } from '../../../lambda/shared/errors';

const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode, requestId: 'req-1', attempts: 6, totalRetryDelay: 12000 } });

/** An error shaped the way the SDK rejects with a modelled-less service error. */
function serviceError(name: string, message: string, httpStatusCode: number, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, $fault: httpStatusCode >= 500 ? 'server' : 'client', ...metadata(httpStatusCode), ...extra });
}

describe('isRetryableError', () => {
  test.each([
    ['ThrottlingException', 400],
    ['Throttling', 400],
    ['TooManyRequestsException', 429],
    ['RequestLimitExceeded', 503],
  ])('is true for throttling named %s', (name, status) => {
    const error = serviceError(name, 'Rate exceeded', status);
    expect(isThrottlingError(error)).toBe(true);
    expect(isRetryableError(error)).toBe(true);
  });

  test('is true for an error the SDK marks as throttling', () => {
    const error = serviceError('SomeNewThrottle', 'slow down', 400, { $retryable: { throttling: true } });
    expect(isThrottlingError(error)).toBe(true);
    expect(isRetryableError(error)).toBe(true);
  });

  test('is true for a bare HTTP 429', () => {
    expect(isThrottlingError(serviceError('UnknownError', '', 429))).toBe(true);
  });

  test.each([500, 502, 503, 504])('is true for a %i from the service', status => {
    const error = serviceError('InternalServerError', 'We encountered an internal error', status);
    expect(isThrottlingError(error)).toBe(false);
    expect(isRetryableError(error)).toBe(true);
  });

  test('is true for OperationInProgressException: another operation has not finished yet', () => {
    const error = new OperationInProgressException({ message: 'The properties of this WorkSpace are currently being modified. Try again in a moment.', ...metadata(400) });
    expect(isRetryableError(error)).toBe(true);
  });

  test.each(['ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN'])('is true for the network failure %s', code => {
    expect(isRetryableError(Object.assign(new Error(`socket ${code}`), { code }))).toBe(true);
  });

  test('is true for an SDK TimeoutError', () => {
    expect(isRetryableError(Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError' }))).toBe(true);
  });

  test.each([
    ['AccessDeniedException', new AccessDeniedException({ message: 'not authorized', ...metadata(400) })],
    ['ResourceNotFoundException', new ResourceNotFoundException({ message: 'The resource could not be found.', ...metadata(400) })],
    ['InvalidParameterValuesException', new InvalidParameterValuesException({ message: 'bad bundle', ...metadata(400) })],
    ['a plain Error', new Error('boom')],
    ['a string', 'boom'],
    ['undefined', undefined],
  ])('is false for %s: the failure is about the request, not the moment', (_label, error) => {
    expect(isThrottlingError(error)).toBe(false);
    expect(isRetryableError(error)).toBe(false);
  });
});

describe('describing errors', () => {
  test('quotes the service\'s error code and message', () => {
    const error = new AccessDeniedException({ message: 'WorkSpaces Pools is no longer available to new customers', ...metadata(400) });
    expect(errorName(error)).toBe('AccessDeniedException');
    expect(errorMessage(error)).toBe('WorkSpaces Pools is no longer available to new customers');
    expect(describeError(error)).toBe('AccessDeniedException: WorkSpaces Pools is no longer available to new customers');
    expect(httpStatus(error)).toBe(400);
  });

  test('uses a Node.js error code when the name says nothing', () => {
    const error = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(describeError(error)).toBe('ECONNRESET: read ECONNRESET');
  });

  test('does not repeat a message that is only the name', () => {
    expect(describeError(serviceError('UnknownError', 'UnknownError', 500))).toBe('UnknownError');
    expect(describeError(serviceError('UnknownError', '', 500))).toBe('UnknownError');
  });

  test('describes values that are not errors', () => {
    expect(describeError('plain text')).toBe('Error: plain text');
    expect(httpStatus('plain text')).toBeUndefined();
  });
});
