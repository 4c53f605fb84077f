/**
 * What the portal readiness handler reads of its own stack (the request's
 * StackId, and no other) before it takes sessions down: whether the
 * operation it works for still goes forward, and whether the portal really
 * leaves the stack.
 *
 * - cloudformation:DescribeStacks: the stack's status and LastUpdatedTime.
 *   CloudFormation cancels a custom resource's update when another resource
 *   fails, and rolls back, but the Provider framework's waiter goes on
 *   polling isComplete: the status (a ROLLBACK status) or a LastUpdatedTime
 *   after the operation began (a newer update) tells that waiter it no longer
 *   acts for a deploy that goes forward.
 * - cloudformation:ListStackResources: in the cleanup after an update, a
 *   readiness resource whose logical id changed is deleted while a new one
 *   (created by the update, with the same physical id: the portal's ARN)
 *   watches the same portal, which stays. A removed portal may still be
 *   listed while its own deletion waits in the cleanup, so the listing of
 *   portals cannot tell; the readiness resources can: the portal leaves
 *   unless another readiness resource of the stack, not being deleted, has
 *   its ARN as physical id.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ListStackResources.html
 */
import { ListStackResourcesCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { PORTAL_READINESS_RESOURCE_TYPE } from './spec';
import { describeOwnStack, type StackState } from '../shared/stack-status';

export { isRollbackStatus as isRollback, type StackState } from '../shared/stack-status';

/** The stack statuses in which an operation of this stack goes forward, by the operation's kind. */
export const UPDATE_GOING_FORWARD = 'UPDATE_IN_PROGRESS';

/**
 * Why an operation that began at `startedAt`, and goes forward only while the
 * stack is `goingForwardIn`, must not expire sessions now; undefined when it
 * may.
 */
export function notGoingForward(stack: StackState, goingForwardIn: string, startedAt: number): string | undefined {
  if (stack.status !== goingForwardIn) {
    return `the stack is ${stack.status}, no longer ${goingForwardIn}: the deploy this operation belongs to was cancelled ` +
      '(a rollback restores the settings these sessions began under) or is over';
  }
  if (stack.lastUpdatedTime !== undefined && stack.lastUpdatedTime > startedAt) {
    return `a newer update of the stack began at ${new Date(stack.lastUpdatedTime).toISOString()}, after this operation ` +
      `(${new Date(startedAt).toISOString()}): this operation was superseded`;
  }
  return undefined;
}

/** The handler's own stack, as CloudFormation describes it. */
export class OwnStack {
  constructor(private readonly client: CloudFormationClient) {}

  /** The stack's status and last update; throws what the SDK throws, or when the answer holds no stack. */
  public state(stackId: string): Promise<StackState> {
    return describeOwnStack(this.client, stackId);
  }

  /**
   * The logical id of another readiness resource of the stack (not
   * `logicalId`, not being deleted) whose physical id is `portalArn`: the one
   * that now watches the portal. Undefined when there is none. Every page is
   * read; throws what the SDK throws.
   */
  public async otherReadinessOf(stackId: string, logicalId: string, portalArn: string): Promise<string | undefined> {
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(new ListStackResourcesCommand({ StackName: stackId, NextToken: nextToken }));
      const other = (page.StackResourceSummaries ?? []).find(r => r.ResourceType === PORTAL_READINESS_RESOURCE_TYPE
        && r.PhysicalResourceId === portalArn
        && r.LogicalResourceId !== logicalId
        && !(r.ResourceStatus ?? '').startsWith('DELETE_'));
      if (other) {
        return other.LogicalResourceId ?? '';
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return undefined;
  }
}
