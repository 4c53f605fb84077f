/**
 * A handler's own stack's status (the request's StackId, which the router
 * has checked is the provider's own stack), read with
 * cloudformation:DescribeStacks
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html).
 * CloudFormation sends a custom resource no sign that an Update is a
 * rollback's: the stack's status (UPDATE_ROLLBACK_IN_PROGRESS) is the only
 * place it shows.
 *
 * (lambda/portal/stack.ts reads the same status with more besides; the two
 * could share this function.)
 */
import { DescribeStacksCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';

/** The stack's status; throws what the SDK throws, or when the answer holds no stack. */
export async function stackStatus(client: CloudFormationClient, stackId: string): Promise<string> {
  const answer = await client.send(new DescribeStacksCommand({ StackName: stackId }));
  const status = answer.Stacks?.[0]?.StackStatus;
  if (!status) {
    throw new Error(`DescribeStacks answered no status for stack ${stackId}`);
  }
  return status;
}

/** A status of a rollback (UPDATE_ROLLBACK_IN_PROGRESS, ROLLBACK_IN_PROGRESS...). */
export function isRollbackStatus(status: string): boolean {
  return status.includes('ROLLBACK');
}
