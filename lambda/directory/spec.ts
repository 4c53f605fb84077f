/**
 * The directory registration as the template describes it (the custom
 * resource's properties), parsed from what CloudFormation passes: every scalar
 * arrives as a string, booleans as 'true' or 'false'. The property names are
 * the WorkSpaces API's, and the contract with lib/workspace-directory.ts.
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
import type { ResourceProperties } from '../shared/types';

export interface DirectoryTag {
  readonly Key: string;
  readonly Value: string;
}

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

/** Properties of the custom resource, as lib/workspace-directory.ts writes them (the API's names). */
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

type Props = Readonly<Record<string, unknown>>;

export function parseSpec(properties: ResourceProperties): DirectorySpec {
  const p = properties as Props;
  const directoryId = requiredString(p, PROPERTY.directoryId);
  if (!DIRECTORY_ID.test(directoryId)) {
    throw invalid(PROPERTY.directoryId, 'must be an AWS Directory Service directory id (d- followed by 8 or more hex digits)', directoryId);
  }
  return {
    directoryId,
    subnetIds: optionalStringList(p, PROPERTY.subnetIds),
    enableSelfService: optionalBoolean(p, PROPERTY.enableSelfService),
    tenancy: oneOf(p, PROPERTY.tenancy, ['DEDICATED', 'SHARED'] as const),
    tags: parseTags(p[PROPERTY.tags]),
    workspaceCreationProperties: parseCreationProperties(p),
    workspaceAccessProperties: parseAccessProperties(p),
    selfservicePermissions: parseSelfservicePermissions(p),
    samlProperties: parseSamlProperties(p),
    certificateBasedAuthProperties: parseCertificateBasedAuthProperties(p),
    streamingProperties: parseStreamingProperties(p),
    endpointEncryptionMode: oneOf(p, PROPERTY.endpointEncryptionMode, ['STANDARD_TLS', 'FIPS_VALIDATED'] as const),
    ipGroupIds: optionalStringList(p, PROPERTY.ipGroupIds),
    timeoutSeconds: optionalInteger(p, PROPERTY.timeoutSeconds) ?? DEFAULT_TIMEOUT_SECONDS,
  };
}

// -----------------------------------------------------------------------------
// settings blocks
// -----------------------------------------------------------------------------

function parseCreationProperties(p: Props): WorkspaceCreationProperties | undefined {
  const o = optionalObject(p, PROPERTY.workspaceCreationProperties);
  if (!o) return undefined;
  const key = PROPERTY.workspaceCreationProperties;
  return compact({
    EnableInternetAccess: optionalBoolean(o, 'EnableInternetAccess', key),
    DefaultOu: optionalString(o, 'DefaultOu', key),
    CustomSecurityGroupId: optionalString(o, 'CustomSecurityGroupId', key),
    UserEnabledAsLocalAdministrator: optionalBoolean(o, 'UserEnabledAsLocalAdministrator', key),
    EnableMaintenanceMode: optionalBoolean(o, 'EnableMaintenanceMode', key),
    InstanceIamRoleArn: optionalString(o, 'InstanceIamRoleArn', key),
  });
}

function parseAccessProperties(p: Props): WorkspaceAccessProperties | undefined {
  const o = optionalObject(p, PROPERTY.workspaceAccessProperties);
  if (!o) return undefined;
  const key = PROPERTY.workspaceAccessProperties;
  const result: Record<string, unknown> = {};
  for (const deviceType of DEVICE_TYPES) {
    result[deviceType] = oneOf(o, deviceType, ALLOW_DENY, key);
  }
  result.AccessEndpointConfig = parseAccessEndpointConfig(o, key);
  return compact(result) as WorkspaceAccessProperties;
}

function parseAccessEndpointConfig(o: Props, parent: string): AccessEndpointConfig | undefined {
  const config = optionalObject(o, 'AccessEndpointConfig', parent);
  if (!config) return undefined;
  const key = `${parent}.AccessEndpointConfig`;
  const endpoints = config.AccessEndpoints;
  if (!Array.isArray(endpoints)) {
    throw invalid(`${key}.AccessEndpoints`, 'must be a list of { AccessEndpointType, VpcEndpointId }', endpoints);
  }
  return compact({
    AccessEndpoints: endpoints.map((endpoint: unknown) => {
      if (!isObject(endpoint)) {
        throw invalid(`${key}.AccessEndpoints`, 'must be a list of { AccessEndpointType, VpcEndpointId }', endpoints);
      }
      return compact({
        AccessEndpointType: oneOf(endpoint, 'AccessEndpointType', ['STREAMING_WSP'] as const, `${key}.AccessEndpoints`),
        VpcEndpointId: optionalString(endpoint, 'VpcEndpointId', `${key}.AccessEndpoints`),
      });
    }),
    InternetFallbackProtocols: optionalEnumList(config, 'InternetFallbackProtocols', ['PCOIP'] as const, key),
  }) as AccessEndpointConfig;
}

function parseSelfservicePermissions(p: Props): SelfservicePermissions | undefined {
  const o = optionalObject(p, PROPERTY.selfservicePermissions);
  if (!o) return undefined;
  const result: Record<string, unknown> = {};
  for (const capability of SELF_SERVICE_CAPABILITIES) {
    result[capability] = oneOf(o, capability, ENABLED_DISABLED, PROPERTY.selfservicePermissions);
  }
  return compact(result) as SelfservicePermissions;
}

function parseSamlProperties(p: Props): SamlProperties | undefined {
  const o = optionalObject(p, PROPERTY.samlProperties);
  if (!o) return undefined;
  const key = PROPERTY.samlProperties;
  return compact({
    Status: oneOf(o, 'Status', ['ENABLED', 'DISABLED', 'ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK'] as const, key),
    UserAccessUrl: optionalString(o, 'UserAccessUrl', key),
    RelayStateParameterName: optionalString(o, 'RelayStateParameterName', key),
  });
}

function parseCertificateBasedAuthProperties(p: Props): CertificateBasedAuthProperties | undefined {
  const o = optionalObject(p, PROPERTY.certificateBasedAuthProperties);
  if (!o) return undefined;
  const key = PROPERTY.certificateBasedAuthProperties;
  return compact({
    Status: oneOf(o, 'Status', ENABLED_DISABLED, key),
    CertificateAuthorityArn: optionalString(o, 'CertificateAuthorityArn', key),
  });
}

function parseStreamingProperties(p: Props): StreamingProperties | undefined {
  const o = optionalObject(p, PROPERTY.streamingProperties);
  if (!o) return undefined;
  const key = PROPERTY.streamingProperties;
  const userSettings = optionalList(o, 'UserSettings', key, (item, itemKey) => compact({
    Action: requiredOneOf(item, 'Action', [
      'CLIPBOARD_COPY_FROM_LOCAL_DEVICE', 'CLIPBOARD_COPY_TO_LOCAL_DEVICE', 'PRINTING_TO_LOCAL_DEVICE', 'SMART_CARD',
    ] as const, itemKey),
    Permission: requiredOneOf(item, 'Permission', ENABLED_DISABLED, itemKey),
    MaximumLength: optionalInteger(item, 'MaximumLength', itemKey),
  }));
  const storageConnectors = optionalList(o, 'StorageConnectors', key, (item, itemKey) => ({
    ConnectorType: requiredOneOf(item, 'ConnectorType', ['HOME_FOLDER'] as const, itemKey),
    Status: requiredOneOf(item, 'Status', ENABLED_DISABLED, itemKey),
  }));
  const accelerator = optionalObject(o, 'GlobalAccelerator', key);
  return compact({
    StreamingExperiencePreferredProtocol: oneOf(o, 'StreamingExperiencePreferredProtocol', ['TCP', 'UDP'] as const, key),
    UserSettings: userSettings,
    StorageConnectors: storageConnectors,
    GlobalAccelerator: accelerator && compact({
      Mode: requiredOneOf(accelerator, 'Mode', ['ENABLED_AUTO', 'DISABLED'] as const, `${key}.GlobalAccelerator`),
      PreferredProtocol: oneOf(accelerator, 'PreferredProtocol', ['TCP', 'NONE'] as const, `${key}.GlobalAccelerator`),
    }),
  }) as StreamingProperties;
}

// -----------------------------------------------------------------------------
// scalars
// -----------------------------------------------------------------------------

function invalid(key: string, rule: string, value: unknown): Error {
  return new Error(
    `Custom::WorkspaceDirectoryRegistration property ${key} ${rule}, got ${JSON.stringify(value)}. ` +
    'The template was not written by this version of cdk-workspaces-constructs: synthesize it again with the WorkspaceDirectory construct.',
  );
}

function qualified(key: string, parent?: string): string {
  return parent ? `${parent}.${key}` : key;
}

function isObject(value: unknown): value is Props {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object without its undefined members, or undefined when none is left. */
function compact<T extends Record<string, unknown>>(value: T): T | undefined {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return entries.length > 0 ? (Object.fromEntries(entries) as T) : undefined;
}

function optionalString(p: Props, key: string, parent?: string): string | undefined {
  const value = p[key];
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw invalid(qualified(key, parent), 'must be a string', value);
  }
  return value;
}

function requiredString(p: Props, key: string, parent?: string): string {
  const value = optionalString(p, key, parent);
  if (value === undefined) {
    throw invalid(qualified(key, parent), 'is required', p[key]);
  }
  return value;
}

function optionalBoolean(p: Props, key: string, parent?: string): boolean | undefined {
  const value = p[key];
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw invalid(qualified(key, parent), "must be 'true' or 'false'", value);
}

function optionalInteger(p: Props, key: string, parent?: string): number | undefined {
  const value = p[key];
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  // Number(' ') is 0: a blank string is not a number.
  const n = typeof value === 'string' ? (value.trim() === '' ? NaN : Number(value)) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw invalid(qualified(key, parent), 'must be a whole number of 0 or more', value);
  }
  return n;
}

function oneOf<T extends string>(p: Props, key: string, allowed: readonly T[], parent?: string): T | undefined {
  const value = optionalString(p, key, parent);
  if (value === undefined) {
    return undefined;
  }
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalid(qualified(key, parent), `must be one of ${allowed.join(', ')}`, value);
  }
  return value as T;
}

function requiredOneOf<T extends string>(p: Props, key: string, allowed: readonly T[], parent: string): T {
  const value = oneOf(p, key, allowed, parent);
  if (value === undefined) {
    throw invalid(qualified(key, parent), 'is required', p[key]);
  }
  return value;
}

function optionalObject(p: Props, key: string, parent?: string): Props | undefined {
  const value = p[key];
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (!isObject(value)) {
    throw invalid(qualified(key, parent), 'must be an object', value);
  }
  return value;
}

function optionalList<T>(p: Props, key: string, parent: string, parseItem: (item: Props, itemKey: string) => T): T[] | undefined {
  const value = p[key];
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  const itemKey = qualified(key, parent);
  if (!Array.isArray(value)) {
    throw invalid(itemKey, 'must be a list', value);
  }
  return value.map((item: unknown) => {
    if (!isObject(item)) {
      throw invalid(itemKey, 'must be a list of objects', value);
    }
    return parseItem(item, itemKey);
  });
}

function optionalStringList(p: Props, key: string): string[] | undefined {
  const value = p[key];
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (!Array.isArray(value) || value.some(v => typeof v !== 'string' || v === '')) {
    throw invalid(key, 'must be a list of strings', value);
  }
  return [...value] as string[];
}

function optionalEnumList<T extends string>(p: Props, key: string, allowed: readonly T[], parent: string): T[] | undefined {
  const value = p[key];
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (!Array.isArray(value) || value.some(v => !(allowed as readonly unknown[]).includes(v))) {
    throw invalid(qualified(key, parent), `must be a list of ${allowed.join(', ')}`, value);
  }
  return [...value] as T[];
}

function parseTags(value: unknown): DirectoryTag[] {
  if (value === undefined || value === null || value === '') {
    return [];
  }
  if (!Array.isArray(value)) {
    throw invalid(PROPERTY.tags, 'must be a list of { Key, Value }', value);
  }
  return value.map(tag => {
    if (!isObject(tag) || typeof tag.Key !== 'string' || typeof tag.Value !== 'string') {
      throw invalid(PROPERTY.tags, 'must be a list of { Key, Value }', value);
    }
    return { Key: tag.Key, Value: tag.Value };
  });
}
