/**
 * What every handler of this library marks its resources with, and how its
 * failure messages quote the service.
 */
import { createHash } from 'crypto';
import { describeError } from './errors';
import type { OnEventRequest } from './types';

/** Tag on every resource a handler creates or registers: the CloudFormation request that did it. */
export const CREATE_REQUEST_TAG = 'cdk-workspaces-constructs:create-request-id';
/** Tag on every resource a handler creates or registers: a hash of the stack and logical id it belongs to. */
export const STACK_RESOURCE_TAG = 'cdk-workspaces-constructs:stack-resource';

/**
 * Identifies the stack resource a service resource belongs to, within a tag
 * value's 256 characters: a hash of the stack id and the logical id.
 */
export function stackResourceId(event: Pick<OnEventRequest, 'StackId' | 'LogicalResourceId'>): string {
  return createHash('sha256').update(`${event.StackId}/${event.LogicalResourceId}`).digest('hex');
}

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
