import { ArnFormat, Aws, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { acknowledgeNagFindings, nagResource } from '../private/nag';
import { NAG_FINDINGS } from '../private/nag-findings';
import { WorkspacesProvider } from '../private/provider';
import { STACK_ID_TAG } from '../private/reserved-tags';


/**
 * The statements the shared provider's role needs for the stack's pools.
 * They are added once per provider, and CreateWorkspacesPool's resources
 * grow only with the distinct directories and bundles the pools use, so the
 * policy does not grow with the number of pools.
 *
 * The Service Authorization Reference scopes CreateWorkspacesPool to the
 * directory, the bundle and the pool; Update/Start/Stop/Terminate and
 * DescribeWorkspacesPoolSessions to the pool; DescribeWorkspacesPools,
 * TerminateWorkspacesPoolSession, DescribeWorkspaceBundles,
 * DescribeWorkspaceImages and the tag actions accept only `*` (no resource
 * type in their rows).
 * A pool's id exists only once the handler has created it, so pool-scoped
 * actions are scoped to this account and Region's `workspacespool/*`.
 *
 * The reference lists the `aws:ResourceTag/${TagKey}` condition key for the
 * workspacespool resource type, and in the rows of UpdateWorkspacesPool,
 * StartWorkspacesPool, StopWorkspacesPool, TerminateWorkspacesPool and
 * DescribeWorkspacesPoolSessions (CreateWorkspacesPool's workspacespool row
 * lists aws:RequestTag, aws:ResourceTag and aws:TagKeys):
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonworkspaces.html
 * So the four actions that change a pool are allowed only on a pool tagged
 * with this stack's id (`STACK_ID_TAG`), a tag CreateWorkspacesPool puts on the
 * pool itself. A pool made by an older version of the library lacks it: the
 * handler adds it (the tag actions are allowed on `*`) once the pool's
 * stack-resource tag has shown it is this stack's, before its first change.
 */
interface PoolStatements {
  readonly create: iam.PolicyStatement;
  readonly seen: Set<string>;
}

const STATEMENTS = new WeakMap<WorkspacesProvider, PoolStatements>();

export function grantPoolHandler(provider: WorkspacesProvider, directoryArn: string, bundleArn: string): void {
  let statements = STATEMENTS.get(provider);
  if (!statements) {
    const stack = Stack.of(provider);
    const anyPool = stack.formatArn({ service: 'workspaces', resource: 'workspacespool', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    const create = new iam.PolicyStatement({ actions: ['workspaces:CreateWorkspacesPool'], resources: [anyPool] });
    provider.addToRolePolicy(create);
    provider.addToRolePolicy(new iam.PolicyStatement({
      actions: [
        'workspaces:UpdateWorkspacesPool',
        'workspaces:StartWorkspacesPool',
        'workspaces:StopWorkspacesPool',
        'workspaces:TerminateWorkspacesPool',
      ],
      resources: [anyPool],
      conditions: { StringEquals: { [`aws:ResourceTag/${STACK_ID_TAG}`]: Aws.STACK_ID } },
    }));
    // Reading a pool's sessions changes nothing: allowed on any pool of the account and Region, tagged or not.
    provider.addToRolePolicy(new iam.PolicyStatement({
      actions: ['workspaces:DescribeWorkspacesPoolSessions'],
      resources: [anyPool],
    }));
    provider.addToRolePolicy(new iam.PolicyStatement({
      actions: [
        'workspaces:DescribeWorkspacesPools',
        'workspaces:TerminateWorkspacesPoolSession',
        // The check of a pool's bundle image (Custom::WorkspacesBundleImage).
        'workspaces:DescribeWorkspaceBundles',
        'workspaces:DescribeWorkspaceImages',
        'workspaces:CreateTags',
        'workspaces:DeleteTags',
        'workspaces:DescribeTags',
      ],
      resources: ['*'],
    }));
    acknowledgeNagFindings(provider.role, NAG_FINDINGS.poolActionsOnAnyResource, ['Resource::*']);
    acknowledgeNagFindings(provider.role, NAG_FINDINGS.poolActionsOnAnyPool, [nagResource(provider, anyPool)]);
    statements = { create, seen: new Set() };
    STATEMENTS.set(provider, statements);
  }
  for (const arn of [directoryArn, bundleArn]) {
    const key = Token.isUnresolved(arn) ? JSON.stringify(Stack.of(provider).resolve(arn)) : arn;
    if (!statements.seen.has(key)) {
      statements.seen.add(key);
      statements.create.addResources(arn);
      if (arn === bundleArn) {
        acknowledgeNagFindings(provider.role, NAG_FINDINGS.publicBundles, [nagResource(provider, arn)]);
      }
    }
  }
}

/** A bundle's ARN: public bundles belong to AWS-owned accounts, so the account is `*`. */
export function bundleArnOf(provider: WorkspacesProvider, bundleId: string): string {
  return Stack.of(provider).formatArn({ service: 'workspaces', account: '*', resource: 'workspacebundle', resourceName: bundleId, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}
