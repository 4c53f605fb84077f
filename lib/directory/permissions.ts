import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { RenderedDirectorySettings } from './render';
import { acknowledgeNagFindings } from '../private/nag';
import { NAG_FINDINGS } from '../private/nag-findings';
import { WorkspacesProvider } from '../private/provider';

/**
 * What the shared provider's role needs to register one Directory Service
 * directory with WorkSpaces, apply its settings and deregister it. The
 * directory-scoped statements name this directory; the actions the service
 * authorizes only on `*` are added once per provider.
 */
const SHARED = new WeakSet<WorkspacesProvider>();

/** The actions that change a registered directory's settings (all directory-scoped). */
export const DIRECTORY_MODIFY_ACTIONS: readonly string[] = [
  'workspaces:ModifyWorkspaceCreationProperties',
  'workspaces:ModifyWorkspaceAccessProperties',
  'workspaces:ModifySelfservicePermissions',
  'workspaces:ModifySamlProperties',
  'workspaces:ModifyCertificateBasedAuthProperties',
  'workspaces:ModifyStreamingProperties',
  'workspaces:ModifyEndpointEncryptionMode',
  'workspaces:AssociateIpGroups',
  'workspaces:DisassociateIpGroups',
];

export function grantDirectoryRegistration(
  provider: WorkspacesProvider, directoryArn: string, settings: RenderedDirectorySettings, ipGroupArns: string[],
): void {
  const stack = Stack.of(provider);
  const dsDirectoryArn = stack.formatArn({
    service: 'ds',
    resource: 'directory',
    resourceName: stack.splitArn(directoryArn, ArnFormat.SLASH_RESOURCE_NAME).resourceName,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
  provider.addToRolePolicy(new iam.PolicyStatement({
    actions: ['workspaces:RegisterWorkspaceDirectory', 'workspaces:DeregisterWorkspaceDirectory', ...DIRECTORY_MODIFY_ACTIONS],
    resources: [directoryArn],
  }));
  if (ipGroupArns.length > 0) {
    // AssociateIpGroups and DisassociateIpGroups authorize on the directory and on each IP group.
    provider.addToRolePolicy(new iam.PolicyStatement({
      actions: ['workspaces:AssociateIpGroups', 'workspaces:DisassociateIpGroups'],
      resources: ipGroupArns,
    }));
  }
  // Registration authorizes WorkSpaces as an application of the Directory Service directory.
  provider.addToRolePolicy(new iam.PolicyStatement({
    actions: ['ds:AuthorizeApplication', 'ds:UnauthorizeApplication'],
    resources: [dsDirectoryArn],
  }));
  if (settings.passedRoleArns.length > 0) {
    provider.addToRolePolicy(new iam.PolicyStatement({
      actions: ['iam:PassRole'],
      resources: settings.passedRoleArns,
      conditions: { StringEquals: { 'iam:PassedToService': 'workspaces.amazonaws.com' } },
    }));
  }
  if (SHARED.has(provider)) {
    return;
  }
  SHARED.add(provider);
  provider.addToRolePolicy(new iam.PolicyStatement({
    actions: [
      'workspaces:DescribeWorkspaceDirectories',
      'workspaces:DescribeWorkspaces',
      'workspaces:DescribeWorkspacesPools',
      'workspaces:CreateTags',
      'workspaces:DeleteTags',
      'workspaces:DescribeTags',
      // Read-only look-ups of the directory and its network. No EC2 write action (CreateSecurityGroup,
      // Authorize*, CreateTags): the Service Authorization Reference lists no dependent action for
      // RegisterWorkspaceDirectory, and AWS's own AmazonWorkSpacesAdmin managed policy, made for registering
      // directories through the SDK and CLI, grants none; WorkSpaces creates the directory's security group
      // itself (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonWorkSpacesAdmin.html).
      'ds:DescribeDirectories',
      'ec2:DescribeSubnets',
      'ec2:DescribeVpcs',
      'ec2:DescribeSecurityGroups',
    ],
    resources: ['*'],
  }));
  acknowledgeNagFindings(provider.role, NAG_FINDINGS.directoryActionsOnAnyResource, ['Resource::*']);
}
