/**
 * A stateful fake of the Amazon WorkSpaces Pools API with a virtual clock,
 * plugged into a real `WorkSpacesClient` through aws-sdk-client-mock.
 * Operations run through a handler with `runOperation` from
 * ./provider-driver, which does what the Provider framework does.
 *
 * The fake follows the WorkSpaces API reference for pools
 * (https://docs.aws.amazon.com/workspaces/latest/api/API_CreateWorkspacesPool.html
 * and the pool actions beside it) and makes every undocumented behaviour an
 * option: the state after CREATING, how a deleted pool is described, whether
 * an ALWAYS_ON pool starts by itself, and so on.
 *
 * Failures it injects (throttling, 5xx, lost answers) are retried as the
 * SDK's standard retry mode retries them: see ./simulated-service.
 *
 * No jest globals here: scripts/bench.ts imports this module too.
 */
import {
  AccessDeniedException,
  CreateTagsCommand,
  CreateWorkspacesPoolCommand,
  DeleteTagsCommand,
  DescribeTagsCommand,
  DescribeWorkspaceBundlesCommand,
  DescribeWorkspaceImagesCommand,
  DescribeWorkspacesPoolsCommand,
  DescribeWorkspacesPoolSessionsCommand,
  InvalidResourceStateException,
  OperationInProgressException,
  OperationNotSupportedException,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  StartWorkspacesPoolCommand,
  StopWorkspacesPoolCommand,
  TerminateWorkspacesPoolCommand,
  TerminateWorkspacesPoolSessionCommand,
  UpdateWorkspacesPoolCommand,
  type ApplicationSettingsRequest,
  type CreateTagsRequest,
  type CreateWorkspacesPoolRequest,
  type DeleteTagsRequest,
  type DescribeTagsRequest,
  type DescribeWorkspaceBundlesRequest,
  type DescribeWorkspaceImagesRequest,
  type ErrorDetails,
  type WorkspaceBundle,
  type WorkspaceImage,
  type DescribeWorkspacesPoolSessionsRequest,
  type DescribeWorkspacesPoolsRequest,
  type StartWorkspacesPoolRequest,
  type StopWorkspacesPoolRequest,
  type Tag,
  type TerminateWorkspacesPoolRequest,
  type TerminateWorkspacesPoolSessionRequest,
  type TimeoutSettings,
  type UpdateWorkspacesPoolRequest,
  type WorkspacesPool,
  type WorkspacesPoolError,
  type WorkspacesPoolSession,
} from '@aws-sdk/client-workspaces';
import { requestBuilders, SERVICE_TOKEN } from './provider-driver';
import { SimulatedWorkSpaces, type SimulatedServiceOptions } from './simulated-service';
import { BundleImageHandler } from '../../lambda/pool/bundle-image';
import { PoolHandler } from '../../lambda/pool/handler';
import { PROPERTY } from '../../lambda/pool/spec';
import type { ResourceProperties } from '../../lambda/shared/types';

// -----------------------------------------------------------------------------
// options
// -----------------------------------------------------------------------------

export type PoolState = 'CREATING' | 'DELETING' | 'RUNNING' | 'STARTING' | 'STOPPED' | 'STOPPING' | 'UPDATING';
export type StableState = 'RUNNING' | 'STOPPED';
export type RunningMode = 'AUTO_STOP' | 'ALWAYS_ON';

/** How long each transition takes, in virtual seconds. */
export interface FakeDurations {
  /** CREATING until the state after creation. */
  readonly create: number;
  /** STARTING until RUNNING. */
  readonly start: number;
  /** STOPPING until STOPPED. */
  readonly stop: number;
  /** UPDATING until the pool is back in the state it was in. */
  readonly update: number;
  /** DELETING until the pool is gone. */
  readonly terminate: number;
}

export const DEFAULT_DURATIONS: FakeDurations = { create: 600, start: 300, stop: 300, update: 120, terminate: 300 };

/** Makes the transitions of one kind end with errors on the pool (and, optionally, in another state). */
export interface SettleWithErrors {
  readonly on: 'create' | 'start' | 'stop' | 'update';
  /** The state the pool settles in; default: the state the transition would have reached. */
  readonly state?: StableState;
  readonly errors: readonly WorkspacesPoolError[];
  /** How many transitions of this kind it applies to; default: all. */
  readonly times?: number;
}

/** The undocumented behaviour of ALWAYS_ON pools. */
export interface AlwaysOnBehaviour {
  /** A STOPPED ALWAYS_ON pool (after creation or a switch) starts by itself. Default true. */
  readonly startsItself?: boolean;
  /** After how many virtual seconds in STOPPED it starts by itself. Default 60. */
  readonly selfStartDelaySeconds?: number;
  /** StartWorkspacesPool works on an ALWAYS_ON pool. Default false (documented: AUTO_STOP only). */
  readonly acceptsStart?: boolean;
  /** StopWorkspacesPool works on an ALWAYS_ON pool. Default false (documented: AUTO_STOP only). */
  readonly acceptsStop?: boolean;
  /** The error name of a refusal. Default InvalidResourceStateException. */
  readonly refusal?: 'InvalidResourceStateException' | 'OperationNotSupportedException';
}

export interface PoolFakeOptions extends SimulatedServiceOptions {
  readonly durations?: Partial<FakeDurations>;
  /** The state after CREATING (undocumented). Default RUNNING. */
  readonly stateAfterCreate?: StableState;
  /** How DescribeWorkspacesPools answers for a pool id that does not exist (undocumented). Default empty-list. */
  readonly deletedPoolDescribedAs?: 'empty-list' | 'not-found';
  /** A pool entering this transitional state never leaves it. */
  readonly stuckIn?: PoolState;
  readonly settleWithErrors?: readonly SettleWithErrors[];
  /** CreateWorkspacesPool answers AccessDeniedException (accounts new to Pools since 2026-07-30). */
  readonly newCustomer?: boolean;
  readonly alwaysOn?: AlwaysOnBehaviour;
  /** What CapacityStatus.DesiredUserSessions of a STOPPED pool says. Default zero. */
  readonly stoppedReportsDesiredSessions?: 'zero' | 'configured';
  /** TerminateWorkspacesPool refuses a RUNNING pool. Default false. */
  readonly terminateRequiresStopped?: boolean;
  /** Sessions per page of DescribeWorkspacesPoolSessions. Default 2. */
  readonly sessionPageSize?: number;
  /** Pools per page of DescribeWorkspacesPools. Default 10. */
  readonly poolPageSize?: number;
  /** A new pool is missing from DescribeWorkspacesPools for this long (eventual consistency). Default 0. */
  readonly createVisibilityDelaySeconds?: number;
  /**
   * After a create or a capacity change ends, CapacityStatus keeps reporting
   * the previous desired and actual sessions (0 for a new pool) for this long.
   * Default 0.
   */
  readonly capacityReportLagSeconds?: number;
}

// -----------------------------------------------------------------------------
// the fake
// -----------------------------------------------------------------------------

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const POOL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const BUNDLE_ID = /^wsb-[0-9a-z]{8,63}$/;
const DIRECTORY_ID = /^(d-[0-9a-f]{8,63}$)|(wsd-[0-9a-z]{8,63}$)/;
const DESCRIPTION = /^[a-zA-Z0-9_./() -]+$/;
const TRANSITIONAL: ReadonlySet<PoolState> = new Set<PoolState>(['CREATING', 'DELETING', 'STARTING', 'STOPPING', 'UPDATING']);

type TransitionKind = 'create' | 'start' | 'stop' | 'update' | 'terminate';

interface Transition {
  readonly kind: TransitionKind;
  /** Epoch ms; Infinity when stuck. */
  readonly endsAt: number;
  /** The stable state an update returns to. */
  readonly returnTo?: StableState;
  /** The configuration an update applies when it ends. */
  readonly config?: UpdateWorkspacesPoolRequest;
}

interface FakeSession {
  readonly SessionId: string;
  readonly UserId: string;
  readonly startedAt: number;
  /** Epoch ms when the user ends it; undefined: never by itself. */
  readonly endsAt?: number;
}

interface FakePool {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly visibleAt: number;
  description: string;
  bundleId: string;
  directoryId: string;
  desiredUserSessions: number;
  runningMode: RunningMode;
  timeoutSettings?: TimeoutSettings;
  applicationSettings?: ApplicationSettingsRequest;
  state: PoolState;
  transition?: Transition;
  /** Epoch ms when an ALWAYS_ON pool left STOPPED starts by itself. */
  selfStartAt?: number;
  errors: WorkspacesPoolError[];
  persistentErrors: WorkspacesPoolError[];
  sessions: FakeSession[];
  /** Epoch ms of the last observable change (state, configuration, errors). */
  lastChangeAt: number;
  /** Epoch ms when the pool disappeared. */
  goneAt?: number;
  /** Until this epoch ms, CapacityStatus reports `previousCapacity` (capacityReportLagSeconds). */
  capacityReportedFrom?: number;
  previousCapacity?: number;
}

/** A bundle of this account (DescribeWorkspaceBundles); bundles not seeded are AMAZON's public bundles. */
export interface SeedBundle {
  readonly bundleId: string;
  readonly imageId: string;
  /** Default: this account. */
  readonly owner?: string;
}

/** An image of this account (DescribeWorkspaceImages). */
export interface SeedImage {
  readonly imageId: string;
  readonly state: 'AVAILABLE' | 'PENDING' | 'ERROR';
  /** A PENDING image becomes AVAILABLE this many virtual seconds after it is seeded. Default: never. */
  readonly availableAfterSeconds?: number;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly errorDetails?: readonly ErrorDetails[];
  readonly updateAvailable?: boolean;
}

/** A pool the test puts in place without going through the API. */
export interface SeedPool {
  readonly name: string;
  readonly state?: StableState;
  readonly runningMode?: RunningMode;
  readonly desiredUserSessions?: number;
  readonly description?: string;
  readonly bundleId?: string;
  readonly directoryId?: string;
  readonly tags?: readonly Tag[];
  readonly errors?: readonly WorkspacesPoolError[];
}


/** A state change of a pool, for assertions on the sequence. */
export interface HistoryEntry {
  readonly at: number;
  readonly poolId: string;
  readonly state: PoolState | 'GONE';
}

export class PoolFake extends SimulatedWorkSpaces {
  /** Every state change, in order. */
  public readonly history: HistoryEntry[] = [];

  private readonly durations: FakeDurations;
  private readonly options: PoolFakeOptions;
  private readonly pools = new Map<string, FakePool>();
  private readonly gone = new Map<string, FakePool>();
  private readonly tags = new Map<string, Map<string, string>>();
  private readonly bundles = new Map<string, SeedBundle>();
  private readonly images = new Map<string, SeedImage & { readonly seededAt: number }>();
  private readonly settleRulesUsed = new Map<SettleWithErrors, number>();

  constructor(options: PoolFakeOptions = {}) {
    super(options, 'PoolFake', 'WorkSpaces Pools');
    this.options = options;
    this.durations = { ...DEFAULT_DURATIONS, ...options.durations };
    this.on(CreateWorkspacesPoolCommand, (i: CreateWorkspacesPoolRequest) => this.createPool(i));
    this.on(DescribeWorkspacesPoolsCommand, (i: DescribeWorkspacesPoolsRequest) => this.describePools(i));
    this.on(UpdateWorkspacesPoolCommand, (i: UpdateWorkspacesPoolRequest) => this.updatePool(i));
    this.on(StartWorkspacesPoolCommand, (i: StartWorkspacesPoolRequest) => this.startPool(i));
    this.on(StopWorkspacesPoolCommand, (i: StopWorkspacesPoolRequest) => this.stopPool(i));
    this.on(TerminateWorkspacesPoolCommand, (i: TerminateWorkspacesPoolRequest) => this.terminatePool(i));
    this.on(DescribeWorkspacesPoolSessionsCommand, (i: DescribeWorkspacesPoolSessionsRequest) => this.describeSessions(i));
    this.on(TerminateWorkspacesPoolSessionCommand, (i: TerminateWorkspacesPoolSessionRequest) => this.terminateSession(i));
    this.on(CreateTagsCommand, (i: CreateTagsRequest) => this.createTags(i));
    this.on(DeleteTagsCommand, (i: DeleteTagsRequest) => this.deleteTags(i));
    this.on(DescribeTagsCommand, (i: DescribeTagsRequest) => this.describeTags(i));
    this.on(DescribeWorkspaceBundlesCommand, (i: DescribeWorkspaceBundlesRequest) => this.describeBundles(i));
    this.on(DescribeWorkspaceImagesCommand, (i: DescribeWorkspaceImagesRequest) => this.describeImages(i));
  }

  // ---------------------------------------------------------------------------
  // clock, handler, inspection
  // ---------------------------------------------------------------------------

  /** A pool handler on this fake's client and clock, logging into `logs`. */
  public newHandler(): PoolHandler {
    return new PoolHandler(this.client, this.handlerOptions());
  }

  /** The pool as DescribeWorkspacesPools shows it (visible or not), or undefined when it does not exist. */
  public pool(poolId: string): WorkspacesPool | undefined {
    const pool = this.pools.get(poolId);
    return pool ? this.snapshot(pool) : undefined;
  }

  /** Every pool that exists. */
  public allPools(): WorkspacesPool[] {
    return [...this.pools.values()].map(p => this.snapshot(p));
  }

  public poolByName(name: string): WorkspacesPool | undefined {
    return this.allPools().find(p => p.PoolName === name);
  }

  /** The pool's configured capacity (what a STOPPED pool may not report). */
  public configuredCapacity(poolId: string): number | undefined {
    return this.pools.get(poolId)?.desiredUserSessions;
  }

  public tagsOf(resourceId: string): Record<string, string> {
    return Object.fromEntries(this.tags.get(resourceId) ?? []);
  }

  public sessionsOf(poolId: string): readonly WorkspacesPoolSession[] {
    const pool = this.pools.get(poolId);
    return pool ? pool.sessions.map(s => this.sessionShape(pool, s)) : [];
  }

  /** Epoch ms of the pool's last observable change, or of its disappearance. */
  public lastChangeAt(poolId: string): number | undefined {
    return this.pools.get(poolId)?.lastChangeAt ?? this.gone.get(poolId)?.goneAt;
  }

  public isGone(poolId: string): boolean {
    return this.gone.has(poolId) && !this.pools.has(poolId);
  }

  /** The virtual times (seconds since start) of the calls of an operation. */
  public callTimes(operation: string): number[] {
    return this.callLog.filter(c => c.operation === operation).map(c => (c.at - this.startTime) / 1000);
  }

  /** The states a pool went through, in order (consecutive repeats collapsed). */
  public statesOf(poolId: string): (PoolState | 'GONE')[] {
    const states: (PoolState | 'GONE')[] = [];
    for (const entry of this.history) {
      if (entry.poolId === poolId && states[states.length - 1] !== entry.state) {
        states.push(entry.state);
      }
    }
    return states;
  }

  // ---------------------------------------------------------------------------
  // the world outside the stack
  // ---------------------------------------------------------------------------

  /** A bundle handler (Custom::WorkspacesBundleImage) on this fake's client and clock, logging into `logs`. */
  public newBundleImageHandler(): BundleImageHandler {
    return new BundleImageHandler(this.client, this.handlerOptions());
  }

  /** A custom bundle of this account, built on `imageId`. */
  public seedBundle(seed: SeedBundle): void {
    this.bundles.set(seed.bundleId, seed);
  }

  public seedImage(seed: SeedImage): void {
    this.images.set(seed.imageId, { ...seed, seededAt: this.clock });
  }

  /** Puts a pool in place directly (someone else's pool, or a pool in a given state). */
  public seedPool(seed: SeedPool): string {
    const id = this.newPoolId();
    const pool: FakePool = {
      id,
      name: seed.name,
      createdAt: this.clock,
      visibleAt: this.clock,
      description: seed.description ?? 'seeded pool',
      bundleId: seed.bundleId ?? 'wsb-0123abcd',
      directoryId: seed.directoryId ?? 'wsd-0123abcd',
      desiredUserSessions: seed.desiredUserSessions ?? 2,
      runningMode: seed.runningMode ?? 'AUTO_STOP',
      state: seed.state ?? 'RUNNING',
      errors: [...(seed.errors ?? [])],
      persistentErrors: [...(seed.errors ?? [])],
      sessions: [],
      lastChangeAt: this.clock,
    };
    this.pools.set(id, pool);
    this.tags.set(id, new Map((seed.tags ?? []).map(t => [t.Key ?? '', t.Value ?? ''])));
    this.recordState(pool);
    return id;
  }

  /** A user connects; the session ends by itself after `endsAfterSeconds`, if given. */
  public addSession(poolId: string, session: { readonly userId: string; readonly endsAfterSeconds?: number }): string {
    const pool = this.requireExisting(poolId);
    const id = this.uuid();
    pool.sessions.push({
      SessionId: id,
      UserId: session.userId,
      startedAt: this.clock,
      endsAt: session.endsAfterSeconds !== undefined ? this.clock + session.endsAfterSeconds * 1000 : undefined,
    });
    return id;
  }

  /** Someone (a schedule, a person) moves a pool to a stable state at once, outside the API counts. */
  public setState(poolId: string, state: StableState): void {
    const pool = this.requireExisting(poolId);
    pool.transition = undefined;
    pool.selfStartAt = undefined;
    if (state === 'STOPPED') {
      pool.sessions = [];
    }
    this.enter(pool, state);
  }

  /** Errors that stay on the pool across transitions until cleared with []. */
  public setPersistentErrors(poolId: string, errors: readonly WorkspacesPoolError[]): void {
    const pool = this.requireExisting(poolId);
    pool.persistentErrors = [...errors];
    pool.errors = [...errors];
    pool.lastChangeAt = this.clock;
  }

  /** Someone (another stack's handler, a person) sets a tag on a pool or directory outside the stack, outside the API counts. */
  public retagOutside(resourceId: string, key: string, value: string): void {
    this.requireTagged(resourceId).set(key, value);
  }

  /** Someone deletes the pool outside the stack: it is gone at once. */
  public vanish(poolId: string): void {
    this.remove(this.requireExisting(poolId));
  }

  /** A schedule or a person stops a RUNNING pool outside the stack: STOPPING, then STOPPED (as a Stop would, outside the API counts). */
  public stopOutside(poolId: string): void {
    const pool = this.requireExisting(poolId);
    if (pool.state !== 'RUNNING') {
      throw new Error(`PoolFake: pool ${poolId} is ${pool.state}; only a RUNNING pool can be stopped`);
    }
    pool.sessions = [];
    this.begin(pool, 'stop', 'STOPPING');
  }

  /** Someone terminates the pool outside the stack, whatever it is doing: DELETING, then gone. */
  public terminateOutside(poolId: string): void {
    const pool = this.requireExisting(poolId);
    pool.sessions = [];
    pool.selfStartAt = undefined;
    this.begin(pool, 'terminate', 'DELETING');
  }

  // ---------------------------------------------------------------------------
  // API operations
  // ---------------------------------------------------------------------------

  private createPool(input: CreateWorkspacesPoolRequest): { WorkspacesPool: WorkspacesPool } {
    if (this.options.newCustomer) {
      throw new AccessDeniedException({
        message: 'WorkSpaces Pools is no longer available to new customers. For more information, see the WorkSpaces Pools end of support page.',
        $metadata: this.metadata(400),
      });
    }
    const name = input.PoolName ?? '';
    if (!POOL_NAME.test(name)) this.invalidParameter(`PoolName '${name}' does not match ${POOL_NAME}`);
    if (!input.Description || input.Description.length > 255 || !DESCRIPTION.test(input.Description)) this.invalidParameter('Description is required and must match ^[a-zA-Z0-9_./() -]+$');
    if (!BUNDLE_ID.test(input.BundleId ?? '')) this.invalidParameter(`BundleId '${input.BundleId}' is not valid`);
    if (!DIRECTORY_ID.test(input.DirectoryId ?? '')) this.invalidParameter(`DirectoryId '${input.DirectoryId}' is not valid`);
    const desired = input.Capacity?.DesiredUserSessions;
    if (desired === undefined || !Number.isInteger(desired) || desired < 0) this.invalidParameter('Capacity.DesiredUserSessions must be 0 or more');
    const existing = [...this.pools.values()].find(p => p.name === name);
    if (existing) {
      throw new ResourceAlreadyExistsException({ message: `A WorkSpaces pool named ${name} already exists.`, $metadata: this.metadata(400) });
    }
    const id = this.newPoolId();
    const pool: FakePool = {
      id,
      name,
      createdAt: this.clock,
      visibleAt: this.clock + (this.options.createVisibilityDelaySeconds ?? 0) * 1000,
      description: input.Description ?? '',
      bundleId: input.BundleId ?? '',
      directoryId: input.DirectoryId ?? '',
      desiredUserSessions: desired ?? 0,
      runningMode: input.RunningMode ?? 'AUTO_STOP',
      timeoutSettings: input.TimeoutSettings,
      applicationSettings: input.ApplicationSettings,
      state: 'CREATING',
      errors: [],
      persistentErrors: [],
      sessions: [],
      lastChangeAt: this.clock,
    };
    this.pools.set(id, pool);
    this.tags.set(id, new Map((input.Tags ?? []).map(t => [t.Key ?? '', t.Value ?? ''])));
    this.begin(pool, 'create', 'CREATING');
    return { WorkspacesPool: this.snapshot(pool) };
  }

  private describePools(input: DescribeWorkspacesPoolsRequest): { WorkspacesPools: WorkspacesPool[]; NextToken?: string } {
    let found = [...this.pools.values()].filter(p => p.visibleAt <= this.clock);
    if (input.PoolIds && input.PoolIds.length > 0) {
      const ids = input.PoolIds;
      const missing = ids.filter(id => !found.some(p => p.id === id));
      if (missing.length > 0 && this.options.deletedPoolDescribedAs === 'not-found') {
        throw new ResourceNotFoundException({ message: `The pool ${missing[0]} could not be found.`, ResourceId: missing[0], $metadata: this.metadata(400) });
      }
      found = found.filter(p => ids.includes(p.id));
    }
    for (const filter of input.Filters ?? []) {
      if (filter.Name !== 'PoolName') this.invalidParameter(`Unknown filter ${filter.Name}`);
      const values = filter.Values ?? [];
      found = found.filter(p => {
        switch (filter.Operator) {
          case 'EQUALS': return values.includes(p.name);
          case 'NOTEQUALS': return !values.includes(p.name);
          case 'CONTAINS': return values.some(v => p.name.includes(v));
          case 'NOTCONTAINS': return !values.some(v => p.name.includes(v));
          default: return this.invalidParameter(`Unknown operator ${filter.Operator}`);
        }
      });
    }
    found.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    const pageSize = Math.min(input.Limit ?? Infinity, this.options.poolPageSize ?? 10);
    const offset = this.offsetOf(input.NextToken, 'pools');
    const page = found.slice(offset, offset + pageSize);
    const next = offset + pageSize < found.length ? this.tokenFor('pools', offset + pageSize) : undefined;
    return { WorkspacesPools: page.map(p => this.snapshot(p)), ...(next ? { NextToken: next } : {}) };
  }

  private updatePool(input: UpdateWorkspacesPoolRequest): { WorkspacesPool: WorkspacesPool } {
    const pool = this.requirePool(input.PoolId);
    this.refuseWhileTransitional(pool, 'UpdateWorkspacesPool');
    if (input.RunningMode !== undefined && input.RunningMode !== pool.runningMode && pool.state !== 'STOPPED') {
      throw new InvalidResourceStateException({
        message: `The running mode of pool ${pool.id} can only be changed while the pool is STOPPED; it is ${pool.state}.`,
        $metadata: this.metadata(400),
      });
    }
    if (input.Capacity !== undefined && (!Number.isInteger(input.Capacity.DesiredUserSessions) || (input.Capacity.DesiredUserSessions ?? -1) < 0)) {
      this.invalidParameter('Capacity.DesiredUserSessions must be 0 or more');
    }
    if (input.Description !== undefined && !DESCRIPTION.test(input.Description)) this.invalidParameter('Description must match ^[a-zA-Z0-9_./() -]+$');
    if (input.BundleId !== undefined && !BUNDLE_ID.test(input.BundleId)) this.invalidParameter(`BundleId '${input.BundleId}' is not valid`);
    const returnTo = pool.state as StableState;
    this.begin(pool, 'update', 'UPDATING', { returnTo, config: input });
    return { WorkspacesPool: this.snapshot(pool) };
  }

  private startPool(input: StartWorkspacesPoolRequest): Record<string, never> {
    const pool = this.requireSwitchable(input.PoolId, 'StartWorkspacesPool', 'STOPPED', this.options.alwaysOn?.acceptsStart);
    pool.selfStartAt = undefined;
    this.begin(pool, 'start', 'STARTING');
    return {};
  }

  private stopPool(input: StopWorkspacesPoolRequest): Record<string, never> {
    const pool = this.requireSwitchable(input.PoolId, 'StopWorkspacesPool', 'RUNNING', this.options.alwaysOn?.acceptsStop);
    pool.sessions = [];
    this.begin(pool, 'stop', 'STOPPING');
    return {};
  }

  /**
   * The pool a start or a stop acts on, refused as the service refuses it:
   * while another operation runs, for an ALWAYS_ON pool (the documented
   * actions cover AUTO_STOP pools only, unless the options say otherwise),
   * and in any state but `from`.
   */
  private requireSwitchable(poolId: string | undefined, operation: 'StartWorkspacesPool' | 'StopWorkspacesPool', from: StableState, alwaysOnAccepted?: boolean): FakePool {
    const pool = this.requirePool(poolId);
    this.refuseWhileTransitional(pool, operation);
    if (pool.runningMode === 'ALWAYS_ON' && !alwaysOnAccepted) {
      this.refuseAlwaysOn(pool, operation);
    }
    if (pool.state !== from) {
      const done = operation === 'StartWorkspacesPool' ? 'started' : 'stopped';
      throw new InvalidResourceStateException({ message: `Pool ${pool.id} is ${pool.state}; only a ${from} pool can be ${done}.`, $metadata: this.metadata(400) });
    }
    return pool;
  }

  private terminatePool(input: TerminateWorkspacesPoolRequest): Record<string, never> {
    const pool = this.requirePool(input.PoolId);
    this.refuseWhileTransitional(pool, 'TerminateWorkspacesPool');
    if (this.options.terminateRequiresStopped && pool.state !== 'STOPPED') {
      throw new InvalidResourceStateException({ message: `Pool ${pool.id} is ${pool.state}; stop it before terminating it.`, $metadata: this.metadata(400) });
    }
    pool.sessions = [];
    pool.selfStartAt = undefined;
    this.begin(pool, 'terminate', 'DELETING');
    return {};
  }

  private describeSessions(input: DescribeWorkspacesPoolSessionsRequest): { Sessions: WorkspacesPoolSession[]; NextToken?: string } {
    const pool = this.requirePool(input.PoolId);
    const sessions = pool.sessions.filter(s => input.UserId === undefined || s.UserId === input.UserId);
    const pageSize = Math.min(input.Limit ?? Infinity, this.options.sessionPageSize ?? 2);
    const offset = this.offsetOf(input.NextToken, `sessions:${pool.id}`);
    const page = sessions.slice(offset, offset + pageSize);
    const next = offset + pageSize < sessions.length ? this.tokenFor(`sessions:${pool.id}`, offset + pageSize) : undefined;
    return { Sessions: page.map(s => this.sessionShape(pool, s)), ...(next ? { NextToken: next } : {}) };
  }

  private terminateSession(input: TerminateWorkspacesPoolSessionRequest): Record<string, never> {
    for (const pool of this.pools.values()) {
      const index = pool.sessions.findIndex(s => s.SessionId === input.SessionId);
      if (index >= 0) {
        pool.sessions.splice(index, 1);
        return {};
      }
    }
    throw new ResourceNotFoundException({ message: `Session ${input.SessionId} could not be found.`, ResourceId: input.SessionId, $metadata: this.metadata(400) });
  }

  private createTags(input: CreateTagsRequest): Record<string, never> {
    const tags = this.requireTagged(input.ResourceId);
    for (const tag of input.Tags ?? []) {
      tags.set(tag.Key ?? '', tag.Value ?? '');
    }
    return {};
  }

  private deleteTags(input: DeleteTagsRequest): Record<string, never> {
    const tags = this.requireTagged(input.ResourceId);
    for (const key of input.TagKeys ?? []) {
      tags.delete(key);
    }
    return {};
  }

  private describeBundles(input: DescribeWorkspaceBundlesRequest): { Bundles: WorkspaceBundle[] } {
    return {
      Bundles: (input.BundleIds ?? []).filter(id => BUNDLE_ID.test(id)).map(id => {
        const seeded = this.bundles.get(id);
        return seeded
          ? { BundleId: id, Owner: seeded.owner ?? ACCOUNT, ImageId: seeded.imageId, State: 'AVAILABLE' }
          : { BundleId: id, Owner: 'AMAZON', ImageId: 'wsi-amazon0001', State: 'AVAILABLE' };
      }),
    };
  }

  private describeImages(input: DescribeWorkspaceImagesRequest): { Images: WorkspaceImage[] } {
    const images: WorkspaceImage[] = [];
    for (const id of input.ImageIds ?? []) {
      const seeded = this.images.get(id);
      if (!seeded) continue;
      const available = seeded.state === 'PENDING' && seeded.availableAfterSeconds !== undefined
        && this.clock >= seeded.seededAt + seeded.availableAfterSeconds * 1000;
      const state = available ? 'AVAILABLE' : seeded.state;
      images.push({
        ImageId: id,
        State: state,
        OwnerAccountId: ACCOUNT,
        ...(state === 'ERROR' ? { ErrorCode: seeded.errorCode, ErrorMessage: seeded.errorMessage, ErrorDetails: seeded.errorDetails ? [...seeded.errorDetails] : undefined } : {}),
        ...(seeded.updateAvailable ? { Updates: { UpdateAvailable: true, Description: 'A newer WorkSpaces agent is available.' } } : {}),
      });
    }
    return { Images: images };
  }

  private describeTags(input: DescribeTagsRequest): { TagList: Tag[] } {
    const tags = this.requireTagged(input.ResourceId);
    return { TagList: [...tags].map(([Key, Value]) => ({ Key, Value })) };
  }

  // ---------------------------------------------------------------------------
  // transitions
  // ---------------------------------------------------------------------------

  private begin(
    pool: FakePool, kind: TransitionKind, state: PoolState, extra: { returnTo?: StableState; config?: UpdateWorkspacesPoolRequest } = {},
  ): void {
    const duration = kind === 'terminate' ? this.durations.terminate : this.durations[kind];
    const stuck = this.options.stuckIn === state;
    pool.transition = { kind, endsAt: stuck ? Infinity : this.clock + duration * 1000, ...extra };
    pool.errors = [...pool.persistentErrors];
    this.enter(pool, state);
  }

  private finish(pool: FakePool): void {
    const transition = pool.transition;
    if (!transition) {
      return;
    }
    pool.transition = undefined;
    if (transition.kind === 'terminate') {
      this.remove(pool);
      return;
    }
    let state: StableState;
    const capacityBefore = transition.kind === 'create' ? 0 : pool.desiredUserSessions;
    switch (transition.kind) {
      case 'create':
        state = this.options.stateAfterCreate ?? 'RUNNING';
        break;
      case 'start':
        state = 'RUNNING';
        break;
      case 'stop':
        state = 'STOPPED';
        break;
      case 'update':
        if (transition.config) this.applyConfig(pool, transition.config);
        state = transition.returnTo ?? 'STOPPED';
        break;
    }
    const rule = this.settleRule(transition.kind);
    if (rule) {
      state = rule.state ?? state;
      pool.errors = [...pool.persistentErrors, ...rule.errors];
    } else {
      pool.errors = [...pool.persistentErrors];
    }
    if (state === 'STOPPED') {
      pool.sessions = [];
    }
    const lag = this.options.capacityReportLagSeconds ?? 0;
    if (lag > 0 && capacityBefore !== pool.desiredUserSessions) {
      pool.previousCapacity = capacityBefore;
      pool.capacityReportedFrom = this.clock + lag * 1000;
    }
    this.enter(pool, state);
    if (state === 'STOPPED' && pool.runningMode === 'ALWAYS_ON' && (this.options.alwaysOn?.startsItself ?? true) && !rule) {
      pool.selfStartAt = this.clock + (this.options.alwaysOn?.selfStartDelaySeconds ?? 60) * 1000;
    }
  }

  private applyConfig(pool: FakePool, config: UpdateWorkspacesPoolRequest): void {
    if (config.Description !== undefined) pool.description = config.Description;
    if (config.BundleId !== undefined) pool.bundleId = config.BundleId;
    if (config.DirectoryId !== undefined) pool.directoryId = config.DirectoryId;
    if (config.Capacity?.DesiredUserSessions !== undefined) pool.desiredUserSessions = config.Capacity.DesiredUserSessions;
    if (config.RunningMode !== undefined) pool.runningMode = config.RunningMode;
    if (config.TimeoutSettings !== undefined) pool.timeoutSettings = { ...pool.timeoutSettings, ...config.TimeoutSettings };
    if (config.ApplicationSettings !== undefined) pool.applicationSettings = config.ApplicationSettings;
  }

  private settleRule(kind: TransitionKind): SettleWithErrors | undefined {
    for (const rule of this.options.settleWithErrors ?? []) {
      if (rule.on !== kind) continue;
      const used = this.settleRulesUsed.get(rule) ?? 0;
      if (rule.times !== undefined && used >= rule.times) continue;
      this.settleRulesUsed.set(rule, used + 1);
      return rule;
    }
    return undefined;
  }

  private enter(pool: FakePool, state: PoolState): void {
    pool.state = state;
    pool.lastChangeAt = this.clock;
    this.recordState(pool);
  }

  private remove(pool: FakePool): void {
    pool.goneAt = this.clock;
    pool.lastChangeAt = this.clock;
    this.pools.delete(pool.id);
    this.gone.set(pool.id, pool);
    this.tags.delete(pool.id);
    this.history.push({ at: this.clock, poolId: pool.id, state: 'GONE' });
  }

  private recordState(pool: FakePool): void {
    this.history.push({ at: this.clock, poolId: pool.id, state: pool.state });
  }

  /** Carries out everything due up to `target`, in time order, then sets the clock to it. */
  protected advanceTo(target: number): void {
    this.advanceThrough(target, consider => {
      for (const pool of this.pools.values()) {
        consider(pool.transition?.endsAt, () => this.finish(pool));
        consider(pool.transition ? undefined : pool.selfStartAt, () => {
          pool.selfStartAt = undefined;
          if (pool.state === 'STOPPED' && pool.runningMode === 'ALWAYS_ON') {
            this.begin(pool, 'start', 'STARTING');
          }
        });
        for (const session of pool.sessions) {
          consider(session.endsAt, () => {
            pool.sessions = pool.sessions.filter(s => s !== session);
          });
        }
      }
    });
  }

  // ---------------------------------------------------------------------------
  // the SDK's side: attempts, injected failures, retries
  // ---------------------------------------------------------------------------

  // ---------------------------------------------------------------------------
  // helpers
  // ---------------------------------------------------------------------------

  private snapshot(pool: FakePool): WorkspacesPool {
    const running = pool.state === 'RUNNING' || pool.state === 'STOPPING' || (pool.state === 'UPDATING' && pool.transition?.returnTo === 'RUNNING');
    const stopped = pool.state === 'STOPPED' || (pool.state === 'UPDATING' && pool.transition?.returnTo === 'STOPPED');
    const lagging = pool.capacityReportedFrom !== undefined && this.clock < pool.capacityReportedFrom;
    const configured = lagging ? pool.previousCapacity ?? 0 : pool.desiredUserSessions;
    const desired = pool.state === 'DELETING' || (stopped && (this.options.stoppedReportsDesiredSessions ?? 'zero') === 'zero') ? 0 : configured;
    const actual = running ? configured : 0;
    const active = pool.state === 'RUNNING' ? pool.sessions.length : 0;
    return {
      PoolId: pool.id,
      PoolArn: `arn:aws:workspaces:${REGION}:${ACCOUNT}:workspacespool/${pool.id}`,
      PoolName: pool.name,
      Description: pool.description,
      State: pool.state,
      CreatedAt: new Date(pool.createdAt),
      BundleId: pool.bundleId,
      DirectoryId: pool.directoryId,
      RunningMode: pool.runningMode,
      CapacityStatus: {
        DesiredUserSessions: desired,
        ActualUserSessions: actual,
        ActiveUserSessions: active,
        AvailableUserSessions: Math.max(0, actual - active),
      },
      ...(pool.errors.length > 0 ? { Errors: pool.errors.map(e => ({ ...e })) } : {}),
      ...(pool.timeoutSettings ? { TimeoutSettings: { ...pool.timeoutSettings } } : {}),
      ...(pool.applicationSettings ? { ApplicationSettings: { ...pool.applicationSettings } } : {}),
    } as WorkspacesPool;
  }

  private sessionShape(pool: FakePool, session: FakeSession): WorkspacesPoolSession {
    return {
      SessionId: session.SessionId,
      PoolId: pool.id,
      UserId: session.UserId,
      StartTime: new Date(session.startedAt),
      AuthenticationType: 'SAML',
      ConnectionState: 'CONNECTED',
    };
  }

  private requirePool(poolId: string | undefined): FakePool {
    const pool = poolId ? this.pools.get(poolId) : undefined;
    if (!pool || pool.visibleAt > this.clock) {
      throw new ResourceNotFoundException({ message: `The pool ${poolId} could not be found.`, ResourceId: poolId, $metadata: this.metadata(400) });
    }
    return pool;
  }

  private requireExisting(poolId: string): FakePool {
    const pool = this.pools.get(poolId);
    if (!pool) {
      throw new Error(`PoolFake: no pool ${poolId}`);
    }
    return pool;
  }

  private requireTagged(resourceId: string | undefined): Map<string, string> {
    const tags = resourceId ? this.tags.get(resourceId) : undefined;
    if (!tags || !resourceId || (this.pools.get(resourceId)?.visibleAt ?? 0) > this.clock) {
      throw new ResourceNotFoundException({ message: `The resource ${resourceId} could not be found.`, ResourceId: resourceId, $metadata: this.metadata(400) });
    }
    return tags;
  }

  private refuseWhileTransitional(pool: FakePool, operation: string): void {
    if (TRANSITIONAL.has(pool.state)) {
      throw new OperationInProgressException({
        message: `${operation}: the pool ${pool.id} is ${pool.state}; try again when the current operation has finished.`,
        $metadata: this.metadata(400),
      });
    }
  }

  private refuseAlwaysOn(pool: FakePool, operation: string): never {
    const message = `${operation} is supported only for pools in AUTO_STOP running mode; pool ${pool.id} is ALWAYS_ON.`;
    if (this.options.alwaysOn?.refusal === 'OperationNotSupportedException') {
      throw new OperationNotSupportedException({ message, $metadata: this.metadata(400) });
    }
    throw new InvalidResourceStateException({ message, $metadata: this.metadata(400) });
  }

  private offsetOf(token: string | undefined, scope: string): number {
    if (token === undefined) {
      return 0;
    }
    const match = /^(.*)#(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
    if (!match || match[1] !== scope) {
      this.invalidParameter('The NextToken is not valid.');
    }
    return Number(match[2]);
  }

  private tokenFor(scope: string, offset: number): string {
    return Buffer.from(`${scope}#${offset}`, 'utf8').toString('base64');
  }

  private newPoolId(): string {
    const id = this.newId('wspool-', 9, '0123456789abcdefghijklmnopqrstuvwxyz');
    return this.pools.has(id) || this.gone.has(id) ? this.newPoolId() : id;
  }

  private uuid(): string {
    const hex = () => Math.floor(this.random() * 16).toString(16);
    const part = (n: number) => Array.from({ length: n }, hex).join('');
    return `${part(8)}-${part(4)}-4${part(3)}-a${part(3)}-${part(12)}`;
  }
}

// -----------------------------------------------------------------------------
// CloudFormation requests
// -----------------------------------------------------------------------------

/** The pool as a template describes it (the construct's props, in the handler's terms). */
export interface PoolTemplate {
  readonly poolName: string;
  readonly description?: string;
  readonly bundleId?: string;
  readonly directoryId?: string;
  readonly desiredUserSessions?: number;
  readonly runningMode?: RunningMode;
  readonly desiredState?: StableState;
  readonly disconnectTimeoutInSeconds?: number;
  readonly idleDisconnectTimeoutInSeconds?: number;
  readonly maxUserDurationInSeconds?: number;
  readonly applicationSettingsStatus?: 'ENABLED' | 'DISABLED';
  readonly applicationSettingsGroup?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly drainTimeoutSeconds?: number;
  readonly timeoutSeconds?: number;
}

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/pools/5b9a8c40-0000-11f0-0000-0a1b2c3d4e5f';

/** The resource properties CloudFormation sends for a template: every scalar a string. */
export function poolProperties(template: PoolTemplate): ResourceProperties {
  const props: Record<string, unknown> = { ServiceToken: SERVICE_TOKEN };
  const set = (key: string, value: unknown) => {
    if (value !== undefined) {
      props[key] = typeof value === 'number' ? String(value) : value;
    }
  };
  set(PROPERTY.poolName, template.poolName);
  set(PROPERTY.description, template.description ?? 'Call centre desktops');
  set(PROPERTY.bundleId, template.bundleId ?? 'wsb-93xk71ss4');
  set(PROPERTY.directoryId, template.directoryId ?? 'wsd-2hpvt5p7m');
  set(PROPERTY.desiredUserSessions, template.desiredUserSessions ?? 10);
  set(PROPERTY.runningMode, template.runningMode ?? 'AUTO_STOP');
  set(PROPERTY.desiredState, template.desiredState ?? 'RUNNING');
  set(PROPERTY.disconnectTimeoutInSeconds, template.disconnectTimeoutInSeconds);
  set(PROPERTY.idleDisconnectTimeoutInSeconds, template.idleDisconnectTimeoutInSeconds);
  set(PROPERTY.maxUserDurationInSeconds, template.maxUserDurationInSeconds);
  set(PROPERTY.applicationSettingsStatus, template.applicationSettingsStatus);
  set(PROPERTY.applicationSettingsGroup, template.applicationSettingsGroup);
  if (template.tags) {
    props[PROPERTY.tags] = Object.entries(template.tags).map(([Key, Value]) => ({ Key, Value }));
  }
  set(PROPERTY.drainTimeoutSeconds, template.drainTimeoutSeconds);
  set(PROPERTY.timeoutSeconds, template.timeoutSeconds ?? 3300);
  return props as ResourceProperties;
}

export const { createEvent, updateEvent, deleteEvent } = requestBuilders<PoolTemplate>({
  stackId: STACK_ID,
  resourceType: 'Custom::WorkspacesPool',
  logicalResourceId: 'Pool',
  properties: poolProperties,
});
