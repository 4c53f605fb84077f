/**
 * Which stack resource a service resource belongs to, and what a handler may
 * do to it. One mechanism for every custom resource of this library:
 *
 * - every resource a handler creates or registers carries two tags: the
 *   stack resource it belongs to (a hash of the stack id and the logical id)
 *   and the CloudFormation request that made it;
 * - before every call that changes a resource, the handler reads its tags
 *   (`checkOwnership`): a resource another stack resource owns, or nobody
 *   does, is never changed;
 * - every operation that acts on an existing resource (an update, a delete)
 *   first tags it with itself and the time (`operationMark`). The waiter of
 *   an earlier operation that CloudFormation cancelled (whose isComplete
 *   polls go on) finds, at its next check, a newer operation in charge and
 *   stops: it never undoes the rollback's update or delete;
 * - a Delete whose physical id this handler did not issue (CloudFormation
 *   makes one up for a create it cancelled before the Provider framework
 *   answered; its format is undocumented and never parsed) looks for what a
 *   create of this stack resource made, by the name or id in the resource
 *   properties and the ownership tag, for `ORPHAN_SEARCH_WINDOW_MS`, and
 *   removes only what was made since the cancelled operation may have begun
 *   (`CANCELLED_OPERATION_LOOKBACK_MS` before the removal).
 */
import { createHash } from 'crypto';
import type { OnEventRequest } from './types';

/** Tag on every resource a handler creates or registers: the CloudFormation request that did it. */
export const CREATE_REQUEST_TAG = 'cdk-workspaces-constructs:create-request-id';
/** Tag on every resource a handler creates or registers: a hash of the stack and logical id it belongs to. */
export const STACK_RESOURCE_TAG = 'cdk-workspaces-constructs:stack-resource';
/** Tag every operation sets on a resource before it acts on it: `<epoch ms>/<request id>`. The newest operation is in charge. */
export const OPERATION_TAG = 'cdk-workspaces-constructs:operation';

/**
 * Tag on every pool and imported image a handler creates: the id of the
 * stack it belongs to. The provider role may update, start, stop or
 * terminate only a pool, and import or delete only an image, that carries
 * its own stack's id in this tag (`aws:ResourceTag` / `aws:RequestTag`
 * conditions, lib/pool/permissions.ts and lib/applications/image-permissions.ts;
 * test/contract.test.ts keeps this key and lib/private/reserved-tags.ts
 * STACK_ID_TAG equal).
 */
export const STACK_TAG = 'cdk-workspaces-constructs:stack-id';

/** The onEvent function's timeout (lib/private/provider.ts; test/contract.test.ts keeps the two equal): how long a cancelled create's onEvent may still be running. */
export const ON_EVENT_TIMEOUT_MS = 5 * 60 * 1000;
/** How long a resource just created or registered may be missing from the service's listings (eventual consistency). */
export const VISIBILITY_GRACE_MS = 2 * 60 * 1000;
/**
 * How long a Delete with a physical id this handler did not issue keeps
 * looking for what a cancelled create made. The create began before the
 * Delete; its onEvent (which creates or registers) ends within
 * ON_EVENT_TIMEOUT_MS, and what it made is listed within VISIBILITY_GRACE_MS.
 * A handler whose isComplete may still create (a directory registration
 * retried while the directory is not Active) stops retrying within
 * ON_EVENT_TIMEOUT_MS of the create's start for the same reason.
 */
export const ORPHAN_SEARCH_WINDOW_MS = ON_EVENT_TIMEOUT_MS + VISIBILITY_GRACE_MS;

/**
 * How long before a removal began the cancelled operation it cleans up
 * after may have begun: CloudFormation waits at most one hour for a custom
 * resource (ServiceTimeout, at most 3600 seconds,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudformation-customresource.html),
 * plus VISIBILITY_GRACE_MS for the clocks of Lambda and the service. What
 * the search finds made earlier, with this stack resource's tag and the
 * same name, is an earlier life of the stack resource (a pool or
 * registration retained when it left the stack): never removed.
 */
export const CANCELLED_OPERATION_LOOKBACK_MS = 60 * 60 * 1000 + VISIBILITY_GRACE_MS;

/** A resource's tags, key to value. */
export type Tags = ReadonlyMap<string, string>;

type StackResource = Pick<OnEventRequest, 'StackId' | 'LogicalResourceId'>;

/**
 * Identifies the stack resource a service resource belongs to, within a tag
 * value's 256 characters: a hash of the stack id and the logical id.
 */
export function stackResourceId(event: StackResource): string {
  return createHash('sha256').update(`${event.StackId}/${event.LogicalResourceId}`).digest('hex');
}

/** The tags that make a new resource this request's and this stack resource's, with this request in charge since `at`. */
export function ownershipTags(
  event: Pick<OnEventRequest, 'StackId' | 'LogicalResourceId' | 'RequestId'>, at: number,
): { Key: string; Value: string }[] {
  return [
    { Key: CREATE_REQUEST_TAG, Value: event.RequestId },
    { Key: STACK_RESOURCE_TAG, Value: stackResourceId(event) },
    operationMark(event, at),
  ];
}

/** The tag that names the request's stack (STACK_TAG): the router has checked it is the handler's own. */
export function stackTag(event: Pick<OnEventRequest, 'StackId'>): { Key: string; Value: string } {
  return { Key: STACK_TAG, Value: event.StackId };
}

export function tagMap(tagList: readonly { readonly Key?: string; readonly Value?: string }[] | undefined): Tags {
  return new Map((tagList ?? []).map(t => [t.Key ?? '', t.Value ?? '']));
}

/** True when the tags say this stack resource owns the resource. */
export function isOwnedBy(tags: Tags, event: StackResource): boolean {
  return tags.get(STACK_RESOURCE_TAG) === stackResourceId(event);
}

/** True when the tags say this very request created the resource (a retried delivery of one Create). */
export function isCreatedBy(tags: Tags, event: Pick<OnEventRequest, 'RequestId'>): boolean {
  return tags.get(CREATE_REQUEST_TAG) === event.RequestId;
}

/** The owner a message names: the stack-resource tag found, or that there is none. */
export function ownerFound(tags: Tags): string {
  const owner = tags.get(STACK_RESOURCE_TAG);
  return owner === undefined
    ? `it has no ${STACK_RESOURCE_TAG} tag (it was not created by cdk-workspaces-constructs)`
    : `its ${STACK_RESOURCE_TAG} tag is ${owner}, which is another stack resource's (this one's is the hash of its stack id and logical id)`;
}

/** An operation that marked a resource: its request and when it took charge (epoch ms). */
export interface OperationMark {
  readonly requestId: string;
  readonly at: number;
}

/** The tag an operation sets when it takes charge of a resource. */
export function operationMark(event: Pick<OnEventRequest, 'RequestId'>, at: number): { Key: string; Value: string } {
  return { Key: OPERATION_TAG, Value: `${Math.round(at)}/${event.RequestId}` };
}

/** The operation in charge of a resource, from its tags; undefined when none marked it (or the mark is unreadable). */
export function operationOf(tags: Tags): OperationMark | undefined {
  const match = /^(\d+)\/(.+)$/.exec(tags.get(OPERATION_TAG) ?? '');
  return match ? { at: Number(match[1]), requestId: match[2] } : undefined;
}

/** The outcome of an ownership check before a change. */
export type Ownership =
  /** This stack resource's, and no newer operation has taken charge of it. */
  | { readonly verdict: 'mine' }
  /** Another stack resource's, or nobody's: never change it. */
  | { readonly verdict: 'foreign'; readonly detail: string }
  /** This stack resource's, but a newer operation (the rollback's update or delete) took charge after this one began: stop. */
  | { readonly verdict: 'superseded'; readonly by: OperationMark };

/**
 * What a request may do to a resource with these tags. An operation that
 * began at `since` (epoch ms) stops when a newer one has marked the
 * resource; one `takingOver` (a delete, or a cleanup of what a cancelled
 * operation made) marks it and goes ahead regardless.
 */
export function checkOwnership(
  tags: Tags, event: Pick<OnEventRequest, 'StackId' | 'LogicalResourceId' | 'RequestId'>, since: number, takingOver: boolean,
): Ownership {
  if (!isOwnedBy(tags, event)) {
    return { verdict: 'foreign', detail: ownerFound(tags) };
  }
  const current = operationOf(tags);
  if (!takingOver && current !== undefined && current.requestId !== event.RequestId && current.at > since) {
    return { verdict: 'superseded', by: current };
  }
  return { verdict: 'mine' };
}

/** True when this request has not marked the resource as in its charge yet. */
export function needsMark(tags: Tags, event: Pick<OnEventRequest, 'RequestId'>): boolean {
  return operationOf(tags)?.requestId !== event.RequestId;
}

/**
 * The message of a waiter that finds a newer operation in charge: CloudFormation
 * cancelled this operation (or a later deploy superseded it), and the
 * newer one updates or removes the resource. The waiter changes nothing (a
 * cancelled operation's answer is ignored).
 */
export function supersededMessage(what: string, by: OperationMark): string {
  return `${what} has been in the charge of CloudFormation request ${by.requestId} since ${new Date(by.at).toISOString()}, which began after this operation ` +
    '(this operation was cancelled or superseded, typically by a rollback): this operation stops without changing it.';
}

/** The message of a refused change to a resource this stack resource does not own. */
export function notOwnedMessage(what: string, change: string, detail: string, advice: string): string {
  return `${what} does not belong to this stack resource: ${detail}. It was left unchanged; this handler never ${change} a resource it does not own. ${advice}`;
}
