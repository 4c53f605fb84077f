import { App, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { unscopedValidationError, validationError, withoutLibraryFrames } from '../../lib/private/errors';

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

// Synthetic stacks: the frame filter must not depend on where the checkout is.
describe('withoutLibraryFrames', () => {
  const LIBRARY_DIR = '/tmp/nc/lib/lib/';
  const stackOf = (...files: string[]) => ['Error: [Test/Pool] wrong', ...files.map((f, i) => `    at f${i} (${f}:1:2)`)].join('\n');

  test('cuts the frames under the library\'s own folder, and keeps a user\'s files in a checkout whose path holds /lib/', () => {
    const stack = stackOf(
      '/tmp/nc/lib/lib/private/errors.ts',
      '/tmp/nc/lib/lib/workspaces-pool.ts',
      '/tmp/nc/lib/test/validation-errors.test.ts',
      '/tmp/nc/lib/node_modules/jest-circus/build/run.js',
    );
    expect(withoutLibraryFrames(stack, 10, LIBRARY_DIR).split('\n')).toEqual([
      'Error: [Test/Pool] wrong',
      '    at f2 (/tmp/nc/lib/test/validation-errors.test.ts:1:2)',
      '    at f3 (/tmp/nc/lib/node_modules/jest-circus/build/run.js:1:2)',
    ]);
  });

  test.each([
    ['a user\'s own lib folder', '/srv/app/lib/stack.ts'],
    ['a folder whose name starts like the library\'s', '/tmp/nc/lib/lib-extra/stack.ts'],
    ['a path that holds the library\'s folder further in', '/home/me/tmp/nc/lib/lib/stack.ts'],
  ])('keeps a frame in %s', (_name, file) => {
    const stack = stackOf('/tmp/nc/lib/lib/workspaces-pool.ts', file);
    expect(withoutLibraryFrames(stack, 10, LIBRARY_DIR)).toBe(`Error: [Test/Pool] wrong\n    at f1 (${file}:1:2)`);
  });

  test('reads frames without a function name, async frames and file URLs', () => {
    const stack = [
      'Error: wrong',
      '    at /tmp/nc/lib/lib/web/web-portal.ts:3:4',
      '    at async f (file:///tmp/nc/lib/lib/private/provider.js:5:6)',
      '    at Array.forEach (<anonymous>)',
      '    at file:///tmp/nc/lib/test/app.mjs:7:8',
    ].join('\n');
    expect(withoutLibraryFrames(stack, 10, LIBRARY_DIR)).toBe('Error: wrong\n    at file:///tmp/nc/lib/test/app.mjs:7:8');
  });

  test('keeps every frame, up to the limit, when all are the library\'s', () => {
    const stack = stackOf('/tmp/nc/lib/lib/a.ts', '/tmp/nc/lib/lib/b.ts', '/tmp/nc/lib/lib/c.ts');
    expect(withoutLibraryFrames(stack, 2, LIBRARY_DIR).split('\n')).toHaveLength(3);
  });
});
