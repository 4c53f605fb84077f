import { Duration } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { validationError } from './errors';

/**
 * The drain-timeout rule, shared by `WorkspacesPool` and `WebPortal`: how long
 * running sessions are left to end before they are stopped or expired is a whole
 * number of seconds, from 0 to less than the operation's own timeout (the wait
 * must fit in the deploy's wait). Unresolved tokens are passed through.
 *
 * @param scope the construct named in the message
 * @param drain the `drainTimeout` prop
 * @param timeout the operation's timeout, and `timeoutProp` the prop it comes from
 * @returns the drain time in seconds, or undefined when no drain time is given
 */
export function drainTimeoutSeconds(scope: IConstruct, drain: Duration | undefined, timeout: Duration, timeoutProp: string): number | undefined {
  if (drain === undefined) return undefined;
  if (drain.isUnresolved() || timeout.isUnresolved()) return drain.toSeconds();
  const seconds = drain.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < 0 || seconds >= timeout.toSeconds()) {
    throw validationError(scope, `\`drainTimeout\` must be a whole number of seconds from 0 to less than \`${timeoutProp}\` (${timeout.toSeconds()} s), got ${seconds}`);
  }
  return seconds;
}
