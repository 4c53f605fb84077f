import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as workspaces from 'aws-cdk-lib/aws-workspaces';
import { IConstruct } from 'constructs';
import { DirectoryIdentityConfig, DirectoryIdentityKind } from './directory-identity';
import { SamlStatus, SelfServicePermissions, StreamingAction } from './directory-settings';
import type { IpAccessRule } from './ip-access-rule';
import type { WorkspaceDirectoryProps } from './workspace-directory-props';
import { validateIpv4Range } from '../private/cidr';
import { validationError } from '../private/errors';

/**
 * A directory's settings in the L1's shape (CfnDirectory property types);
 * the Directory Service custom resource gets the same values with the API's
 * PascalCase keys.
 */
export interface RenderedDirectorySettings {
  readonly workspaceCreation?: workspaces.CfnDirectory.DefaultWorkspaceCreationPropertiesProperty;
  readonly workspaceAccess?: workspaces.CfnDirectory.WorkspaceAccessPropertiesProperty;
  readonly selfservicePermissions?: workspaces.CfnDirectory.SelfservicePermissionsProperty;
  readonly saml?: workspaces.CfnDirectory.SamlPropertiesProperty;
  readonly certificateBasedAuth?: workspaces.CfnDirectory.CertificateBasedAuthPropertiesProperty;
  readonly streaming?: workspaces.CfnDirectory.StreamingPropertiesProperty;
  readonly ipGroupIds?: string[];
  /** Roles WorkSpaces is given (instance role): the registration passes them. */
  readonly passedRoleArns: string[];
}

const allowDeny = (allowed: boolean | undefined) => (allowed === undefined ? undefined : allowed ? 'ALLOW' : 'DENY');
const enabledDisabled = (enabled: boolean | undefined) => (enabled === undefined ? undefined : enabled ? 'ENABLED' : 'DISABLED');

function compact<T extends object>(value: T): T | undefined {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return entries.length > 0 ? (Object.fromEntries(entries) as T) : undefined;
}

/**
 * All five self-service capabilities, each flag left out taking its default
 * (restart on; the others as `enableSelfService`): ModifySelfservicePermissions
 * leaves an absent flag as the directory has it, so a flag removed from the
 * props must be sent with its default to take effect.
 */
function renderSelfService(self: SelfServicePermissions, enableSelfService: boolean): workspaces.CfnDirectory.SelfservicePermissionsProperty {
  return {
    restartWorkspace: enabledDisabled(self.restartWorkspace ?? true),
    increaseVolumeSize: enabledDisabled(self.increaseVolumeSize ?? enableSelfService),
    changeComputeType: enabledDisabled(self.changeComputeType ?? enableSelfService),
    switchRunningMode: enabledDisabled(self.switchRunningMode ?? enableSelfService),
    rebuildWorkspace: enabledDisabled(self.rebuildWorkspace ?? enableSelfService),
  };
}

export function renderDirectorySettings(props: WorkspaceDirectoryProps, ipGroupIds: string[]): RenderedDirectorySettings {
  const creation = props.workspaceCreation;
  const access = props.deviceAccess;
  const self = props.selfServicePermissions;
  const streaming = props.streaming;
  return {
    workspaceCreation: creation && compact({
      enableInternetAccess: creation.enableInternetAccess,
      defaultOu: creation.defaultOu,
      customSecurityGroupId: creation.securityGroup?.securityGroupId,
      userEnabledAsLocalAdministrator: creation.userEnabledAsLocalAdministrator,
      enableMaintenanceMode: creation.enableMaintenanceMode,
      instanceIamRoleArn: creation.instanceRole?.roleArn,
    }),
    workspaceAccess: access && compact({
      deviceTypeWindows: allowDeny(access.windows),
      deviceTypeOsx: allowDeny(access.macOs),
      deviceTypeWeb: allowDeny(access.web),
      deviceTypeIos: allowDeny(access.ios),
      deviceTypeAndroid: allowDeny(access.android),
      deviceTypeChromeOs: allowDeny(access.chromeOs),
      deviceTypeLinux: allowDeny(access.linux),
      deviceTypeZeroClient: allowDeny(access.zeroClient),
      deviceTypeWorkSpacesThinClient: allowDeny(access.thinClient),
    }),
    selfservicePermissions: self && renderSelfService(self, props.enableSelfService ?? false),
    saml: props.saml && {
      status: props.saml.status ?? SamlStatus.ENABLED,
      userAccessUrl: props.saml.userAccessUrl,
      relayStateParameterName: props.saml.relayStateParameterName,
    },
    certificateBasedAuth: props.certificateBasedAuth && {
      status: (props.certificateBasedAuth.enabled ?? true) ? 'ENABLED' : 'DISABLED',
      certificateAuthorityArn: props.certificateBasedAuth.certificateAuthority.certificateAuthorityArn,
    },
    streaming: streaming && compact({
      streamingExperiencePreferredProtocol: streaming.preferredProtocol,
      userSettings: streaming.userSettings?.map(s => ({ action: s.action, permission: s.enabled ? 'ENABLED' : 'DISABLED', maximumLength: s.maximumLength })),
      storageConnectors: streaming.homeFolder === undefined ? undefined : [{ connectorType: 'HOME_FOLDER', status: streaming.homeFolder ? 'ENABLED' : 'DISABLED' }],
    }),
    ipGroupIds: ipGroupIds.length > 0 ? ipGroupIds : undefined,
    passedRoleArns: creation?.instanceRole ? [creation.instanceRole.roleArn] : [],
  };
}

// ---------------------------------------------------------------------------
// Validation: one function per rule, tokens skipped, all before anything is created.
// ---------------------------------------------------------------------------

/** `^[a-zA-Z0-9][a-zA-Z0-9_.\s-]{1,64}$` (WorkspaceDirectoryName). */
export const DIRECTORY_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.\s-]{1,64}$/;
/** `^([a-zA-Z0-9_])[\\a-zA-Z0-9_@#%*+=:?./!\s-]{1,255}$` (WorkspaceDirectoryDescription). */
export const DIRECTORY_DESCRIPTION = /^([a-zA-Z0-9_])[\\a-zA-Z0-9_@#%*+=:?./!\s-]{1,255}$/;
/** `^(http|https)\://\S+$`, 8-200 characters (SAML UserAccessUrl). */
export const USER_ACCESS_URL = /^(http|https):\/\/\S+$/;
const CLIPBOARD_ACTIONS: ReadonlySet<string> = new Set([
  StreamingAction.CLIPBOARD_COPY_FROM_LOCAL_DEVICE,
  StreamingAction.CLIPBOARD_COPY_TO_LOCAL_DEVICE,
]);

export function validateDirectoryProps(
  scope: IConstruct, props: WorkspaceDirectoryProps, identity: DirectoryIdentityConfig, subnets: ec2.ISubnet[] | undefined,
): void {
  const kind = identity.kind;
  const pools = kind === DirectoryIdentityKind.CUSTOMER_MANAGED;
  const directoryService = kind === DirectoryIdentityKind.DIRECTORY_SERVICE;
  validateName(scope, props.directoryName, directoryService);
  validateDescription(scope, props.description, directoryService);
  validateSubnets(scope, subnets);
  if (pools) validateNotForPools(scope, props);
  if (pools && (!props.saml || props.saml.status === SamlStatus.DISABLED)) {
    throw validationError(scope, `\`saml\` must be enabled for a pools directory (DirectoryIdentity.customerManaged): its users sign in through SAML 2.0, got ${props.saml ? 'saml status DISABLED' : 'no saml'}`);
  }
  if (props.saml) validateUserAccessUrl(scope, props.saml.userAccessUrl);
  if (props.certificateBasedAuth && (props.certificateBasedAuth.enabled ?? true)) {
    if (!props.saml || props.saml.status === SamlStatus.DISABLED) {
      throw validationError(scope, `\`certificateBasedAuth\` needs SAML 2.0 enabled (\`saml\` with status ENABLED), got saml ${props.saml ? 'status DISABLED' : 'absent'}`);
    }
  }
  for (const setting of props.streaming?.userSettings ?? []) {
    validateUserSetting(scope, setting.action, setting.maximumLength);
  }
  validateIpAccessRules(scope, props.ipAccessRules);
  if (directoryService && identity.directoryId !== undefined && !Token.isUnresolved(identity.directoryId)
    && !/^d-[0-9a-f]{8,63}$/.test(identity.directoryId)) {
    throw validationError(scope, `\`DirectoryIdentity.directoryService\` needs a Directory Service directory id (d-…, ^d-[0-9a-f]{8,63}$), got '${identity.directoryId}'`);
  }
}

/**
 * Rules per IP access control group: 10, not adjustable (Amazon WorkSpaces
 * quotas, https://docs.aws.amazon.com/workspaces/latest/adminguide/workspaces-limits.html).
 */
export const MAX_IP_ACCESS_RULES = 10;

function validateIpAccessRules(scope: IConstruct, rules: IpAccessRule[] | undefined): void {
  if (rules === undefined) return;
  if (rules.length > MAX_IP_ACCESS_RULES) {
    throw validationError(scope, `\`ipAccessRules\` may hold at most ${MAX_IP_ACCESS_RULES} rules (the rules-per-IP-access-control-group quota of WorkSpaces), got ${rules.length}; ` +
      'put the others in IP access control groups of your own and pass their ids in `ipGroupIds`');
  }
  rules.forEach((rule, index) => validateIpv4Range(scope, `ipAccessRules[${index}].cidr`, rule.cidr));
}

function validateName(scope: IConstruct, name: string | undefined, directoryService: boolean): void {
  if (name === undefined) return;
  if (directoryService) {
    throw validationError(scope, `\`directoryName\` applies to pools, IAM Identity Center and Entra directories; a Directory Service directory keeps its own name, got '${name}'`);
  }
  if (Token.isUnresolved(name)) return;
  if (!DIRECTORY_NAME.test(name)) {
    throw validationError(scope, `\`directoryName\` must be 2-65 characters, start with a letter or digit and contain only letters, digits, spaces, '_', '.' and '-' (${DIRECTORY_NAME.source}), got '${name}'`);
  }
}

function validateDescription(scope: IConstruct, description: string | undefined, directoryService: boolean): void {
  if (description === undefined) return;
  if (directoryService) {
    throw validationError(scope, `\`description\` applies to pools, IAM Identity Center and Entra directories; a Directory Service directory keeps its own, got '${description}'`);
  }
  if (Token.isUnresolved(description)) return;
  if (!DIRECTORY_DESCRIPTION.test(description)) {
    throw validationError(scope, `\`description\` must be 2-256 characters, start with a letter, digit or '_', and contain only letters, digits, spaces and \\ _ @ # % * + = : ? . / ! - (${DIRECTORY_DESCRIPTION.source}), got '${description}'`);
  }
}

function validateSubnets(scope: IConstruct, subnets: ec2.ISubnet[] | undefined): void {
  if (!subnets) return;
  if (subnets.length > 2) {
    throw validationError(scope, `\`vpcSubnets\` must select at most 2 subnets, in different Availability Zones, got ${subnets.length} (in ${subnets.map(s => s.availabilityZone).join(', ')})`);
  }
  if (subnets.length === 2) {
    const [a, b] = subnets.map(s => s.availabilityZone);
    if (!Token.isUnresolved(a) && !Token.isUnresolved(b) && a === b) {
      throw validationError(scope, `\`vpcSubnets\` must select subnets in different Availability Zones, got two in ${a}`);
    }
  }
}

function validateNotForPools(scope: IConstruct, props: WorkspaceDirectoryProps): void {
  const refused: Array<[string, unknown]> = [
    ['enableSelfService', props.enableSelfService],
    ['selfServicePermissions', props.selfServicePermissions],
    ['workspaceCreation.enableMaintenanceMode', props.workspaceCreation?.enableMaintenanceMode],
    ['workspaceCreation.userEnabledAsLocalAdministrator', props.workspaceCreation?.userEnabledAsLocalAdministrator],
  ];
  for (const [prop, value] of refused) {
    if (value !== undefined) {
      throw validationError(scope, `\`${prop}\` applies to personal WorkSpaces only, not to a pools directory (DirectoryIdentity.customerManaged), got ${JSON.stringify(value)}`);
    }
  }
}

function validateUserAccessUrl(scope: IConstruct, url: string): void {
  if (Token.isUnresolved(url)) return;
  if (url.length < 8 || url.length > 200 || !USER_ACCESS_URL.test(url)) {
    throw validationError(scope, `\`saml.userAccessUrl\` must be an http(s) URL of 8-200 characters without spaces (${USER_ACCESS_URL.source}), got '${url}'`);
  }
}

function validateUserSetting(scope: IConstruct, action: string, maximumLength: number | undefined): void {
  if (maximumLength === undefined || Token.isUnresolved(maximumLength)) return;
  if (!CLIPBOARD_ACTIONS.has(action)) {
    throw validationError(scope, `\`streaming.userSettings[].maximumLength\` applies to the clipboard actions only, got maximumLength ${maximumLength} for ${action}`);
  }
  if (!Number.isInteger(maximumLength) || maximumLength < 1) {
    throw validationError(scope, `\`streaming.userSettings[].maximumLength\` must be a whole number of 1 or more, got ${maximumLength}`);
  }
}
