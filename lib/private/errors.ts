import * as path from 'path';
import { fileURLToPath } from 'url';
import { IConstruct } from 'constructs';

/** The folder of the library's own code (`lib/`): frames in it are never the user's. */
const LIBRARY_DIR = path.resolve(__dirname, '..') + path.sep;

/** Frames kept beyond the library's own, so that a deep validation still shows `Error.stackTraceLimit` user frames. */
const LIBRARY_FRAMES_ALLOWANCE = 50;

/**
 * An error in what the user gave a construct, thrown at synth time.
 *
 * The message starts with the path of the construct in brackets, then names
 * the prop, the rule and the value:
 * `` [Stack/Pool] `desiredUserSessions` must be a whole number of 0 or more, got -1 ``.
 *
 * The stack trace starts at the user's code: frames inside this library are
 * cut, the way `Error.captureStackTrace(error, fn)` cuts the frames above
 * `fn` (https://v8.dev/docs/stack-trace-api#stack-trace-collection-for-custom-exceptions).
 * Cutting by file rather than by function keeps the user's line on top when
 * the check runs in a construct that another construct of this library
 * creates (a portal's `sessionLogger`), and when the user's own subclass
 * calls the constructor.
 *
 * Not aws-cdk-lib's `ValidationError`: it is `@internal`
 * (https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/core/lib/errors.ts).
 *
 * @param scope the construct whose props are wrong
 * @param message what is wrong: the prop, the rule and the value given
 * @param childId when the construct is not created yet (`fromXxx`), its id under `scope`
 */
export function validationError(scope: IConstruct, message: string, childId?: string): Error {
  const parent = scope.node.path;
  const constructPath = childId === undefined ? parent : (parent ? `${parent}/${childId}` : childId);
  return userFacingError(`[${constructPath}] ${message}`, validationError);
}

/**
 * An error in what the user gave a factory that has no construct yet
 * (`BrowserPolicy.fromJson`, `IdentityProvider.saml`, ...): the factory in
 * brackets where `validationError` has the construct path, then the prop,
 * the rule and the value; the stack trace starts at the user's code.
 *
 * @param factory the factory called, e.g. `BrowserPolicy.fromJson`
 */
export function unscopedValidationError(factory: string, message: string): Error {
  return userFacingError(`[${factory}] ${message}`, unscopedValidationError);
}

function userFacingError(message: string, cutAbove: (...args: any[]) => Error): Error {
  const limit = Error.stackTraceLimit;
  const error = new Error(message);
  try {
    Error.stackTraceLimit = limit + LIBRARY_FRAMES_ALLOWANCE;
    Error.captureStackTrace(error, cutAbove);
  } finally {
    Error.stackTraceLimit = limit;
  }
  if (typeof error.stack === 'string') {
    error.stack = withoutLibraryFrames(error.stack, limit);
  }
  return error;
}

/**
 * The stack trace from its first frame outside the library, at most `limit`
 * frames; all of them when every frame is the library's (a check called from
 * inside the library, not by a user).
 *
 * @param libraryDir the folder of the library's own code, with a trailing separator
 */
export function withoutLibraryFrames(stack: string, limit: number, libraryDir: string = LIBRARY_DIR): string {
  const lines = stack.split('\n');
  const firstFrame = lines.findIndex(line => /^\s+at /.test(line));
  if (firstFrame < 0) return stack;
  const header = lines.slice(0, firstFrame);
  const frames = lines.slice(firstFrame);
  const userFrame = frames.findIndex(frame => !isLibraryFrame(frame, libraryDir));
  const kept = userFrame >= 0 ? frames.slice(userFrame) : frames;
  return [...header, ...kept.slice(0, limit)].join('\n');
}

/**
 * A frame whose file is under the library's own folder, or one with no file
 * that the library called (`Array.forEach`, `<anonymous>`). The file must
 * start with `libraryDir`: a user's file in a folder named `lib`, or in a
 * checkout whose path holds `/lib/`, is the user's.
 */
function isLibraryFrame(frame: string, libraryDir: string): boolean {
  if (/\((<anonymous>|native)\)$/.test(frame)) return true;
  const location = /\((.+):\d+:\d+\)$/.exec(frame)?.[1] ?? /^\s+at (?:async )?(.+):\d+:\d+$/.exec(frame)?.[1];
  if (location === undefined) return false;
  const file = location.startsWith('file://') ? fileURLToPath(location) : location;
  return file.startsWith(libraryDir);
}
