/**
 * What onEvent decides and isComplete carries out. The Provider framework
 * hands isComplete the same request at every poll, with the fields onEvent
 * returned merged in: the plan travels as the top-level `DirectoryPlan` field
 * (not in `Data`, which would become resource attributes). isComplete keeps
 * no state between polls: each poll describes the directory and applies
 * whatever part of the plan the directory does not show yet, so a retried or
 * repeated poll is harmless (every Modify call is idempotent).
 */
import type {
  CertificateBasedAuthProperties,
  DeletableCertificateBasedAuthProperty,
  DeletableSamlProperty,
  SamlProperties,
  SelfservicePermissions,
  StreamingProperties,
  WorkspaceAccessProperties,
  WorkspaceCreationProperties,
  WorkspaceDirectory,
} from '@aws-sdk/client-workspaces';
import type { DirectorySpec, DirectoryTag, EndpointEncryptionMode } from './spec';
import type { Operation, Plan } from '../shared/plan';


/** Directory settings to apply, each present only when the plan applies it. The names are the API's. */
export interface DirectoryChanges {
  readonly WorkspaceCreationProperties?: WorkspaceCreationProperties;
  readonly WorkspaceAccessProperties?: WorkspaceAccessProperties;
  readonly SelfservicePermissions?: SelfservicePermissions;
  readonly SamlProperties?: { readonly set: SamlProperties; readonly remove: DeletableSamlProperty[] };
  readonly CertificateBasedAuthProperties?: {
    readonly set: CertificateBasedAuthProperties;
    readonly remove: DeletableCertificateBasedAuthProperty[];
  };
  readonly StreamingProperties?: StreamingProperties;
  readonly EndpointEncryptionMode?: EndpointEncryptionMode;
  readonly IpGroups?: { readonly associate: string[]; readonly disassociate: string[] };
  readonly Tags?: { readonly set: DirectoryTag[]; readonly remove: string[] };
}

export type Step = keyof DirectoryChanges;

export interface DirectoryPlan extends Plan {
  readonly operation: Operation;
  /**
   * Create only: RegisterWorkspaceDirectory was not accepted in onEvent, for
   * the reason given (typically a Directory Service directory that is not
   * Active yet); isComplete asks again at every poll.
   */
  readonly registerPending?: string;
  /** Settings still to apply once the directory is REGISTERED. */
  readonly changes?: DirectoryChanges;
  /**
   * Delete whose physical id is not a directory id (CloudFormation made it
   * up for a create it cancelled): until this epoch ms, look for the
   * registration a create of this stack resource made of the directory in
   * the properties, and deregister it.
   */
  readonly searchUntil?: number;
  /**
   * Update back to the directory this resource keeps (the rollback of a
   * change of directoryId that failed or was cancelled): the registration
   * that change made, owned by this stack resource, is deregistered first;
   * CloudFormation never sends a Delete for it.
   */
  readonly cleanup?: { readonly directoryId: string; readonly searchUntil: number };
}

export const PLAN_FIELD = 'DirectoryPlan';

/** What the console's "Enable Self Service Permissions" turns on (rebuild, volume size, compute type, running mode). */
const SELF_SERVICE_FLAG_CAPABILITIES = ['RebuildWorkspace', 'IncreaseVolumeSize', 'ChangeComputeType', 'SwitchRunningMode'] as const;

/** Every setting the template asks for, for a directory just registered. */
export function settingsOf(spec: DirectorySpec): DirectoryChanges {
  return compact({
    WorkspaceCreationProperties: spec.workspaceCreationProperties,
    WorkspaceAccessProperties: spec.workspaceAccessProperties,
    SelfservicePermissions: spec.selfservicePermissions,
    SamlProperties: spec.samlProperties && { set: spec.samlProperties, remove: [] },
    CertificateBasedAuthProperties: spec.certificateBasedAuthProperties && { set: spec.certificateBasedAuthProperties, remove: [] },
    StreamingProperties: spec.streamingProperties,
    EndpointEncryptionMode: spec.endpointEncryptionMode,
    IpGroups: spec.ipGroupIds && spec.ipGroupIds.length > 0 ? { associate: [...spec.ipGroupIds], disassociate: [] } : undefined,
  });
}

export interface UpdateChanges {
  readonly changes: DirectoryChanges;
  /** Settings the new template no longer sets, which the directory keeps as they are. */
  readonly keptAsTheyAre: string[];
}

/**
 * What an update changes, block by block: only what differs between the
 * old and the new template. A block removed from the template: SAML and
 * certificate-based authentication are turned off, IP groups disassociated
 * and tags removed (each would otherwise keep granting or denying access the
 * template no longer declares); the other blocks have no "unset" in the API
 * and stay as the directory has them.
 */
export function changesBetween(oldSpec: DirectorySpec, newSpec: DirectorySpec): UpdateChanges {
  const keptAsTheyAre: string[] = [];
  const block = <T>(name: string, before: T | undefined, after: T | undefined): T | undefined => {
    if (same(before, after)) return undefined;
    if (after === undefined) {
      keptAsTheyAre.push(name);
      return undefined;
    }
    return after;
  };

  let selfservice = block('SelfservicePermissions', oldSpec.selfservicePermissions, newSpec.selfservicePermissions);
  if (selfservice === undefined && newSpec.selfservicePermissions === undefined
    && newSpec.enableSelfService !== undefined && newSpec.enableSelfService !== oldSpec.enableSelfService) {
    // EnableSelfService is a registration setting; on a registered directory the same switch is ModifySelfservicePermissions.
    const value = newSpec.enableSelfService ? 'ENABLED' : 'DISABLED';
    selfservice = Object.fromEntries(SELF_SERVICE_FLAG_CAPABILITIES.map(c => [c, value])) as SelfservicePermissions;
  }

  return {
    changes: compact({
      WorkspaceCreationProperties: block('WorkspaceCreationProperties', oldSpec.workspaceCreationProperties, newSpec.workspaceCreationProperties),
      WorkspaceAccessProperties: block('WorkspaceAccessProperties', oldSpec.workspaceAccessProperties, newSpec.workspaceAccessProperties),
      SelfservicePermissions: selfservice,
      SamlProperties: samlChange(oldSpec.samlProperties, newSpec.samlProperties),
      CertificateBasedAuthProperties: certificateChange(oldSpec.certificateBasedAuthProperties, newSpec.certificateBasedAuthProperties),
      StreamingProperties: block('StreamingProperties', oldSpec.streamingProperties, newSpec.streamingProperties),
      EndpointEncryptionMode: block('EndpointEncryptionMode', oldSpec.endpointEncryptionMode, newSpec.endpointEncryptionMode),
      IpGroups: ipGroupChange(oldSpec.ipGroupIds, newSpec.ipGroupIds),
      Tags: tagChange(oldSpec.tags, newSpec.tags),
    }),
    keptAsTheyAre,
  };
}

function samlChange(before: SamlProperties | undefined, after: SamlProperties | undefined): DirectoryChanges['SamlProperties'] {
  if (same(before, after)) return undefined;
  const remove: DeletableSamlProperty[] = [];
  if (before?.UserAccessUrl !== undefined && after?.UserAccessUrl === undefined) remove.push('SAML_PROPERTIES_USER_ACCESS_URL');
  if (before?.RelayStateParameterName !== undefined && after?.RelayStateParameterName === undefined) remove.push('SAML_PROPERTIES_RELAY_STATE_PARAMETER_NAME');
  return { set: after ?? { Status: 'DISABLED' }, remove };
}

function certificateChange(
  before: CertificateBasedAuthProperties | undefined, after: CertificateBasedAuthProperties | undefined,
): DirectoryChanges['CertificateBasedAuthProperties'] {
  if (same(before, after)) return undefined;
  const remove: DeletableCertificateBasedAuthProperty[] = [];
  if (before?.CertificateAuthorityArn !== undefined && after?.CertificateAuthorityArn === undefined) {
    remove.push('CERTIFICATE_BASED_AUTH_PROPERTIES_CERTIFICATE_AUTHORITY_ARN');
  }
  return { set: after ?? { Status: 'DISABLED' }, remove };
}

function ipGroupChange(before: readonly string[] | undefined, after: readonly string[] | undefined): DirectoryChanges['IpGroups'] {
  const oldIds = before ?? [];
  const newIds = after ?? [];
  const associate = newIds.filter(id => !oldIds.includes(id));
  const disassociate = oldIds.filter(id => !newIds.includes(id));
  return associate.length + disassociate.length > 0 ? { associate, disassociate } : undefined;
}

function tagChange(before: readonly DirectoryTag[], after: readonly DirectoryTag[]): DirectoryChanges['Tags'] {
  const newKeys = new Set(after.map(t => t.Key));
  const oldValues = new Map(before.map(t => [t.Key, t.Value]));
  const set = after.filter(t => oldValues.get(t.Key) !== t.Value).map(t => ({ Key: t.Key, Value: t.Value }));
  const remove = before.filter(t => !newKeys.has(t.Key)).map(t => t.Key);
  return set.length + remove.length > 0 ? { set, remove } : undefined;
}

/**
 * The order the steps run in: creation, access, self-service, SAML, then
 * certificate-based authentication (which needs SAML), streaming, endpoint
 * encryption, IP groups, tags. When SAML is being turned off, certificate-
 * based authentication goes first, for the same reason.
 */
export function stepOrder(changes: DirectoryChanges): Step[] {
  const order: Step[] = [
    'WorkspaceCreationProperties',
    'WorkspaceAccessProperties',
    'SelfservicePermissions',
    'SamlProperties',
    'CertificateBasedAuthProperties',
    'StreamingProperties',
    'EndpointEncryptionMode',
    'IpGroups',
    'Tags',
  ];
  if (changes.SamlProperties?.set.Status === 'DISABLED' && changes.CertificateBasedAuthProperties) {
    order.splice(order.indexOf('CertificateBasedAuthProperties'), 1);
    order.splice(order.indexOf('SamlProperties'), 0, 'CertificateBasedAuthProperties');
  }
  return order.filter(step => changes[step] !== undefined);
}

/**
 * The part of the changes the directory does not show yet, or undefined when
 * it shows them all. Tags are not part of a directory's description: they
 * always count as pending, and the plan sets them at every attempt.
 */
export function pendingChanges(directory: WorkspaceDirectory, changes: DirectoryChanges): DirectoryChanges | undefined {
  const pending: Record<string, unknown> = {};
  const c = changes;
  if (c.WorkspaceCreationProperties && !shows(directory.WorkspaceCreationProperties, c.WorkspaceCreationProperties)) {
    pending.WorkspaceCreationProperties = c.WorkspaceCreationProperties;
  }
  if (c.WorkspaceAccessProperties && !shows(directory.WorkspaceAccessProperties, c.WorkspaceAccessProperties)) {
    pending.WorkspaceAccessProperties = c.WorkspaceAccessProperties;
  }
  if (c.SelfservicePermissions && !shows(directory.SelfservicePermissions, c.SelfservicePermissions)) {
    pending.SelfservicePermissions = c.SelfservicePermissions;
  }
  if (c.SamlProperties && !(shows(directory.SamlProperties, c.SamlProperties.set)
    && removed(directory.SamlProperties, c.SamlProperties.remove, SAML_FIELDS))) {
    pending.SamlProperties = c.SamlProperties;
  }
  if (c.CertificateBasedAuthProperties && !(shows(directory.CertificateBasedAuthProperties, c.CertificateBasedAuthProperties.set)
    && removed(directory.CertificateBasedAuthProperties, c.CertificateBasedAuthProperties.remove, CERTIFICATE_FIELDS))) {
    pending.CertificateBasedAuthProperties = c.CertificateBasedAuthProperties;
  }
  if (c.StreamingProperties && !shows(directory.StreamingProperties, c.StreamingProperties)) {
    pending.StreamingProperties = c.StreamingProperties;
  }
  if (c.EndpointEncryptionMode && directory.EndpointEncryptionMode !== c.EndpointEncryptionMode) {
    pending.EndpointEncryptionMode = c.EndpointEncryptionMode;
  }
  if (c.IpGroups) {
    const current = directory.ipGroupIds ?? [];
    const associate = c.IpGroups.associate.filter(id => !current.includes(id));
    const disassociate = c.IpGroups.disassociate.filter(id => current.includes(id));
    if (associate.length + disassociate.length > 0) pending.IpGroups = { associate, disassociate };
  }
  if (c.Tags) {
    pending.Tags = c.Tags;
  }
  return Object.keys(pending).length > 0 ? (pending as DirectoryChanges) : undefined;
}

const SAML_FIELDS: Readonly<Record<string, string>> = {
  SAML_PROPERTIES_USER_ACCESS_URL: 'UserAccessUrl',
  SAML_PROPERTIES_RELAY_STATE_PARAMETER_NAME: 'RelayStateParameterName',
};
const CERTIFICATE_FIELDS: Readonly<Record<string, string>> = {
  CERTIFICATE_BASED_AUTH_PROPERTIES_CERTIFICATE_AUTHORITY_ARN: 'CertificateAuthorityArn',
};

/** True when every member `wanted` sets has that value in `current` (lists compared without regard to order). */
function shows(current: object | undefined, wanted: object): boolean {
  const actual = (current ?? {}) as Record<string, unknown>;
  return Object.entries(wanted).every(([key, value]) => value === undefined || canonical(actual[key]) === canonical(value));
}

function removed(current: object | undefined, fields: readonly string[], names: Readonly<Record<string, string>>): boolean {
  const actual = (current ?? {}) as Record<string, unknown>;
  return fields.every(field => actual[names[field]] === undefined || actual[names[field]] === '');
}

function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** A JSON form in which key order and list order do not matter. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).sort().join(',')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
