import type { NagRule } from './nag';

/**
 * Every cdk-nag AwsSolutions finding the library owns, with the reason it
 * stands. Each is acknowledged where the resource is made, in both of
 * cdk-nag's forms (`acknowledgeNagFindings`); findings that come from the
 * user's own choices (a grant to the user's role, for one) are the user's
 * to acknowledge. `test/nag.test.ts` fails on any finding not listed here,
 * under cdk-nag 2 and 3, in env-specific and env-agnostic stacks; the README
 * ("cdk-nag") lists them for users.
 */
export const NAG_FINDINGS = {
  /** The shared provider's onEvent and isComplete functions. */
  handlerRuntime: {
    id: 'AwsSolutions-L1',
    reason: 'The handlers are bundled for and tested on Node.js 24 (esbuild target node24), a supported Lambda runtime; moving to a newer runtime is a tested change of its own.',
  },
  /** Seen from aws-cdk-lib 2.278 on: it adds nodejs26.x to Runtime.ALL, which cdk-nag takes as the latest runtime. */
  frameworkRuntime: {
    id: 'AwsSolutions-L1',
    reason: 'The Provider framework functions (framework-onEvent, -isComplete, -onTimeout) are aws-cdk-lib\'s own: aws-cdk-lib chooses and updates their Node.js runtime, not this library.',
  },
  frameworkBasicExecutionRole: {
    id: 'AwsSolutions-IAM4',
    reason: 'The aws-cdk-lib Provider framework functions run with AWSLambdaBasicExecutionRole (logs only); they hold no service permissions.',
  },
  frameworkInvokeVersions: {
    id: 'AwsSolutions-IAM5',
    reason: 'The aws-cdk-lib Provider framework invokes its functions by ARN and by any of their versions (ARN:*), as Lambda requires for qualified invocations.',
  },
  waiterLogDelivery: {
    id: 'AwsSolutions-IAM5',
    reason: 'Step Functions log delivery to CloudWatch Logs (logs:CreateLogDelivery, DescribeLogGroups, ...) supports only Resource *.',
  },
  waiterTracing: {
    id: 'AwsSolutions-SF2',
    reason: 'X-Ray tracing of the waiter adds cost and no insight: each execution is a loop of isComplete calls, logged in the provider log group.',
  },
  defaultRoleManagedPolicies: {
    id: 'AwsSolutions-IAM4',
    reason: 'The WorkSpaces documentation prescribes exactly these AWS managed policies for workspaces_DefaultRole, and the service updates them as it needs.',
  },
  poolActionsOnAnyResource: {
    id: 'AwsSolutions-IAM5',
    reason: 'WorkSpaces authorizes DescribeWorkspacesPools, TerminateWorkspacesPoolSession, DescribeWorkspaceBundles, DescribeWorkspaceImages and the tag actions '
      + 'on * only (Service Authorization Reference, Amazon WorkSpaces).',
  },
  poolActionsOnAnyPool: {
    id: 'AwsSolutions-IAM5',
    reason: 'Pool actions are scoped to this account and Region\'s workspacespool/* because a pool id exists only once the handler created it.',
  },
  publicBundles: {
    id: 'AwsSolutions-IAM5',
    reason: 'Public bundles belong to AWS-owned accounts, so a bundle ARN names any account (*); the bundle id is the pool\'s own.',
  },
  directoryActionsOnAnyResource: {
    id: 'AwsSolutions-IAM5',
    reason: 'WorkSpaces authorizes DescribeWorkspaceDirectories, DescribeWorkspaces and the tag actions on * only, and RegisterWorkspaceDirectory '
      + 'looks the directory and its network up with ds:DescribeDirectories and EC2 describe actions, which authorize on * only.',
  },
  portalSessionsOnStackPortals: {
    id: 'AwsSolutions-IAM5',
    reason: 'ListSessions, GetSession and ExpireSession on portal/* are limited by a condition to the portals whose '
      + 'cdk-workspaces-constructs:stack-id tag is this stack\'s id (WebPortal sets it; users cannot): the sessions of a portal '
      + 'being replaced are expired after the policy stopped naming its ARN.',
  },
  /** ApplicationsImage: the delete and tag actions on this account and Region's images. */
  imageActionsOnAnyImage: {
    id: 'AwsSolutions-IAM5',
    reason: 'DeleteImage, TagResource and UntagResource are scoped to this account and Region\'s image/* (DeleteImage further to images tagged with this stack\'s id): '
      + 'CloudFormation deletes a renamed image\'s predecessor under the new policy, and the handler changes only images carrying its ownership tag.',
  },
  /** ApplicationsImage: the actions the Service Authorization Reference allows on * only. */
  imageActionsOnAnyResource: {
    id: 'AwsSolutions-IAM5',
    reason: 'CreateImportedImage, DescribeImages and ListTagsForResource have no resource type in the Service Authorization Reference (Amazon AppStream 2.0): '
      + 'they are allowed on * only; CreateImportedImage only when the request tags the image with this stack\'s id.',
  },
  /** ApplicationsFleet's readiness waiter: DescribeFleets, which has no resource type. */
  fleetDescribeOnAnyResource: {
    id: 'AwsSolutions-IAM5',
    reason: 'appstream:DescribeFleets has no resource type in the Service Authorization Reference (Amazon AppStream 2.0): it is allowed on * only. '
      + 'The fleet readiness waiter only reads fleets, by the name of its own.',
  },
  /** The role ImageSource.ami() makes for WorkSpaces Applications to read the AMI. */
  amiImportRoleDescribeImages: {
    id: 'AwsSolutions-IAM5',
    reason: 'ec2:DescribeImages has no resource type in the Service Authorization Reference (Amazon EC2): it is allowed on * only; ec2:ModifyImageAttribute is scoped to the one AMI imported.',
  },
} satisfies Record<string, NagRule>;
