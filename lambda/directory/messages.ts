/**
 * The failure messages of the directory registration handler. Each is what a
 * person reads in the CloudFormation console: which directory, what was
 * asked, what the service said (its own codes and messages), and what to do.
 */
import type { WorkspaceDirectory } from '@aws-sdk/client-workspaces';
import type { Step } from './plan';
import { formatSeconds, said } from '../shared/resource';

export { formatSeconds, said };

export const DEFAULT_ROLE_NAME = 'workspaces_DefaultRole';
export const DEFAULT_ROLE_DOC_URL = 'https://docs.aws.amazon.com/workspaces/latest/adminguide/workspaces-access-control.html#create-default-role';
export const REGISTER_DOC_URL = 'https://docs.aws.amazon.com/workspaces/latest/adminguide/register-deregister-directory.html';

/** The partition of the stack, from its ARN (`arn:aws-cn:cloudformation:...`); `aws` when it cannot be read. */
export function partitionOf(stackId: string | undefined): string {
  const match = /^arn:([a-z-]+):/.exec(stackId ?? '');
  return match ? match[1] : 'aws';
}

export function defaultRoleMissing(directoryId: string, error: unknown, partition: string): string {
  const trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"workspaces.amazonaws.com"},"Action":"sts:AssumeRole"}]}';
  return `Registering directory ${directoryId} with WorkSpaces was refused: ${said(error)}. ` +
    `WorkSpaces needs an IAM role named exactly ${DEFAULT_ROLE_NAME} in this account, trusted by workspaces.amazonaws.com, ` +
    'with the AWS managed policies AmazonWorkSpacesServiceAccess and AmazonWorkSpacesSelfServiceAccess attached. ' +
    'Create it with this library (a WorkspacesDefaultRole construct, or createDefaultRole: true on the WorkspaceDirectory), or once per account with the AWS CLI: ' +
    `aws iam create-role --role-name ${DEFAULT_ROLE_NAME} --assume-role-policy-document '${trust}' && ` +
    `aws iam attach-role-policy --role-name ${DEFAULT_ROLE_NAME} --policy-arn arn:${partition}:iam::aws:policy/AmazonWorkSpacesServiceAccess && ` +
    `aws iam attach-role-policy --role-name ${DEFAULT_ROLE_NAME} --policy-arn arn:${partition}:iam::aws:policy/AmazonWorkSpacesSelfServiceAccess. ` +
    `Then deploy again. See ${DEFAULT_ROLE_DOC_URL}.`;
}

export function alreadyRegistered(directoryId: string, directory: WorkspaceDirectory): string {
  return `Directory ${directoryId} is already registered with WorkSpaces in this account and Region (state ${directory.State}), and this stack did not register it. ` +
    'A directory is registered once: use the existing registration with WorkspaceDirectory.fromDirectoryId instead of registering it again, ' +
    'or deregister it first (aws workspaces deregister-workspace-directory) if nothing uses it.';
}

/** What to do about a refused RegisterWorkspaceDirectory, by the service's error name. */
export function registerRefused(directoryId: string, error: unknown, name: string): string {
  const what = `Registering directory ${directoryId} with WorkSpaces was refused: ${said(error)}.`;
  switch (name) {
    case 'ResourceNotFoundException':
      return `${what} No AWS Directory Service directory with that id exists in this account and Region: check directoryId, then deploy again.`;
    case 'ResourceLimitExceededException':
      return `${what} The account has reached the number of directories it can register with WorkSpaces; deregister directories no longer used, or request a higher quota, then deploy again.`;
    case 'UnsupportedNetworkConfigurationException':
    case 'OperationNotSupportedException':
    case 'InvalidParameterValuesException':
      return `${what} Check the subnets (two, in different Availability Zones that WorkSpaces supports in this Region), the tenancy and the directory type, then deploy again. See ${REGISTER_DOC_URL}.`;
    case 'AccessDeniedException':
      return `${what} The cdk-workspaces-constructs provider role may not register directories: it needs workspaces:RegisterWorkspaceDirectory and workspaces:CreateTags on the directory, and whatever the SCPs and permission boundaries of this account allow. Fix the permissions, then deploy again.`;
    default:
      return `${what} Nothing was registered; deploy again once the cause is fixed.`;
  }
}

export function registrationFailed(directoryId: string, directory: WorkspaceDirectory): string {
  return `Registering directory ${directoryId} with WorkSpaces ended in state ERROR: ${(directory.ErrorMessage ?? 'the service gave no error message').replace(/[.\s]+$/, '')}. ` +
    'Check that the Directory Service directory is Active and healthy, that its subnets and their Availability Zones are supported by WorkSpaces, ' +
    `and that ${DEFAULT_ROLE_NAME} has AmazonWorkSpacesServiceAccess attached; fix the cause and deploy again (CloudFormation deregisters the failed registration on rollback). See ${REGISTER_DOC_URL}.`;
}

export const STEP_LABEL: Readonly<Record<Step, string>> = {
  WorkspaceCreationProperties: 'the WorkSpace creation properties (ModifyWorkspaceCreationProperties)',
  WorkspaceAccessProperties: 'the device access properties (ModifyWorkspaceAccessProperties)',
  SelfservicePermissions: 'the self-service permissions (ModifySelfservicePermissions)',
  SamlProperties: 'the SAML properties (ModifySamlProperties)',
  CertificateBasedAuthProperties: 'the certificate-based authentication properties (ModifyCertificateBasedAuthProperties)',
  StreamingProperties: 'the streaming properties (ModifyStreamingProperties)',
  EndpointEncryptionMode: 'the endpoint encryption mode (ModifyEndpointEncryptionMode)',
  IpGroups: 'the IP access control groups (AssociateIpGroups / DisassociateIpGroups)',
  Tags: 'the tags (CreateTags / DeleteTags)',
};

const STEP_ADVICE: Partial<Readonly<Record<Step, string>>> = {
  WorkspaceCreationProperties: 'check the default OU, the custom security group (it must be in the directory\'s VPC) and the instance role (the provider role needs iam:PassRole on it)',
  CertificateBasedAuthProperties: 'certificate-based authentication needs SAML enabled on the directory and an AWS Private CA certificate authority in this account; check both',
  SamlProperties: 'the user access URL must be an http(s) URL of 8 to 200 characters',
  IpGroups: 'check that every IP access control group exists in this Region (a directory can be associated with at most 25)',
};

export function stepRefused(directoryId: string, step: Step, error: unknown): string {
  const advice = STEP_ADVICE[step];
  return `Applying ${STEP_LABEL[step]} to WorkSpaces directory ${directoryId} was refused: ${said(error)}. ` +
    'The directory stays registered; the settings before this one in the plan were applied, this one and those after it were not. ' +
    `${advice ? `What to do: ${advice}; then ` : 'Fix the setting and '}deploy again.`;
}

export function subnetsOrTenancyChanged(directoryId: string, what: string): string {
  return `The ${what} of WorkSpaces directory ${directoryId} cannot change: WorkSpaces fixes them when a directory is registered, and has no API to change them afterwards. ` +
    'Changing them means deregistering and registering the directory again, which WorkSpaces refuses while any WorkSpace or pool uses the directory. ' +
    `Put the previous ${what} back in the template; to move the WorkSpaces to other subnets, register another directory (a new directoryId) there and migrate the WorkSpaces to it.`;
}

export function vanished(directoryId: string): string {
  return `WorkSpaces directory ${directoryId} is no longer registered with WorkSpaces: it was deregistered outside this stack. ` +
    'Remove the registration from the stack and add it again to register the directory anew, or register it by hand and use it with WorkspaceDirectory.fromDirectoryId.';
}

export interface DirectoryUsage {
  readonly workspaceCount: number;
  /** True when there were more WorkSpaces than were counted. */
  readonly moreWorkspaces: boolean;
  readonly workspaceIds: readonly string[];
  readonly pools: readonly string[];
  /** Why the WorkSpaces or pools could not be listed, when they could not. */
  readonly unknown: readonly string[];
}

export function usageSummary(usage: DirectoryUsage): string {
  const parts: string[] = [];
  if (usage.workspaceCount > 0) {
    const shown = usage.workspaceIds.join(', ');
    const count = `${usage.moreWorkspaces ? 'at least ' : ''}${usage.workspaceCount} WorkSpace${usage.workspaceCount === 1 ? '' : 's'}`;
    parts.push(`${count} (${shown}${usage.workspaceCount > usage.workspaceIds.length ? ', ...' : ''})`);
  }
  if (usage.pools.length > 0) {
    parts.push(`${usage.pools.length} WorkSpaces pool${usage.pools.length === 1 ? '' : 's'} (${usage.pools.join(', ')})`);
  }
  let summary = parts.length > 0 ? `It is still used by ${parts.join(' and ')}.` : 'No WorkSpace or pool was found using it.';
  if (usage.unknown.length > 0) {
    summary += ` (${usage.unknown.join('; ')}.)`;
  }
  return summary;
}

export function deregisterTimedOut(directoryId: string, timeoutSeconds: number, error: unknown, usage: DirectoryUsage): string {
  return `WorkSpaces directory ${directoryId} could not be deregistered within the timeout of ${formatSeconds(timeoutSeconds)}: the service kept answering ${said(error)}. ` +
    `${usageSummary(usage)} ` +
    'WorkSpaces deregisters a directory only when no WorkSpace or pool uses it: terminate those WorkSpaces and pools (or move them to another directory), then retry the stack operation. ' +
    'To leave the directory registered instead, retain this resource when CloudFormation offers it after the failed deletion, or set removalPolicy: RemovalPolicy.RETAIN on the WorkspaceDirectory and deploy before deleting.';
}

export function deregisterRefused(directoryId: string, error: unknown, usage: DirectoryUsage): string {
  return `Deregistering WorkSpaces directory ${directoryId} was refused: ${said(error)}. ${usageSummary(usage)} ` +
    'Fix the cause (the provider role needs workspaces:DeregisterWorkspaceDirectory on the directory), then retry the stack operation.';
}

export function timedOut(directoryId: string, target: string, timeoutSeconds: number, lastSeen: string, advice: string): string {
  return `WorkSpaces directory ${directoryId} did not reach ${target} within the timeout of ${formatSeconds(timeoutSeconds)}: ${lastSeen}. ${advice}`;
}

export function registerNotTaken(directoryId: string, windowSeconds: number, refusal: string): string {
  return `WorkSpaces did not take the registration of directory ${directoryId} within ${formatSeconds(windowSeconds)}: RegisterWorkspaceDirectory was still refused with ${refusal.replace(/[.\s]+$/, '')}. ` +
    'WorkSpaces registers only an Active Directory Service directory, with a workspaces_DefaultRole it can see: check the directory\'s status in the Directory Service console and the role, then deploy again. ' +
    'The deploy stops asking after this long so that a deploy CloudFormation cancels can never register the directory after its rollback has finished.';
}
