import { App, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { unscopedValidationError, validationError } from '../../lib/private/errors';

/** The first frame of the error's stack trace. */
function firstFrame(error: Error): string {
  return error.stack!.split('\n')[1];
}

describe('validationError', () => {
  test('starts the message with the construct path in brackets', () => {
    const stack = new Stack(new App(), 'Test');
    const scope = new Construct(stack, 'Pool');
    expect(validationError(scope, '`desiredUserSessions` must be a whole number of 0 or more, got -1').message)
      .toBe('[Test/Pool] `desiredUserSessions` must be a whole number of 0 or more, got -1');
  });

  test('names the child not created yet, under its scope', () => {
    const stack = new Stack(new App(), 'Test');
    expect(validationError(stack, '`poolId` must match …', 'Imported').message).toBe('[Test/Imported] `poolId` must match …');
  });

  test('starts the stack trace at the caller, outside the library', () => {
    const error = validationError(new Stack(new App(), 'Test'), 'wrong');
    expect(firstFrame(error)).toContain('errors.test.ts');
    expect(error.stack).not.toContain('lib/private/errors');
  });

  test('keeps Error.stackTraceLimit frames', () => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 3;
    try {
      const nested = (depth: number): Error => (depth === 0 ? validationError(new Stack(), 'wrong') : nested(depth - 1));
      const error = nested(30);
      expect(error.stack!.split('\n').filter(line => /^\s+at /.test(line))).toHaveLength(3);
    } finally {
      Error.stackTraceLimit = limit;
    }
  });

  test('is an Error, with the stack trace limit restored', () => {
    const limit = Error.stackTraceLimit;
    expect(validationError(new Stack(), 'wrong')).toBeInstanceOf(Error);
    expect(Error.stackTraceLimit).toBe(limit);
  });
});

describe('unscopedValidationError', () => {
  test('starts the message with the factory in brackets, and the stack trace at the caller', () => {
    const error = unscopedValidationError('BrowserPolicy.fromJson', '`json` must be valid JSON, got a parse error');
    expect(error.message).toBe('[BrowserPolicy.fromJson] `json` must be valid JSON, got a parse error');
    expect(firstFrame(error)).toContain('errors.test.ts');
  });
});
