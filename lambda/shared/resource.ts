/**
 * How the handlers' failure messages quote the service and state durations.
 * (What every handler marks its resources with lives in ./ownership.)
 */
import { describeError } from './errors';

/** The service's error as `Name: message`, without a final period, for quoting before one of ours. */
export function said(error: unknown): string {
  return describeError(error).replace(/[.\s]+$/, '');
}

/** `2 h`, `15 min` or `90 s`. */
export function formatSeconds(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
