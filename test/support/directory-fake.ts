/**
 * A stateful fake of the WorkSpaces directory APIs (and of the AWS Directory
 * Service directories behind them) with a virtual clock, plugged into a real
 * `WorkSpacesClient` through aws-sdk-client-mock. Operations run through the
 * directory handler with `runOperation` from ./provider-driver, which does what
 * the Provider framework does.
 *
 * The fake follows the WorkSpaces API reference
 * (https://docs.aws.amazon.com/workspaces/latest/api/API_RegisterWorkspaceDirectory.html
 * and the directory actions beside it): RegisterWorkspaceDirectory is
 * asynchronous (REGISTERING, then REGISTERED or ERROR), needs an Active
 * Directory Service directory (else InvalidResourceStateException) and the
 * workspaces_DefaultRole (else WorkspacesDefaultRoleNotFoundException);
 * DeregisterWorkspaceDirectory is asynchronous (DEREGISTERING, then gone)
 * and refused while WorkSpaces or pools use the directory; certificate-based
 * authentication needs SAML turned on. Undocumented behaviour is an option:
 * how a directory that is not registered is described, which error a
 * deregistration of a directory in use gets, what registration ends in.
 *
 * As in PoolFake, aws-sdk-client-mock replaces the SDK's middleware, so the
 * fake itself retries the throttling and 5xx it injects within one `send`,
 * up to `sdkMaxAttempts`, with the SDK's backoff on the virtual clock.
 */
import {
  AssociateIpGroupsCommand,
  CreateTagsCommand,
  DeleteTagsCommand,
  DeregisterWorkspaceDirectoryCommand,
  DescribeTagsCommand,
  DescribeWorkspaceDirectoriesCommand,
  DescribeWorkspacesCommand,
  DescribeWorkspacesPoolsCommand,
  DisassociateIpGroupsCommand,
  InvalidResourceStateException,
  ModifyCertificateBasedAuthPropertiesCommand,
  ModifyEndpointEncryptionModeCommand,
  ModifySamlPropertiesCommand,
  ModifySelfservicePermissionsCommand,
  ModifyStreamingPropertiesCommand,
  ModifyWorkspaceAccessPropertiesCommand,
  ModifyWorkspaceCreationPropertiesCommand,
  OperationInProgressException,
  RegisterWorkspaceDirectoryCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  WorkspacesDefaultRoleNotFoundException,
  type AssociateIpGroupsRequest,
  type CertificateBasedAuthProperties,
  type CreateTagsRequest,
  type DefaultWorkspaceCreationProperties,
  type DeleteTagsRequest,
  type DeregisterWorkspaceDirectoryRequest,
  type DescribeTagsRequest,
  type DescribeWorkspaceDirectoriesRequest,
  type DescribeWorkspacesPoolsRequest,
  type DescribeWorkspacesRequest,
  type DisassociateIpGroupsRequest,
  type ModifyCertificateBasedAuthPropertiesRequest,
  type ModifyEndpointEncryptionModeRequest,
  type ModifySamlPropertiesRequest,
  type ModifySelfservicePermissionsRequest,
  type ModifyStreamingPropertiesRequest,
  type ModifyWorkspaceAccessPropertiesRequest,
  type ModifyWorkspaceCreationPropertiesRequest,
  type RegisterWorkspaceDirectoryRequest,
  type SamlProperties,
  type SelfservicePermissions,
  type StreamingProperties,
  type Tag,
  type WorkspaceAccessProperties,
  type WorkspaceDirectory,
} from '@aws-sdk/client-workspaces';
import { requestBuilders, SERVICE_TOKEN } from './provider-driver';
import { SimulatedWorkSpaces, type SimulatedServiceOptions } from './simulated-service';
import { DirectoryHandler } from '../../lambda/directory/handler';
import { PROPERTY } from '../../lambda/directory/spec';
import type { ResourceProperties } from '../../lambda/shared/types';

// -----------------------------------------------------------------------------
// options
// -----------------------------------------------------------------------------

export type RegistrationState = 'REGISTERING' | 'REGISTERED' | 'ERROR' | 'DEREGISTERING';

export interface DirectoryFakeOptions extends SimulatedServiceOptions {
  /** Virtual seconds REGISTERING and DEREGISTERING take. Defaults 300 and 120. */
  readonly durations?: { readonly register?: number; readonly deregister?: number };
  /** Registrations end in ERROR with this message instead of REGISTERED. */
  readonly registrationError?: string;
  /** Whether workspaces_DefaultRole exists. Default true. */
  readonly defaultRole?: boolean;
  /**
   * How DescribeWorkspaceDirectories answers for a directory that is not
   * registered (undocumented): an empty list, an entry in state DEREGISTERED
   * (for a directory that was registered once), or ResourceNotFoundException.
   * Default empty-list.
   */
  readonly unregisteredDescribedAs?: 'empty-list' | 'deregistered' | 'not-found';
  /** The error DeregisterWorkspaceDirectory gets while WorkSpaces or pools use the directory. Default InvalidResourceStateException. */
  readonly inUseRefusal?: 'InvalidResourceStateException' | 'OperationInProgressException';
  /** A registration entering this state never leaves it. */
  readonly stuckIn?: 'REGISTERING' | 'DEREGISTERING';
  /** WorkSpaces per page of DescribeWorkspaces. Default 25. */
  readonly workspacePageSize?: number;
}

/** A Directory Service directory the test puts in place. */
export interface SeedDsDirectory {
  readonly id?: string;
  readonly name?: string;
  readonly type?: 'SIMPLE_AD' | 'AD_CONNECTOR';
  /** Seconds until it is Active (InvalidResourceStateException for a registration before). Default 0. */
  readonly activeAfterSeconds?: number;
  readonly subnetIds?: readonly string[];
}

interface DsDirectory {
  readonly id: string;
  readonly name: string;
  readonly type: 'SIMPLE_AD' | 'AD_CONNECTOR';
  readonly activeAt: number;
  readonly subnetIds: readonly string[];
}

interface Registration {
  readonly id: string;
  state: RegistrationState;
  endsAt?: number;
  subnetIds: string[];
  tenancy: 'DEDICATED' | 'SHARED';
  selfService: boolean;
  creation: DefaultWorkspaceCreationProperties;
  access: WorkspaceAccessProperties;
  selfservicePermissions: SelfservicePermissions;
  saml: SamlProperties;
  certificateBasedAuth: CertificateBasedAuthProperties;
  streaming: StreamingProperties;
  endpointEncryptionMode: 'STANDARD_TLS' | 'FIPS_VALIDATED';
  ipGroupIds: string[];
  tags: Map<string, string>;
  errorMessage?: string;
  lastChangeAt: number;
}

export interface DirectoryHistoryEntry {
  readonly at: number;
  readonly directoryId: string;
  readonly state: RegistrationState | 'GONE';
}

// -----------------------------------------------------------------------------
// the fake
// -----------------------------------------------------------------------------

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const DIRECTORY_ID = /^(d-[0-9a-f]{8,63}$)|(wsd-[0-9a-z]{8,63}$)/;

export class DirectoryFake extends SimulatedWorkSpaces {
  public readonly history: DirectoryHistoryEntry[] = [];

  private readonly options: DirectoryFakeOptions;
  private readonly dsDirectories = new Map<string, DsDirectory>();
  private readonly registrations = new Map<string, Registration>();
  /** Directories that were registered once, with when they stopped being. */
  private readonly deregistered = new Map<string, number>();
  private readonly workspaces = new Map<string, string>();
  private readonly pools = new Map<string, { readonly name: string; readonly directoryId: string }>();
  private readonly ipGroups = new Set<string>();
  private defaultRole: boolean;

  constructor(options: DirectoryFakeOptions = {}) {
    super(options, 'DirectoryFake', 'WorkSpaces directory');
    this.options = options;
    this.defaultRole = options.defaultRole ?? true;
    this.on(DescribeWorkspaceDirectoriesCommand, (i: DescribeWorkspaceDirectoriesRequest) => this.describeDirectories(i));
    this.on(RegisterWorkspaceDirectoryCommand, (i: RegisterWorkspaceDirectoryRequest) => this.register(i));
    this.on(DeregisterWorkspaceDirectoryCommand, (i: DeregisterWorkspaceDirectoryRequest) => this.deregister(i));
    // A Modify call merges the values it names into the registration's (SAML and certificate-based authentication also remove what PropertiesToDelete names).
    this.modify(ModifyWorkspaceCreationPropertiesCommand, (r, i: ModifyWorkspaceCreationPropertiesRequest) => {
      r.creation = { ...r.creation, ...i.WorkspaceCreationProperties };
    });
    this.modify(ModifyWorkspaceAccessPropertiesCommand, (r, i: ModifyWorkspaceAccessPropertiesRequest) => {
      r.access = { ...r.access, ...i.WorkspaceAccessProperties };
    });
    this.modify(ModifySelfservicePermissionsCommand, (r, i: ModifySelfservicePermissionsRequest) => {
      r.selfservicePermissions = { ...r.selfservicePermissions, ...i.SelfservicePermissions };
    });
    this.on(ModifySamlPropertiesCommand, (i: ModifySamlPropertiesRequest) => this.modifySaml(i));
    this.on(ModifyCertificateBasedAuthPropertiesCommand, (i: ModifyCertificateBasedAuthPropertiesRequest) => this.modifyCertificateAuth(i));
    this.modify(ModifyStreamingPropertiesCommand, (r, i: ModifyStreamingPropertiesRequest) => {
      r.streaming = { ...r.streaming, ...i.StreamingProperties };
    });
    this.modify(ModifyEndpointEncryptionModeCommand, (r, i: ModifyEndpointEncryptionModeRequest) => {
      r.endpointEncryptionMode = i.EndpointEncryptionMode ?? r.endpointEncryptionMode;
    });
    this.modify(AssociateIpGroupsCommand, (r, i: AssociateIpGroupsRequest) => {
      for (const id of i.GroupIds ?? []) {
        if (!this.ipGroups.has(id)) {
          throw new ResourceNotFoundException({ message: `The IP access control group ${id} could not be found.`, ResourceId: id, $metadata: this.metadata(400) });
        }
      }
      r.ipGroupIds = [...new Set([...r.ipGroupIds, ...(i.GroupIds ?? [])])];
    });
    this.modify(DisassociateIpGroupsCommand, (r, i: DisassociateIpGroupsRequest) => {
      r.ipGroupIds = r.ipGroupIds.filter(id => !(i.GroupIds ?? []).includes(id));
    });
    this.on(CreateTagsCommand, (i: CreateTagsRequest) => {
      const tags = this.requireTagged(i.ResourceId);
      for (const tag of i.Tags ?? []) tags.set(tag.Key ?? '', tag.Value ?? '');
      return {};
    });
    this.on(DeleteTagsCommand, (i: DeleteTagsRequest) => {
      const tags = this.requireTagged(i.ResourceId);
      for (const key of i.TagKeys ?? []) tags.delete(key);
      return {};
    });
    this.on(DescribeTagsCommand, (i: DescribeTagsRequest) => ({
      TagList: [...this.requireTagged(i.ResourceId).entries()].map(([Key, Value]) => ({ Key, Value })),
    }));
    this.on(DescribeWorkspacesCommand, (i: DescribeWorkspacesRequest) => this.describeWorkspaces(i));
    this.on(DescribeWorkspacesPoolsCommand, (i: DescribeWorkspacesPoolsRequest) => this.describePools(i));
  }

  // ---------------------------------------------------------------------------
  // clock, handler, inspection
  // ---------------------------------------------------------------------------

  /** A directory handler on this fake's client and clock, logging into `logs`. */
  public newHandler(): DirectoryHandler {
    return new DirectoryHandler(this.client, this.handlerOptions());
  }

  /** The registration as DescribeWorkspaceDirectories shows it, or undefined when the directory is not registered. */
  public registration(directoryId: string): WorkspaceDirectory | undefined {
    const r = this.registrations.get(directoryId);
    return r ? this.snapshot(r) : undefined;
  }

  public isRegistered(directoryId: string): boolean {
    return this.registrations.has(directoryId);
  }

  public tagsOf(directoryId: string): Record<string, string> {
    return Object.fromEntries(this.registrations.get(directoryId)?.tags ?? []);
  }

  /** The states a registration went through, in order (consecutive repeats collapsed). */
  public statesOf(directoryId: string): (RegistrationState | 'GONE')[] {
    const states: (RegistrationState | 'GONE')[] = [];
    for (const entry of this.history) {
      if (entry.directoryId === directoryId && states[states.length - 1] !== entry.state) {
        states.push(entry.state);
      }
    }
    return states;
  }

  public lastChangeAt(directoryId: string): number | undefined {
    return this.registrations.get(directoryId)?.lastChangeAt ?? this.deregistered.get(directoryId);
  }

  /** The operations called, in order, collapsing none (for order assertions). */
  public operations(): string[] {
    return this.callLog.map(c => c.operation);
  }

  /** The inputs of the calls of an operation, in order. */
  public inputsOf<T = Record<string, unknown>>(operation: string): T[] {
    return this.callLog.filter(c => c.operation === operation).map(c => c.input as T);
  }

  // ---------------------------------------------------------------------------
  // the world outside the stack
  // ---------------------------------------------------------------------------

  /** A Directory Service directory; returns its id. */
  public seedDsDirectory(seed: SeedDsDirectory = {}): string {
    const id = seed.id ?? this.newId('d-', 10, '0123456789abcdef');
    this.dsDirectories.set(id, {
      id,
      name: seed.name ?? 'corp.example.com',
      type: seed.type ?? 'SIMPLE_AD',
      activeAt: this.clock + (seed.activeAfterSeconds ?? 0) * 1000,
      subnetIds: seed.subnetIds ?? ['subnet-0aa11bb22cc33dd44', 'subnet-0ee55ff66aa77bb88'],
    });
    return id;
  }

  /** A registration made outside this stack (someone else's, or in a given state). */
  public seedRegistration(
    directoryId: string, seed: { readonly state?: RegistrationState; readonly tags?: Readonly<Record<string, string>> } = {},
  ): void {
    const ds = this.dsDirectories.get(directoryId);
    if (!ds) throw new Error(`DirectoryFake: no Directory Service directory ${directoryId}`);
    const r = this.newRegistration(ds, {});
    r.state = seed.state ?? 'REGISTERED';
    r.tags = new Map(Object.entries(seed.tags ?? {}));
    this.registrations.set(directoryId, r);
    this.recordState(r);
  }

  /** Users get WorkSpaces in the directory; returns their ids. */
  public addWorkspaces(directoryId: string, count: number): string[] {
    const ids = Array.from({ length: count }, () => this.newId('ws-', 9, '0123456789abcdefghijklmnopqrstuvwxyz'));
    for (const id of ids) this.workspaces.set(id, directoryId);
    return ids;
  }

  public terminateWorkspaces(ids: readonly string[]): void {
    for (const id of ids) this.workspaces.delete(id);
  }

  /** A WorkSpaces pool on the directory; returns its id. */
  public addPool(directoryId: string, name: string): string {
    const id = this.newId('wspool-', 9, '0123456789abcdefghijklmnopqrstuvwxyz');
    this.pools.set(id, { name, directoryId });
    return id;
  }

  public removePool(poolId: string): void {
    this.pools.delete(poolId);
  }

  public createIpGroup(): string {
    const id = this.newId('wsipg-', 9, '0123456789abcdefghijklmnopqrstuvwxyz');
    this.ipGroups.add(id);
    return id;
  }

  public setDefaultRole(exists: boolean): void {
    this.defaultRole = exists;
  }

  /** Someone deregisters the directory outside the stack: it is gone at once. */
  public deregisterOutside(directoryId: string): void {
    const r = this.registrations.get(directoryId);
    if (!r) throw new Error(`DirectoryFake: ${directoryId} is not registered`);
    this.remove(r);
  }

  // ---------------------------------------------------------------------------
  // API operations
  // ---------------------------------------------------------------------------

  private describeDirectories(input: DescribeWorkspaceDirectoriesRequest): { Directories: WorkspaceDirectory[] } {
    const ids = input.DirectoryIds ?? [...this.registrations.keys()];
    const directories: WorkspaceDirectory[] = [];
    for (const id of ids) {
      if (!DIRECTORY_ID.test(id)) this.invalidParameter(`The directory id ${id} is not valid.`);
      const r = this.registrations.get(id);
      if (r) {
        directories.push(this.snapshot(r));
      } else if (this.options.unregisteredDescribedAs === 'deregistered' && this.deregistered.has(id)) {
        directories.push({ DirectoryId: id, State: 'DEREGISTERED' });
      } else if (this.options.unregisteredDescribedAs === 'not-found') {
        throw new ResourceNotFoundException({ message: `The directory ${id} could not be found.`, ResourceId: id, $metadata: this.metadata(400) });
      }
    }
    return { Directories: directories };
  }

  private register(input: RegisterWorkspaceDirectoryRequest): { DirectoryId: string; State: string } {
    const id = input.DirectoryId ?? '';
    if (!/^d-[0-9a-f]{8,63}$/.test(id)) this.invalidParameter(`DirectoryId '${id}' is not valid.`);
    const ds = this.dsDirectories.get(id);
    if (!ds) {
      throw new ResourceNotFoundException({ message: `The directory ${id} could not be found.`, ResourceId: id, $metadata: this.metadata(400) });
    }
    const existing = this.registrations.get(id);
    if (existing?.state === 'DEREGISTERING') {
      throw new InvalidResourceStateException({ message: `The directory ${id} is being deregistered.`, $metadata: this.metadata(400) });
    }
    if (existing) {
      throw new ResourceAlreadyExistsException({ message: `The directory ${id} is already registered.`, $metadata: this.metadata(400) });
    }
    if (this.clock < ds.activeAt) {
      throw new InvalidResourceStateException({ message: `The directory ${id} is not in a valid state: Creating.`, $metadata: this.metadata(400) });
    }
    if (!this.defaultRole) {
      throw new WorkspacesDefaultRoleNotFoundException({ message: 'The workspaces_DefaultRole role could not be found.', $metadata: this.metadata(400) });
    }
    const subnets = input.SubnetIds;
    if (subnets && (subnets.length !== 2 || new Set(subnets).size !== 2)) {
      this.invalidParameter('Specify two subnets in different Availability Zones.');
    }
    const r = this.newRegistration(ds, input);
    this.registrations.set(id, r);
    this.deregistered.delete(id);
    this.begin(r, 'REGISTERING', this.options.durations?.register ?? 300);
    return { DirectoryId: id, State: 'REGISTERING' };
  }

  private deregister(input: DeregisterWorkspaceDirectoryRequest): Record<string, never> {
    const id = input.DirectoryId ?? '';
    const r = this.registrations.get(id);
    if (!r) {
      throw new ResourceNotFoundException({ message: `The directory ${id} is not registered.`, ResourceId: id, $metadata: this.metadata(400) });
    }
    if (r.state === 'REGISTERING' || r.state === 'DEREGISTERING') {
      throw new OperationInProgressException({ message: `The directory ${id} is ${r.state}.`, $metadata: this.metadata(400) });
    }
    const users = [...this.workspaces.values()].filter(d => d === id).length + [...this.pools.values()].filter(p => p.directoryId === id).length;
    if (users > 0) {
      const message = `The directory ${id} cannot be deregistered because it is in use by WorkSpaces or WorkSpaces pools.`;
      if (this.options.inUseRefusal === 'OperationInProgressException') {
        throw new OperationInProgressException({ message, $metadata: this.metadata(400) });
      }
      throw new InvalidResourceStateException({ message, $metadata: this.metadata(400) });
    }
    this.begin(r, 'DEREGISTERING', this.options.durations?.deregister ?? 120);
    return {};
  }

  private modifySaml(input: ModifySamlPropertiesRequest): Record<string, never> {
    const r = this.requireRegistered(input.ResourceId);
    const saml: SamlProperties = { ...r.saml, ...input.SamlProperties };
    for (const field of input.PropertiesToDelete ?? []) {
      if (field === 'SAML_PROPERTIES_USER_ACCESS_URL') delete saml.UserAccessUrl;
      if (field === 'SAML_PROPERTIES_RELAY_STATE_PARAMETER_NAME') delete saml.RelayStateParameterName;
    }
    if (saml.Status === 'DISABLED' && r.certificateBasedAuth.Status === 'ENABLED') {
      this.invalidParameter('SAML cannot be disabled while certificate-based authentication is enabled.');
    }
    if (saml.UserAccessUrl !== undefined && !/^(http|https):\/\/\S+$/.test(saml.UserAccessUrl)) {
      this.invalidParameter('UserAccessUrl must be an http(s) URL.');
    }
    r.saml = saml;
    return this.changed(r);
  }

  private modifyCertificateAuth(input: ModifyCertificateBasedAuthPropertiesRequest): Record<string, never> {
    const r = this.requireRegistered(input.ResourceId);
    const certificate: CertificateBasedAuthProperties = { ...r.certificateBasedAuth, ...input.CertificateBasedAuthProperties };
    for (const field of input.PropertiesToDelete ?? []) {
      if (field === 'CERTIFICATE_BASED_AUTH_PROPERTIES_CERTIFICATE_AUTHORITY_ARN') delete certificate.CertificateAuthorityArn;
    }
    if (certificate.Status === 'ENABLED' && (r.saml.Status ?? 'DISABLED') === 'DISABLED') {
      this.invalidParameter('Certificate-based authentication requires SAML 2.0 authentication to be enabled.');
    }
    r.certificateBasedAuth = certificate;
    return this.changed(r);
  }

  private describeWorkspaces(input: DescribeWorkspacesRequest) {
    const all = [...this.workspaces.entries()].filter(([, d]) => d === input.DirectoryId).map(([id]) => id).sort();
    const size = this.options.workspacePageSize ?? 25;
    const offset = input.NextToken ? Number(input.NextToken) : 0;
    const page = all.slice(offset, offset + size);
    return {
      Workspaces: page.map(id => ({ WorkspaceId: id, DirectoryId: input.DirectoryId, State: 'AVAILABLE' })),
      ...(offset + size < all.length ? { NextToken: String(offset + size) } : {}),
    };
  }

  private describePools(input: DescribeWorkspacesPoolsRequest) {
    const all = [...this.pools.entries()].sort(([a], [b]) => a.localeCompare(b));
    const offset = input.NextToken ? Number(input.NextToken) : 0;
    const page = all.slice(offset, offset + 10);
    return {
      WorkspacesPools: page.map(([id, p]) => ({ PoolId: id, PoolName: p.name, DirectoryId: p.directoryId, State: 'RUNNING' })),
      ...(offset + 10 < all.length ? { NextToken: String(offset + 10) } : {}),
    };
  }

  // ---------------------------------------------------------------------------
  // transitions
  // ---------------------------------------------------------------------------

  private newRegistration(ds: DsDirectory, input: RegisterWorkspaceDirectoryRequest): Registration {
    return {
      id: ds.id,
      state: 'REGISTERING',
      subnetIds: [...(input.SubnetIds ?? ds.subnetIds)],
      tenancy: input.Tenancy ?? 'SHARED',
      selfService: input.EnableSelfService ?? false,
      creation: { EnableInternetAccess: false, UserEnabledAsLocalAdministrator: true, EnableMaintenanceMode: true },
      access: { DeviceTypeWindows: 'ALLOW', DeviceTypeOsx: 'ALLOW', DeviceTypeWeb: 'DENY' },
      selfservicePermissions: input.EnableSelfService
        ? { RestartWorkspace: 'ENABLED', IncreaseVolumeSize: 'ENABLED', ChangeComputeType: 'ENABLED', SwitchRunningMode: 'ENABLED', RebuildWorkspace: 'ENABLED' }
        : { RestartWorkspace: 'ENABLED', IncreaseVolumeSize: 'DISABLED', ChangeComputeType: 'DISABLED', SwitchRunningMode: 'DISABLED', RebuildWorkspace: 'DISABLED' },
      saml: { Status: 'DISABLED' },
      certificateBasedAuth: { Status: 'DISABLED' },
      streaming: {},
      endpointEncryptionMode: 'STANDARD_TLS',
      ipGroupIds: [],
      tags: new Map((input.Tags ?? []).map((t: Tag) => [t.Key ?? '', t.Value ?? ''])),
      lastChangeAt: this.clock,
    };
  }

  private begin(r: Registration, state: RegistrationState, seconds: number): void {
    r.state = state;
    r.endsAt = this.options.stuckIn === state ? Infinity : this.clock + seconds * 1000;
    r.lastChangeAt = this.clock;
    this.recordState(r);
  }

  private finish(r: Registration): void {
    r.endsAt = undefined;
    if (r.state === 'DEREGISTERING') {
      this.remove(r);
      return;
    }
    if (this.options.registrationError !== undefined) {
      r.state = 'ERROR';
      r.errorMessage = this.options.registrationError;
    } else {
      r.state = 'REGISTERED';
    }
    r.lastChangeAt = this.clock;
    this.recordState(r);
  }

  private remove(r: Registration): void {
    this.registrations.delete(r.id);
    this.deregistered.set(r.id, this.clock);
    this.history.push({ at: this.clock, directoryId: r.id, state: 'GONE' });
  }

  private changed(r: Registration): Record<string, never> {
    r.lastChangeAt = this.clock;
    return {};
  }

  private recordState(r: Registration): void {
    this.history.push({ at: this.clock, directoryId: r.id, state: r.state });
  }

  protected advanceTo(target: number): void {
    this.advanceThrough(target, consider => {
      for (const r of this.registrations.values()) {
        consider(r.endsAt, () => this.finish(r));
      }
    });
  }

  // ---------------------------------------------------------------------------
  // the SDK's side: attempts, injected failures, retries
  // ---------------------------------------------------------------------------

  // ---------------------------------------------------------------------------
  // helpers
  // ---------------------------------------------------------------------------

  private snapshot(r: Registration): WorkspaceDirectory {
    const ds = this.dsDirectories.get(r.id);
    const registered = r.state === 'REGISTERED';
    return {
      DirectoryId: r.id,
      Alias: r.id,
      DirectoryName: ds?.name,
      RegistrationCode: registered ? `SLiad+${r.id.slice(2, 8).toUpperCase()}` : undefined,
      SubnetIds: [...r.subnetIds],
      DnsIpAddresses: ['10.0.1.10', '10.0.2.10'],
      CustomerUserName: ds?.type === 'AD_CONNECTOR' ? 'svc-connector' : 'Administrator',
      IamRoleId: `arn:aws:iam::${ACCOUNT}:role/workspaces_DefaultRole`,
      DirectoryType: ds?.type,
      WorkspaceSecurityGroupId: registered ? `sg-${r.id.slice(2, 12)}0000000` : undefined,
      State: r.state,
      WorkspaceCreationProperties: { ...r.creation },
      ipGroupIds: [...r.ipGroupIds],
      WorkspaceAccessProperties: { ...r.access },
      Tenancy: r.tenancy,
      SelfservicePermissions: { ...r.selfservicePermissions },
      SamlProperties: { ...r.saml },
      CertificateBasedAuthProperties: { ...r.certificateBasedAuth },
      EndpointEncryptionMode: r.endpointEncryptionMode,
      StreamingProperties: structuredClone(r.streaming),
      WorkspaceType: 'PERSONAL',
      ...(r.errorMessage ? { ErrorMessage: r.errorMessage } : {}),
    };
  }

  private requireRegistered(directoryId: string | undefined): Registration {
    const r = directoryId ? this.registrations.get(directoryId) : undefined;
    if (!r) {
      throw new ResourceNotFoundException({ message: `The directory ${directoryId} could not be found.`, ResourceId: directoryId, $metadata: this.metadata(400) });
    }
    if (r.state !== 'REGISTERED') {
      throw new InvalidResourceStateException({ message: `The directory ${directoryId} is ${r.state}.`, $metadata: this.metadata(400) });
    }
    return r;
  }

  private requireTagged(resourceId: string | undefined): Map<string, string> {
    const r = resourceId ? this.registrations.get(resourceId) : undefined;
    if (!r) {
      throw new ResourceNotFoundException({ message: `The resource ${resourceId} could not be found.`, ResourceId: resourceId, $metadata: this.metadata(400) });
    }
    return r.tags;
  }

  /** Answers a Modify command of a REGISTERED directory's settings: `apply` changes the registration. */
  private modify<I extends { readonly ResourceId?: string; readonly DirectoryId?: string }>(
    command: { readonly name: string }, apply: (r: Registration, input: I) => void,
  ): void {
    this.on(command, (i: I) => {
      const r = this.requireRegistered(i.ResourceId ?? i.DirectoryId);
      apply(r, i);
      return this.changed(r);
    });
  }

}

// -----------------------------------------------------------------------------
// CloudFormation requests
// -----------------------------------------------------------------------------

/** The registration as a template describes it: the resource properties, in the API's names, before CloudFormation stringifies them. */
export interface DirectoryTemplate {
  readonly DirectoryId: string;
  readonly SubnetIds?: readonly string[];
  readonly EnableSelfService?: boolean;
  readonly Tenancy?: 'DEDICATED' | 'SHARED';
  readonly Tags?: Readonly<Record<string, string>>;
  readonly WorkspaceCreationProperties?: Readonly<Record<string, unknown>>;
  readonly WorkspaceAccessProperties?: Readonly<Record<string, unknown>>;
  readonly SelfservicePermissions?: Readonly<Record<string, unknown>>;
  readonly SamlProperties?: Readonly<Record<string, unknown>>;
  readonly CertificateBasedAuthProperties?: Readonly<Record<string, unknown>>;
  readonly StreamingProperties?: Readonly<Record<string, unknown>>;
  readonly EndpointEncryptionMode?: 'STANDARD_TLS' | 'FIPS_VALIDATED';
  readonly IpGroupIds?: readonly string[];
  readonly TimeoutSeconds?: number;
}

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/desktops/5b9a8c40-0000-11f0-0000-0a1b2c3d4e5f';

/** Every scalar a string, as CloudFormation passes it (booleans 'true'/'false', numbers in decimal). */
export function stringify(value: unknown): unknown {
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(stringify);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, stringify(v)]));
  }
  return value;
}

export function directoryProperties(template: DirectoryTemplate): ResourceProperties {
  const { Tags, TimeoutSeconds, ...rest } = template;
  const props: Record<string, unknown> = { ServiceToken: SERVICE_TOKEN, ...(stringify(rest) as Record<string, unknown>) };
  if (Tags) props[PROPERTY.tags] = Object.entries(Tags).map(([Key, Value]) => ({ Key, Value }));
  props[PROPERTY.timeoutSeconds] = String(TimeoutSeconds ?? 3300);
  return props as ResourceProperties;
}

export const { createEvent, updateEvent, deleteEvent } = requestBuilders<DirectoryTemplate>({
  stackId: STACK_ID,
  resourceType: 'Custom::WorkspaceDirectoryRegistration',
  logicalResourceId: 'Registration',
  properties: directoryProperties,
});

export { REGION as FAKE_REGION, ACCOUNT as FAKE_ACCOUNT };
