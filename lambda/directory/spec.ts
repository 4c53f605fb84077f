/**
 * The directory registration as the template describes it (the custom
 * resource's properties), parsed from what CloudFormation passes: every scalar
 * arrives as a string, booleans as 'true' or 'false'. The property names are
 * the WorkSpaces API's, and the contract with lib/directory/workspace-directory.ts.
 */
import type {
  AccessEndpointConfig,
  CertificateBasedAuthProperties,
  SamlProperties,
  SelfservicePermissions,
  StreamingProperties,
  WorkspaceAccessProperties,
  WorkspaceCreationProperties,
} from '@aws-sdk/client-workspaces';
import { compact, isObject, MAX_API_INTEGER, PropertyReader, TIMEOUT_SECONDS, type Props, type TagValue } from '../shared/properties';
import type { ResourceProperties } from '../shared/types';

export type DirectoryTag = TagValue;

export type Tenancy = 'DEDICATED' | 'SHARED';
export type EndpointEncryptionMode = 'STANDARD_TLS' | 'FIPS_VALIDATED';

export interface DirectorySpec {
  readonly directoryId: string;
  /** Absent: WorkSpaces uses the directory's own subnets. */
  readonly subnetIds?: readonly string[];
  readonly enableSelfService?: boolean;
  readonly tenancy?: Tenancy;
  readonly tags: readonly DirectoryTag[];
  readonly workspaceCreationProperties?: WorkspaceCreationProperties;
  readonly workspaceAccessProperties?: WorkspaceAccessProperties;
  readonly selfservicePermissions?: SelfservicePermissions;
  readonly samlProperties?: SamlProperties;
  readonly certificateBasedAuthProperties?: CertificateBasedAuthProperties;
  readonly streamingProperties?: StreamingProperties;
  readonly endpointEncryptionMode?: EndpointEncryptionMode;
  /** Absent: the stack leaves IP group associations alone. */
  readonly ipGroupIds?: readonly string[];
  /** Seconds one operation may take before it fails. */
  readonly timeoutSeconds: number;
}

/** Properties of the custom resource, as lib/directory/workspace-directory.ts writes them (the API's names). */
export const PROPERTY = {
  directoryId: 'DirectoryId',
  subnetIds: 'SubnetIds',
  enableSelfService: 'EnableSelfService',
  tenancy: 'Tenancy',
  tags: 'Tags',
  workspaceCreationProperties: 'WorkspaceCreationProperties',
  workspaceAccessProperties: 'WorkspaceAccessProperties',
  selfservicePermissions: 'SelfservicePermissions',
  samlProperties: 'SamlProperties',
  certificateBasedAuthProperties: 'CertificateBasedAuthProperties',
  streamingProperties: 'StreamingProperties',
  endpointEncryptionMode: 'EndpointEncryptionMode',
  ipGroupIds: 'IpGroupIds',
  timeoutSeconds: 'TimeoutSeconds',
} as const;

/** The default operation timeout when the template sets none (the construct always sets one). */
export const DEFAULT_TIMEOUT_SECONDS = 3300;

/** An AWS Directory Service directory id: the only kind this resource registers (pools directories are `wsd-`). */
export const DIRECTORY_ID = /^d-[0-9a-f]{8,63}$/;

const ALLOW_DENY = ['ALLOW', 'DENY'] as const;
const ENABLED_DISABLED = ['ENABLED', 'DISABLED'] as const;

const DEVICE_TYPES = [
  'DeviceTypeWindows',
  'DeviceTypeOsx',
  'DeviceTypeWeb',
  'DeviceTypeIos',
  'DeviceTypeAndroid',
  'DeviceTypeChromeOs',
  'DeviceTypeZeroClient',
  'DeviceTypeLinux',
  'DeviceTypeWorkSpacesThinClient',
] as const;

export const SELF_SERVICE_CAPABILITIES = [
  'RestartWorkspace',
  'IncreaseVolumeSize',
  'ChangeComputeType',
  'SwitchRunningMode',
  'RebuildWorkspace',
] as const;

const read = new PropertyReader('Custom::WorkspaceDirectoryRegistration', 'WorkspaceDirectory');

export function parseSpec(properties: ResourceProperties): DirectorySpec {
  const p = properties as Props;
  const directoryId = read.requiredMatch(p, PROPERTY.directoryId, DIRECTORY_ID, 'an AWS Directory Service directory id (d- followed by 8 or more hex digits)');
  return {
    directoryId,
    subnetIds: read.optionalStringList(p, PROPERTY.subnetIds),
    enableSelfService: read.optionalBoolean(p, PROPERTY.enableSelfService),
    tenancy: read.oneOf(p, PROPERTY.tenancy, ['DEDICATED', 'SHARED'] as const),
    tags: read.tags(p, PROPERTY.tags),
    workspaceCreationProperties: parseCreationProperties(p),
    workspaceAccessProperties: parseAccessProperties(p),
    selfservicePermissions: parseSelfservicePermissions(p),
    samlProperties: parseSamlProperties(p),
    certificateBasedAuthProperties: parseCertificateBasedAuthProperties(p),
    streamingProperties: parseStreamingProperties(p),
    endpointEncryptionMode: read.oneOf(p, PROPERTY.endpointEncryptionMode, ['STANDARD_TLS', 'FIPS_VALIDATED'] as const),
    ipGroupIds: read.optionalStringList(p, PROPERTY.ipGroupIds),
    timeoutSeconds: read.optionalInteger(p, PROPERTY.timeoutSeconds, undefined, TIMEOUT_SECONDS) ?? DEFAULT_TIMEOUT_SECONDS,
  };
}

// -----------------------------------------------------------------------------
// settings blocks
// -----------------------------------------------------------------------------

function parseCreationProperties(p: Props): WorkspaceCreationProperties | undefined {
  return read.optionalBlock(p, PROPERTY.workspaceCreationProperties, (o, key) => ({
    EnableInternetAccess: read.optionalBoolean(o, 'EnableInternetAccess', key),
    DefaultOu: read.optionalString(o, 'DefaultOu', key),
    CustomSecurityGroupId: read.optionalString(o, 'CustomSecurityGroupId', key),
    UserEnabledAsLocalAdministrator: read.optionalBoolean(o, 'UserEnabledAsLocalAdministrator', key),
    EnableMaintenanceMode: read.optionalBoolean(o, 'EnableMaintenanceMode', key),
    InstanceIamRoleArn: read.optionalString(o, 'InstanceIamRoleArn', key),
  }));
}

function parseAccessProperties(p: Props): WorkspaceAccessProperties | undefined {
  return read.optionalBlock(p, PROPERTY.workspaceAccessProperties, (o, key) => ({
    ...Object.fromEntries(DEVICE_TYPES.map(deviceType => [deviceType, read.oneOf(o, deviceType, ALLOW_DENY, key)])),
    AccessEndpointConfig: parseAccessEndpointConfig(o, key),
  }));
}

function parseAccessEndpointConfig(o: Props, parent: string): AccessEndpointConfig | undefined {
  return read.optionalBlock(o, 'AccessEndpointConfig', (config, key) => {
    const endpoints = config.AccessEndpoints;
    if (!Array.isArray(endpoints)) {
      throw read.invalid(`${key}.AccessEndpoints`, 'must be a list of { AccessEndpointType, VpcEndpointId }', endpoints);
    }
    return {
      AccessEndpoints: endpoints.map((endpoint: unknown) => {
        if (!isObject(endpoint)) {
          throw read.invalid(`${key}.AccessEndpoints`, 'must be a list of { AccessEndpointType, VpcEndpointId }', endpoints);
        }
        return compact({
          AccessEndpointType: read.oneOf(endpoint, 'AccessEndpointType', ['STREAMING_WSP'] as const, `${key}.AccessEndpoints`),
          VpcEndpointId: read.optionalString(endpoint, 'VpcEndpointId', `${key}.AccessEndpoints`),
        });
      }),
      InternetFallbackProtocols: read.optionalEnumList(config, 'InternetFallbackProtocols', ['PCOIP'] as const, key),
    };
  }, parent);
}

function parseSelfservicePermissions(p: Props): SelfservicePermissions | undefined {
  return read.optionalBlock(p, PROPERTY.selfservicePermissions, (o, key) =>
    Object.fromEntries(SELF_SERVICE_CAPABILITIES.map(capability => [capability, read.oneOf(o, capability, ENABLED_DISABLED, key)])));
}

function parseSamlProperties(p: Props): SamlProperties | undefined {
  return read.optionalBlock(p, PROPERTY.samlProperties, (o, key) => ({
    Status: read.oneOf(o, 'Status', ['ENABLED', 'DISABLED', 'ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK'] as const, key),
    UserAccessUrl: read.optionalString(o, 'UserAccessUrl', key),
    RelayStateParameterName: read.optionalString(o, 'RelayStateParameterName', key),
  }));
}

function parseCertificateBasedAuthProperties(p: Props): CertificateBasedAuthProperties | undefined {
  return read.optionalBlock(p, PROPERTY.certificateBasedAuthProperties, (o, key) => ({
    Status: read.oneOf(o, 'Status', ENABLED_DISABLED, key),
    CertificateAuthorityArn: read.optionalString(o, 'CertificateAuthorityArn', key),
  }));
}

function parseStreamingProperties(p: Props): StreamingProperties | undefined {
  return read.optionalBlock(p, PROPERTY.streamingProperties, (o, key) => {
    const userSettings = read.optionalList(o, 'UserSettings', key, (item, itemKey) => compact({
      Action: read.requiredOneOf(item, 'Action', [
        'CLIPBOARD_COPY_FROM_LOCAL_DEVICE', 'CLIPBOARD_COPY_TO_LOCAL_DEVICE', 'PRINTING_TO_LOCAL_DEVICE', 'SMART_CARD',
      ] as const, itemKey),
      Permission: read.requiredOneOf(item, 'Permission', ENABLED_DISABLED, itemKey),
      MaximumLength: read.optionalInteger(item, 'MaximumLength', itemKey, { min: 1, max: MAX_API_INTEGER }),
    }));
    const storageConnectors = read.optionalList(o, 'StorageConnectors', key, (item, itemKey) => ({
      ConnectorType: read.requiredOneOf(item, 'ConnectorType', ['HOME_FOLDER'] as const, itemKey),
      Status: read.requiredOneOf(item, 'Status', ENABLED_DISABLED, itemKey),
    }));
    const accelerator = read.optionalObject(o, 'GlobalAccelerator', key);
    return {
      StreamingExperiencePreferredProtocol: read.oneOf(o, 'StreamingExperiencePreferredProtocol', ['TCP', 'UDP'] as const, key),
      UserSettings: userSettings,
      StorageConnectors: storageConnectors,
      GlobalAccelerator: accelerator && compact({
        Mode: read.requiredOneOf(accelerator, 'Mode', ['ENABLED_AUTO', 'DISABLED'] as const, `${key}.GlobalAccelerator`),
        PreferredProtocol: read.oneOf(accelerator, 'PreferredProtocol', ['TCP', 'NONE'] as const, `${key}.GlobalAccelerator`),
      }),
    };
  });
}
