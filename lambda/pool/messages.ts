/**
 * The failure messages of the pool handler. Each is what a person reads in
 * the CloudFormation console: which pool, what was asked, what the service
 * said (its own codes and messages), and what to do.
 */
import type { WorkspacesPool, WorkspacesPoolError } from '@aws-sdk/client-workspaces';
import { formatSeconds, said } from '../shared/resource';

export { formatSeconds, said };

export const END_OF_SUPPORT_URL = 'https://docs.aws.amazon.com/workspaces/latest/adminguide/wsp-pools-end-of-support.html';
export const TROUBLESHOOTING_URL = 'https://docs.aws.amazon.com/workspaces/latest/adminguide/wsp-pools-troubleshooting.html';

/** What to do about each pool error code we can say something useful about. */
const ERROR_HINTS: Readonly<Record<string, string>> = {
  IAM_SERVICE_ROLE_IS_MISSING:
    'the account has no IAM role named workspaces_DefaultRole (trusted by workspaces.amazonaws.com, with AmazonWorkSpacesPoolServiceAccess attached); create it, for example with this library\'s WorkspacesDefaultRole',
  IAM_SERVICE_ROLE_MISSING_ENI_DESCRIBE_ACTION: 'workspaces_DefaultRole lacks ec2:DescribeNetworkInterfaces; attach AmazonWorkSpacesPoolServiceAccess to it',
  IAM_SERVICE_ROLE_MISSING_ENI_CREATE_ACTION: 'workspaces_DefaultRole lacks ec2:CreateNetworkInterface; attach AmazonWorkSpacesPoolServiceAccess to it',
  IAM_SERVICE_ROLE_MISSING_ENI_DELETE_ACTION: 'workspaces_DefaultRole lacks ec2:DeleteNetworkInterface; attach AmazonWorkSpacesPoolServiceAccess to it',
  SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES: 'the directory\'s subnets have too few free IP addresses for the desired sessions; use larger subnets or lower desiredUserSessions',
  SUBNET_NOT_FOUND: 'a subnet of the directory no longer exists; update the directory\'s subnets',
  SECURITY_GROUPS_NOT_FOUND: 'a security group of the directory no longer exists; update the directory',
  IGW_NOT_ATTACHED: 'the directory\'s VPC has no internet gateway attached, which internet access needs; attach one or turn internet access off',
  BUNDLE_NOT_FOUND: 'the bundle no longer exists or is not shared with this account; check bundleId',
  DIRECTORY_NOT_FOUND: 'the directory is not registered with WorkSpaces in this Region; register it (WorkspaceDirectory) and check the directory',
  DEFAULT_OU_IS_MISSING: 'the directory\'s default organizational unit does not exist in Active Directory; fix the directory\'s default OU',
  MACHINE_ROLE_IS_MISSING: 'the instance role is missing; check the directory\'s instance role',
  INSUFFICIENT_PERMISSIONS_ERROR: 'workspaces_DefaultRole lacks permissions; attach AmazonWorkSpacesPoolServiceAccess to it',
  WORKSPACES_POOL_STOPPED: 'the pool is stopped; start it (desiredState RUNNING or scheduleStart)',
  WORKSPACES_POOL_INSTANCE_PROVISIONING_FAILURE: 'instances could not be provisioned (often instance capacity for the bundle in these Availability Zones); try again later or choose another bundle',
  DOMAIN_JOIN_INTERNAL_SERVICE_ERROR: 'domain join failed inside the service; try again',
};

function hintFor(code: string): string {
  if (ERROR_HINTS[code]) {
    return ERROR_HINTS[code];
  }
  if (code.startsWith('DOMAIN_JOIN_')) {
    return 'the pool\'s instances could not join the domain; check the directory\'s ActiveDirectoryConfig (domain name, service account secret and its permissions) and that the VPC reaches the domain controllers';
  }
  return `see ${TROUBLESHOOTING_URL}`;
}

/** `CODE: message (what to do: hint)`, one per pool error. */
export function describePoolErrors(errors: readonly WorkspacesPoolError[]): string {
  return errors
    .map(e => `${e.ErrorCode ?? 'UNKNOWN'}: ${e.ErrorMessage ?? 'no message'} (what to do: ${hintFor(e.ErrorCode ?? '')})`)
    .join('; ');
}

/** `call-centre (wspool-abc123def)`. */
export function poolLabel(poolName: string | undefined, poolId: string | undefined): string {
  if (poolName && poolId) return `'${poolName}' (${poolId})`;
  return poolName ? `'${poolName}'` : poolId ?? 'the pool';
}

export function capacitySummary(pool: WorkspacesPool): string {
  const c = pool.CapacityStatus;
  if (!c) return 'capacity unknown';
  return `${c.ActualUserSessions ?? 0} of ${c.DesiredUserSessions ?? 0} desired sessions provisioned, ${c.ActiveUserSessions ?? 0} in use`;
}

export function settledWithErrors(label: string, target: string, pool: WorkspacesPool): string {
  return `WorkSpaces pool ${label} settled in state ${pool.State} with errors while this deploy was taking it to ${target}: ` +
    `${describePoolErrors(pool.Errors ?? [])}. ${capacitySummary(pool)}. ` +
    'Fix the cause and deploy again; CloudFormation rolls this change back meanwhile.';
}

export interface TimedOutDetail {
  /** What to do, when more is known than the generic advice. */
  readonly advice?: string;
  /** Why the pool could not be described at the deadline (throttling, 5xx). */
  readonly describeFailure?: string;
}

export function timedOut(
  label: string, target: string, timeoutSeconds: number, lastSeen: WorkspacesPool | undefined, detail: TimedOutDetail = {},
): string {
  let seen: string;
  if (detail.describeFailure !== undefined) {
    seen = `the pool could not be described at the deadline (${detail.describeFailure})`;
  } else if (lastSeen) {
    seen = `last seen in state ${lastSeen.State} (${capacitySummary(lastSeen)}${lastSeen.Errors?.length ? `; errors: ${describePoolErrors(lastSeen.Errors)}` : ''})`;
  } else {
    seen = 'not found when last described';
  }
  return `WorkSpaces pool ${label} did not reach ${target} within the timeout of ${formatSeconds(timeoutSeconds)}: ${seen}. ` +
    (detail.advice ?? 'Check the pool in the WorkSpaces console; if it is still making progress, raise the WorkspacesPool timeout (at most the provider\'s total timeout) and deploy again.');
}

export function newCustomerAccessDenied(poolName: string, error: unknown): string {
  return `Creating WorkSpaces pool '${poolName}' was refused: ${said(error)}. ` +
    'WorkSpaces Pools refuses new customers from 2026-07-31 (AWS\'s end-of-support page; 7/30/2026 in the service\'s own message) and reaches end of support on 2027-12-31: ' +
    'an account that has never used Pools cannot create one. ' +
    `See ${END_OF_SUPPORT_URL}. If this account does use Pools, the refusal is a permission problem: check the SCPs and permission boundaries that apply to the cdk-workspaces-constructs handler role.`;
}

