/**
 * A handler's own stack, read with cloudformation:DescribeStacks
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html):
 * the request's StackId, which the router has checked is the provider's own
 * stack. CloudFormation sends a custom resource no sign that an Update is a
 * rollback's: the stack's status (UPDATE_ROLLBACK_IN_PROGRESS) is the only
 * place it shows. Used by the portal readiness handler (lambda/portal/stack.ts)
 * and the fleet readiness handler.
 */
import { DescribeStacksCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';

/** The stack's status, and when its latest update began (epoch ms; absent for a stack never updated). */
export interface StackState {
  readonly status: string;
  readonly lastUpdatedTime?: number;
}

/** The stack's status and last update; throws what the SDK throws, or when the answer holds no stack. */
export async function describeOwnStack(client: CloudFormationClient, stackId: string): Promise<StackState> {
  const answer = await client.send(new DescribeStacksCommand({ StackName: stackId }));
  const stack = answer.Stacks?.[0];
  if (!stack?.StackStatus) {
    throw new Error(`DescribeStacks answered no status for stack ${stackId}`);
  }
  return {
    status: stack.StackStatus,
    ...(stack.LastUpdatedTime ? { lastUpdatedTime: stack.LastUpdatedTime.getTime() } : {}),
  };
}

/** The stack's status; throws what the SDK throws, or when the answer holds no stack. */
export async function stackStatus(client: CloudFormationClient, stackId: string): Promise<string> {
  return (await describeOwnStack(client, stackId)).status;
}

/** A status of a rollback (UPDATE_ROLLBACK_IN_PROGRESS, ROLLBACK_IN_PROGRESS, UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS...). */
export function isRollbackStatus(status: string): boolean {
  return status.includes('ROLLBACK');
}
