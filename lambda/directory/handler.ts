/**
 * Custom::WorkspaceDirectoryRegistration: registers an existing AWS Directory
 * Service directory (`d-...`) with WorkSpaces, keeps its WorkSpaces settings
 * as the template says, and deregisters it on delete. CloudFormation's
 * AWS::WorkSpaces::Directory has no DirectoryId input, so it cannot do this.
 *
 * - onEvent starts an operation (register, or adopt the registration a
 *   retried Create already made; work out which settings change; record the
 *   plan) and returns at once.
 * - isComplete, at every poll, describes the directory and takes the next
 *   step: register again (a directory that was not Active yet), wait for
 *   REGISTERING, apply the settings the directory does not show yet,
 *   deregister, or done. It never sleeps; throttling, 5xx and
 *   OperationInProgressException mean "not yet".
 */
import {
  AssociateIpGroupsCommand,
  CreateTagsCommand,
  DeleteTagsCommand,
  DeregisterWorkspaceDirectoryCommand,
  DescribeWorkspaceDirectoriesCommand,
  DescribeWorkspacesCommand,
  DescribeWorkspacesPoolsCommand,
  DisassociateIpGroupsCommand,
  ModifyCertificateBasedAuthPropertiesCommand,
  ModifyEndpointEncryptionModeCommand,
  ModifySamlPropertiesCommand,
  ModifySelfservicePermissionsCommand,
  ModifyStreamingPropertiesCommand,
  ModifyWorkspaceAccessPropertiesCommand,
  ModifyWorkspaceCreationPropertiesCommand,
  RegisterWorkspaceDirectoryCommand,
  type WorkSpacesClient,
  type WorkspaceDirectory,
} from '@aws-sdk/client-workspaces';
import {
  alreadyRegistered,
  defaultRoleMissing,
  deregisterRefused,
  deregisterTimedOut,
  partitionOf,
  registerNotTaken,
  registerRefused,
  registrationFailed,
  said,
  STEP_LABEL,
  stepRefused,
  subnetsOrTenancyChanged,
  timedOut,
  vanished,
  type DirectoryUsage,
} from './messages';
import {
  changesBetween,
  pendingChanges,
  PLAN_FIELD,
  settingsOf,
  stepOrder,
  type DirectoryChanges,
  type DirectoryPlan,
  type Step,
} from './plan';
import { DEFAULT_TIMEOUT_SECONDS, DIRECTORY_ID, parseSpec, type DirectorySpec } from './spec';
import { describeError, errorName, isRetryableError } from '../shared/errors';
import { CANCELLED_OPERATION_LOOKBACK_MS, isCreatedBy, isOwnedBy, ON_EVENT_TIMEOUT_MS, ORPHAN_SEARCH_WINDOW_MS, ownershipTags, VISIBILITY_GRACE_MS, type Tags } from '../shared/ownership';
import { planned, readPlan, timeoutSecondsOf } from '../shared/plan';
import { PollAgain, type OrphanSearch, type OwnedTarget, type PollContext, type PollingHandlerOptions } from '../shared/polling-handler';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from '../shared/types';
import { WorkSpacesHandler } from '../shared/workspaces-handler';

export { CREATE_REQUEST_TAG, OPERATION_TAG, STACK_RESOURCE_TAG, stackResourceId } from '../shared/ownership';

/**
 * How long WorkspacesDefaultRoleNotFoundException counts as "not yet": IAM is
 * eventually consistent, and a workspaces_DefaultRole made in the same stack
 * (createDefaultRole) may not be visible to WorkSpaces for a little while.
 */
export const DEFAULT_ROLE_GRACE_MS = 2 * 60 * 1000;
/** How long a directory whose registration was accepted may be missing from DescribeWorkspaceDirectories. */
export const REGISTER_VISIBILITY_GRACE_MS = VISIBILITY_GRACE_MS;
/**
 * How long a Create asks again for a registration WorkSpaces did not take
 * (a directory not Active yet, a new workspaces_DefaultRole not visible
 * yet). Bounded by the onEvent timeout, so that a Delete of a cancelled
 * Create, which looks for ORPHAN_SEARCH_WINDOW_MS, outlasts every attempt:
 * a cancelled deploy never registers the directory after its rollback.
 */
export const REGISTER_RETRY_WINDOW_MS = ON_EVENT_TIMEOUT_MS;
/** How many WorkSpace ids a failure message names. */
export const WORKSPACE_IDS_SHOWN = 5;
/** Pages of DescribeWorkspaces / DescribeWorkspacesPools read to say what still uses a directory. */
export const USAGE_MAX_PAGES = 10;

/** States in which WorkSpaces holds a registration of the directory that is not on its way out. */
const HELD_STATES: ReadonlySet<string> = new Set(['REGISTERING', 'REGISTERED', 'ERROR']);

/** One isComplete poll: the request, its plan, and the directory whose registration it acts on. */
interface Poll extends PollContext<DirectoryPlan> {
  readonly directoryId: string;
}

export type DirectoryHandlerOptions = PollingHandlerOptions;

export class DirectoryHandler extends WorkSpacesHandler {
  constructor(client: WorkSpacesClient, options: DirectoryHandlerOptions = {}) {
    super('directory', client, options);
  }

  // ---------------------------------------------------------------------------
  // onEvent
  // ---------------------------------------------------------------------------

  protected onCreate(event: OnEventRequest): Promise<OnEventResponse> {
    return this.create(event, parseSpec(event.ResourceProperties));
  }

  private async create(event: OnEventRequest, spec: DirectorySpec): Promise<OnEventResponse> {
    const startedAt = this.now();
    const directoryId = spec.directoryId;
    const existing = await this.describe(directoryId);
    let registerPending: string | undefined;
    if (existing && HELD_STATES.has(existing.State ?? '')) {
      await this.adoptOrRefuse(event, directoryId, existing);
    } else {
      // Not registered (or on its way out: a registration attempt tells when WorkSpaces takes it again).
      registerPending = await this.register(event, spec, startedAt);
    }
    const plan: DirectoryPlan = {
      operation: 'create',
      startedAt,
      deadline: startedAt + spec.timeoutSeconds * 1000,
      registerPending,
      changes: settingsOf(spec),
    };
    return this.response(directoryId, plan);
  }

  /**
   * A registration already exists. CloudFormation and Lambda may deliver one
   * Create twice: a registration tagged with this request's id is the one the
   * first delivery made, so adopt it. So is, during the rollback of a
   * replacement, the previous registration of this stack resource. Any
   * other registration belongs to someone else.
   */
  private async adoptOrRefuse(event: OnEventRequest, directoryId: string, directory: WorkspaceDirectory): Promise<void> {
    const tags = await this.tagsOf(directoryId);
    if (isCreatedBy(tags, event)) {
      this.record(directoryId, 'adopted', { state: directory.State, reason: 'this Create request already registered the directory (a retried delivery)' });
      return;
    }
    if (event.RequestType === 'Update' && isOwnedBy(tags, event)) {
      this.record(directoryId, 'adopted', { state: directory.State, reason: 'the previous registration of this stack resource (a replacement rolled back)' });
      return;
    }
    throw new Error(alreadyRegistered(directoryId, directory));
  }

  /**
   * Sends RegisterWorkspaceDirectory. Returns undefined when WorkSpaces took
   * it, or the reason to try again at the next poll: a directory that is not
   * Active yet (InvalidResourceStateException), a workspaces_DefaultRole not
   * visible yet (within DEFAULT_ROLE_GRACE_MS), throttling, 5xx, or an answer
   * lost after the service acted (ResourceAlreadyExistsException: the next
   * poll describes the registration and checks it is this request's).
   */
  private async register(event: OnEventRequest, spec: DirectorySpec, startedAt: number): Promise<string | undefined> {
    try {
      await this.client.send(new RegisterWorkspaceDirectoryCommand({
        DirectoryId: spec.directoryId,
        SubnetIds: spec.subnetIds ? [...spec.subnetIds] : undefined,
        EnableSelfService: spec.enableSelfService,
        Tenancy: spec.tenancy,
        Tags: [...spec.tags, ...ownershipTags(event, this.now())],
      }));
      this.record(spec.directoryId, 'registering', { subnetIds: spec.subnetIds, tenancy: spec.tenancy });
      return undefined;
    } catch (error) {
      const name = errorName(error);
      if (name === 'InvalidResourceStateException' || name === 'ResourceAlreadyExistsException' || isRetryableError(error)) {
        this.record(spec.directoryId, 'register-deferred', { reason: describeError(error) });
        return describeError(error);
      }
      if (name === 'WorkspacesDefaultRoleNotFoundException') {
        if (this.now() - startedAt < DEFAULT_ROLE_GRACE_MS) {
          this.record(spec.directoryId, 'register-deferred', { reason: describeError(error), note: 'waiting for a new workspaces_DefaultRole to become visible' });
          return describeError(error);
        }
        throw new Error(defaultRoleMissing(spec.directoryId, error, partitionOf(event.StackId)));
      }
      throw new Error(registerRefused(spec.directoryId, error, name));
    }
  }

  protected async onUpdate(event: OnEventRequest): Promise<OnEventResponse> {
    const newSpec = parseSpec(event.ResourceProperties);
    const oldSpec = parseSpec(event.OldResourceProperties ?? event.ResourceProperties);
    if (newSpec.directoryId !== oldSpec.directoryId) {
      return this.replace(event, oldSpec, newSpec);
    }
    const directoryId = this.requirePhysicalId(event, id => DIRECTORY_ID.test(id), 'a directory id');
    const startedAt = this.now();
    // Nothing below changes a registration this stack resource does not own, or one a Delete is removing.
    let tags: Tags;
    try {
      tags = await this.tagsOf(directoryId);
    } catch (error) {
      if (errorName(error) === 'ResourceNotFoundException') {
        throw new Error(vanished(directoryId));
      }
      throw error;
    }
    this.requireOwned(this.target(directoryId), tags, event);
    await this.checkFixedSettings(directoryId, oldSpec, newSpec);
    await this.takeCharge(this.target(directoryId), tags, event, startedAt);
    const { changes, keptAsTheyAre } = changesBetween(oldSpec, newSpec);
    if (keptAsTheyAre.length > 0) {
      this.record(directoryId, 'settings-kept', { settings: keptAsTheyAre, note: 'no longer in the template; the directory keeps its current values' });
    }
    const plan: DirectoryPlan = { operation: 'update', startedAt, deadline: startedAt + newSpec.timeoutSeconds * 1000, changes };
    return this.response(directoryId, plan);
  }

  /**
   * Another directory is another registration; CloudFormation deregisters
   * the old one once the update succeeds. When the update goes back to the
   * directory this resource keeps (CloudFormation rolling back a change that
   * failed or was cancelled), the registration the change made gets no
   * Delete from CloudFormation: the plan deregisters it first.
   */
  private async replace(event: OnEventRequest, oldSpec: DirectorySpec, newSpec: DirectorySpec): Promise<OnEventResponse> {
    this.record(event.PhysicalResourceId, 'replacing', { from: oldSpec.directoryId, to: newSpec.directoryId });
    const response = await this.create(event, newSpec);
    if (response.PhysicalResourceId !== event.PhysicalResourceId) {
      return response;
    }
    const plan = readPlan<DirectoryPlan>(response, PLAN_FIELD, 'directory');
    return this.response(newSpec.directoryId, {
      ...plan,
      cleanup: { directoryId: oldSpec.directoryId, searchUntil: plan.startedAt + ORPHAN_SEARCH_WINDOW_MS },
    });
  }

  /** The registration as the shared ownership steps see it. */
  private target(directoryId: string, state?: string): OwnedTarget {
    return this.ownedTarget(directoryId, {
      what: `The WorkSpaces registration of directory ${directoryId}`,
      changes: 'modifies or deregisters',
      advice: 'Use that registration with WorkspaceDirectory.fromDirectoryId, or remove this resource from the stack.',
      state,
      leftAlone: 'left-registered',
    });
  }

  /**
   * Subnets and tenancy are fixed at registration. A change is refused unless
   * the directory already has what the new template asks (a rollback), or
   * the new template no longer says (the directory keeps what it has).
   */
  private async checkFixedSettings(directoryId: string, oldSpec: DirectorySpec, newSpec: DirectorySpec): Promise<void> {
    const subnetsChanged = !sameSet(oldSpec.subnetIds, newSpec.subnetIds) && newSpec.subnetIds !== undefined;
    const tenancyChanged = oldSpec.tenancy !== newSpec.tenancy && newSpec.tenancy !== undefined;
    if (!subnetsChanged && !tenancyChanged) {
      return;
    }
    const directory = await this.describe(directoryId);
    if (!directory || directory.State === 'DEREGISTERED') {
      throw new Error(vanished(directoryId));
    }
    if (subnetsChanged && !sameSet(directory.SubnetIds, newSpec.subnetIds)) {
      throw new Error(subnetsOrTenancyChanged(directoryId, `subnets (from ${(directory.SubnetIds ?? []).join(', ') || 'none'} to ${(newSpec.subnetIds ?? []).join(', ')})`));
    }
    if (tenancyChanged && directory.Tenancy !== newSpec.tenancy) {
      throw new Error(subnetsOrTenancyChanged(directoryId, `tenancy (from ${directory.Tenancy ?? 'unknown'} to ${newSpec.tenancy})`));
    }
  }

  protected async onDelete(event: OnEventRequest): Promise<OnEventResponse> {
    const startedAt = this.now();
    const plan: DirectoryPlan = { operation: 'delete', startedAt, deadline: startedAt + timeoutOf(event) * 1000 };
    if (DIRECTORY_ID.test(event.PhysicalResourceId ?? '')) {
      return this.response(event.PhysicalResourceId, plan);
    }
    // Not an id this handler issued: the Create never answered (CloudFormation cancelled it). What it registered,
    // if anything, is the directory in the properties, with this stack resource's tag.
    const directoryId = directoryIdOf(event);
    if (directoryId === undefined) {
      this.record(undefined, 'nothing-to-deregister', { physicalResourceId: event.PhysicalResourceId, reason: 'the properties name no Directory Service directory' });
      return this.response(event.PhysicalResourceId, { operation: 'none', startedAt, deadline: startedAt });
    }
    this.record(directoryId, 'searching', { physicalResourceId: event.PhysicalResourceId, reason: 'the Create of this resource never answered' });
    const searchUntil = startedAt + ORPHAN_SEARCH_WINDOW_MS;
    return this.response(event.PhysicalResourceId, { ...plan, searchUntil, deadline: Math.max(plan.deadline, searchUntil) });
  }

  private response(physicalResourceId: string | undefined, plan: DirectoryPlan): OnEventResponse {
    return planned(physicalResourceId, PLAN_FIELD, plan);
  }

  // ---------------------------------------------------------------------------
  // isComplete
  // ---------------------------------------------------------------------------

  public async isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse> {
    const plan = readPlan<DirectoryPlan>(event, PLAN_FIELD, 'directory');
    if (plan.operation === 'none') {
      return { IsComplete: true };
    }
    if (plan.operation === 'delete' && !DIRECTORY_ID.test(event.PhysicalResourceId)) {
      return this.deregisterWhatTheCreateMade(event, plan);
    }
    if (plan.cleanup) {
      const pending = await this.cleanUp(event, plan, plan.cleanup);
      if (pending) {
        return pending;
      }
    }
    const poll: Poll = { event, plan, directoryId: event.PhysicalResourceId };
    const { directoryId } = poll;
    let directory: WorkspaceDirectory | undefined;
    try {
      directory = await this.describe(directoryId);
    } catch (error) {
      if (!isRetryableError(error)) {
        throw new Error(`Describing WorkSpaces directory ${directoryId} failed: ${said(error)}. Check the provider role's workspaces:DescribeWorkspaceDirectories permission.`);
      }
      this.checkDeadline(poll, plan.operation === 'delete' ? 'deregistered' : 'REGISTERED with its settings',
        `it could not be described at the deadline (${said(error)})`);
      return this.notYet(directoryId, undefined, describeError(error));
    }
    if (directory?.State === 'DEREGISTERED') {
      directory = undefined;
    }
    if (plan.operation === 'delete') {
      return this.stepDelete(poll, directory);
    }
    return this.stepRegister(poll, directory);
  }

  /**
   * A Delete whose physical id this handler did not issue: the registration
   * a cancelled Create of this stack resource made of the directory in the
   * properties is deregistered as any is; one anybody else made is never
   * touched. The search goes on until `searchUntil`, since the cancelled
   * Create may still be registering (see REGISTER_RETRY_WINDOW_MS).
   */
  private async deregisterWhatTheCreateMade(event: IsCompleteRequest, plan: DirectoryPlan): Promise<IsCompleteResponse> {
    const directoryId = directoryIdOf(event) ?? '';
    const answer = await this.removeWhatWasMade(this.orphanSearch({ event, plan, directoryId }, plan.searchUntil ?? plan.startedAt), event);
    if (answer) {
      return answer;
    }
    this.record(directoryId, 'nothing-to-deregister', { reason: 'no registration of this stack resource remains' });
    return { IsComplete: true };
  }

  /**
   * The rollback of a change of directoryId: deregisters the registration
   * the change made (owned by this stack resource). Returns undefined once
   * there is none and the search is over.
   */
  private cleanUp(event: IsCompleteRequest, plan: DirectoryPlan, cleanup: NonNullable<DirectoryPlan['cleanup']>): Promise<IsCompleteResponse | undefined> {
    const poll: Poll = { event, plan: { ...plan, operation: 'delete' }, directoryId: cleanup.directoryId };
    return this.removeWhatWasMade(this.orphanSearch(poll, cleanup.searchUntil), event);
  }

  private orphanSearch(poll: Poll, searchUntil: number): OrphanSearch<WorkspaceDirectory> {
    const { directoryId } = poll;
    return {
      what: `a registration of directory ${directoryId}`,
      id: directoryId,
      searchUntil,
      // A registration carries no time of its own: the operation mark it got when it was registered (or last changed) tells.
      madeSince: poll.plan.startedAt - CANCELLED_OPERATION_LOOKBACK_MS,
      leftAlone: 'left-registered',
      find: async () => {
        const directory = await this.describe(directoryId);
        if (!directory || directory.State === 'DEREGISTERED') {
          return undefined;
        }
        return { id: directoryId, resource: directory, tags: await this.tagsOf(directoryId) };
      },
      remove: directory => this.stepDelete(poll, directory),
      lookupFailed: error => `Looking for a registration of directory ${directoryId} that a cancelled operation of this resource may have made failed: ${said(error)}. ` +
        'Check the provider role\'s workspaces:DescribeWorkspaceDirectories and workspaces:DescribeTags permissions, then retry the stack operation.',
    };
  }

  private async stepRegister(poll: Poll, directory: WorkspaceDirectory | undefined): Promise<IsCompleteResponse> {
    const { event, plan, directoryId } = poll;
    const registerPending = plan.operation === 'create' && plan.registerPending !== undefined;
    if (!directory || (registerPending && directory.State === 'DEREGISTERING')) {
      if (registerPending) {
        // Not registered yet, or a previous registration still on its way out.
        return this.registerAgain(poll);
      }
      if (plan.operation === 'create' && this.now() - plan.startedAt < REGISTER_VISIBILITY_GRACE_MS) {
        return this.notYet(directoryId, 'not listed yet');
      }
      throw new Error(vanished(directoryId));
    }
    if (registerPending) {
      // WorkSpaces took a registration after onEvent: make sure it is this request's, not someone else's made meanwhile.
      const tags = await this.attempt({ id: directoryId, state: directory.State }, () => this.tagsOf(directoryId), error => {
        throw new Error(`Reading the tags of WorkSpaces directory ${directoryId} failed: ${said(error)}. Check the provider role's workspaces:DescribeTags permission.`);
      });
      if (tags instanceof PollAgain) {
        return tags.response;
      }
      const ours = isCreatedBy(tags, event) || (event.RequestType === 'Update' && isOwnedBy(tags, event));
      if (!ours) {
        throw new Error(alreadyRegistered(directoryId, directory));
      }
    }

    switch (directory.State) {
      case 'REGISTERED':
        return this.applySettings(poll, directory);
      case 'ERROR':
        throw new Error(registrationFailed(directoryId, directory));
      case 'DEREGISTERING':
        throw new Error(
          `WorkSpaces directory ${directoryId} is being deregistered outside this stack. ` +
          'Let the deregistration finish, then remove the registration from the stack and add it again to register the directory anew.',
        );
      default:
        this.checkDeadline(poll, 'REGISTERED', `last seen in state ${directory.State}`);
        return this.notYet(directoryId, directory.State);
    }
  }

  /** A Create whose registration WorkSpaces has not taken yet: ask again, until the deadline. */
  private async registerAgain(poll: Poll): Promise<IsCompleteResponse> {
    const { event, plan, directoryId } = poll;
    const spec = parseSpec(event.ResourceProperties);
    if (this.now() - plan.startedAt >= REGISTER_RETRY_WINDOW_MS) {
      throw new Error(registerNotTaken(directoryId, REGISTER_RETRY_WINDOW_MS / 1000, plan.registerPending ?? 'no answer'));
    }
    const refusal = await this.register(event, spec, plan.startedAt);
    if (refusal === undefined) {
      return { IsComplete: false };
    }
    this.checkDeadline(poll, 'a registration WorkSpaces accepts',
      `RegisterWorkspaceDirectory was still refused with ${refusal.replace(/[.\s]+$/, '')}`,
      'WorkSpaces registers only an Active Directory Service directory: check the directory\'s status in the Directory Service console, then deploy again.');
    return this.notYet(directoryId, 'not registered', refusal);
  }

  /** Applies, in order, the settings the directory does not show yet; done when every one went through. */
  private async applySettings(poll: Poll, directory: WorkspaceDirectory): Promise<IsCompleteResponse> {
    const { event, plan, directoryId } = poll;
    const pending = plan.changes ? pendingChanges(directory, plan.changes) : undefined;
    if (pending) {
      const refused = await this.mayChange(this.target(directoryId, directory.State), event, plan.startedAt, false);
      if (refused) {
        return refused;
      }
      for (const step of stepOrder(pending)) {
        try {
          await this.applyStep(directoryId, step, pending);
        } catch (error) {
          if (isRetryableError(error) || errorName(error) === 'InvalidResourceStateException') {
            this.checkDeadline(poll, 'REGISTERED with its settings',
              `applying ${STEP_LABEL[step]} still failed with ${said(error)}`,
              'The directory is registered; deploy again to apply the remaining settings.');
            return this.notYet(directoryId, directory.State, `${step}: ${describeError(error)}`);
          }
          throw new Error(stepRefused(directoryId, step, error));
        }
        this.record(directoryId, 'applied', { step });
      }
    }
    this.record(directoryId, 'complete', { state: directory.State });
    return { IsComplete: true, Data: attributes(directory) };
  }

  private async applyStep<S extends Step>(directoryId: string, step: S, changes: DirectoryChanges): Promise<void> {
    await APPLY[step](this.client, directoryId, changes[step]!);
  }

  private async stepDelete(poll: Poll, directory: WorkspaceDirectory | undefined): Promise<IsCompleteResponse> {
    const { event, plan, directoryId } = poll;
    if (!directory) {
      this.record(directoryId, 'deregistered');
      return { IsComplete: true };
    }
    if (directory.State === 'DEREGISTERING' || directory.State === 'REGISTERING') {
      this.checkDeadline(poll, 'deregistered', `last seen in state ${directory.State}`,
        'Check the directory in the WorkSpaces console, then retry the stack operation.');
      return this.notYet(directoryId, directory.State);
    }

    // Deregister only a registration this stack resource made, marked first as being removed by this request.
    const refused = await this.mayChange(this.target(directoryId, directory.State), event, plan.startedAt, true);
    if (refused) {
      return refused;
    }

    try {
      await this.client.send(new DeregisterWorkspaceDirectoryCommand({ DirectoryId: directoryId }));
      this.record(directoryId, 'deregistering');
      return { IsComplete: false };
    } catch (error) {
      if (errorName(error) === 'ResourceNotFoundException') {
        return { IsComplete: true };
      }
      if (isRetryableError(error) || errorName(error) === 'InvalidResourceStateException') {
        if (this.now() > plan.deadline) {
          throw new Error(deregisterTimedOut(directoryId, timeoutSecondsOf(plan), error, await this.usageOf(directoryId)));
        }
        return this.notYet(directoryId, directory.State, `DeregisterWorkspaceDirectory: ${describeError(error)}`);
      }
      throw new Error(deregisterRefused(directoryId, error, await this.usageOf(directoryId)));
    }
  }

  // ---------------------------------------------------------------------------
  // helpers
  // ---------------------------------------------------------------------------

  /** The directory as WorkSpaces describes it, or undefined when WorkSpaces does not list it. */
  private describe(directoryId: string): Promise<WorkspaceDirectory | undefined> {
    return this.unlessNotFound(async () => {
      const result = await this.client.send(new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [directoryId] }));
      return result.Directories?.find(d => d.DirectoryId === directoryId);
    });
  }

  /** What still uses the directory, as far as the listings tell (best effort: a failure is reported, not thrown). */
  private async usageOf(directoryId: string): Promise<DirectoryUsage> {
    const unknown: string[] = [];
    let workspaceCount = 0;
    const workspaceIds: string[] = [];
    let moreWorkspaces = false;
    try {
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const page = await this.client.send(new DescribeWorkspacesCommand({ DirectoryId: directoryId, NextToken: nextToken }));
        for (const workspace of page.Workspaces ?? []) {
          workspaceCount++;
          if (workspaceIds.length < WORKSPACE_IDS_SHOWN && workspace.WorkspaceId) workspaceIds.push(workspace.WorkspaceId);
        }
        nextToken = page.NextToken;
        pages++;
      } while (nextToken && pages < USAGE_MAX_PAGES);
      moreWorkspaces = nextToken !== undefined;
    } catch (error) {
      unknown.push(`the WorkSpaces could not be listed: ${said(error)}`);
    }
    const pools: string[] = [];
    try {
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const page = await this.client.send(new DescribeWorkspacesPoolsCommand({ NextToken: nextToken }));
        for (const pool of page.WorkspacesPools ?? []) {
          if (pool.DirectoryId === directoryId) pools.push(`'${pool.PoolName}' (${pool.PoolId})`);
        }
        nextToken = page.NextToken;
        pages++;
      } while (nextToken && pages < USAGE_MAX_PAGES);
    } catch (error) {
      unknown.push(`the pools could not be listed: ${said(error)}`);
    }
    return { workspaceCount, moreWorkspaces, workspaceIds, pools, unknown };
  }

  private checkDeadline({ plan, directoryId }: Poll, target: string, lastSeen: string, advice?: string): void {
    if (this.now() <= plan.deadline) {
      return;
    }
    throw new Error(timedOut(directoryId, target, timeoutSecondsOf(plan), lastSeen,
      advice ?? 'Check the directory in the WorkSpaces console; if it is still making progress, raise the WorkspaceDirectory timeout (at most the provider\'s total timeout) and deploy again.'));
  }
}

/** The calls that apply one step of a plan, given its block of changes. */
type ApplyStep<S extends Step> = (client: WorkSpacesClient, directoryId: string, change: NonNullable<DirectoryChanges[S]>) => Promise<unknown>;

/**
 * How each step of a plan reaches the directory: the WorkSpaces calls that
 * apply that block of settings (each Modify call replaces the values it
 * names and is idempotent).
 */
const APPLY: { readonly [S in Step]: ApplyStep<S> } = {
  WorkspaceCreationProperties: (client, directoryId, change) =>
    client.send(new ModifyWorkspaceCreationPropertiesCommand({ ResourceId: directoryId, WorkspaceCreationProperties: change })),
  WorkspaceAccessProperties: (client, directoryId, change) =>
    client.send(new ModifyWorkspaceAccessPropertiesCommand({ ResourceId: directoryId, WorkspaceAccessProperties: change })),
  SelfservicePermissions: (client, directoryId, change) =>
    client.send(new ModifySelfservicePermissionsCommand({ ResourceId: directoryId, SelfservicePermissions: change })),
  SamlProperties: (client, directoryId, { set, remove }) => client.send(new ModifySamlPropertiesCommand({
    ResourceId: directoryId, SamlProperties: set, PropertiesToDelete: remove.length > 0 ? remove : undefined,
  })),
  CertificateBasedAuthProperties: (client, directoryId, { set, remove }) => client.send(new ModifyCertificateBasedAuthPropertiesCommand({
    ResourceId: directoryId, CertificateBasedAuthProperties: set, PropertiesToDelete: remove.length > 0 ? remove : undefined,
  })),
  StreamingProperties: (client, directoryId, change) =>
    client.send(new ModifyStreamingPropertiesCommand({ ResourceId: directoryId, StreamingProperties: change })),
  EndpointEncryptionMode: (client, directoryId, change) =>
    client.send(new ModifyEndpointEncryptionModeCommand({ DirectoryId: directoryId, EndpointEncryptionMode: change })),
  IpGroups: async (client, directoryId, { associate, disassociate }) => {
    if (disassociate.length > 0) {
      try {
        await client.send(new DisassociateIpGroupsCommand({ DirectoryId: directoryId, GroupIds: disassociate }));
      } catch (error) {
        // A group that no longer exists is associated with nothing.
        if (errorName(error) !== 'ResourceNotFoundException') throw error;
      }
    }
    if (associate.length > 0) {
      await client.send(new AssociateIpGroupsCommand({ DirectoryId: directoryId, GroupIds: associate }));
    }
  },
  Tags: async (client, directoryId, { set, remove }) => {
    if (remove.length > 0) {
      await client.send(new DeleteTagsCommand({ ResourceId: directoryId, TagKeys: remove }));
    }
    if (set.length > 0) {
      await client.send(new CreateTagsCommand({ ResourceId: directoryId, Tags: set }));
    }
  },
};

/** The resource's attributes: every key present. */
export function attributes(directory: WorkspaceDirectory): Record<string, string> {
  return {
    DirectoryId: directory.DirectoryId ?? '',
    Alias: directory.Alias ?? '',
    RegistrationCode: directory.RegistrationCode ?? '',
    WorkspaceSecurityGroupId: directory.WorkspaceSecurityGroupId ?? '',
    DirectoryName: directory.DirectoryName ?? '',
    DirectoryType: directory.DirectoryType ?? '',
    CustomerUserName: directory.CustomerUserName ?? '',
    IamRoleId: directory.IamRoleId ?? '',
    DnsIpAddresses: (directory.DnsIpAddresses ?? []).join(','),
  };
}

/** The Directory Service directory a request's properties name, read leniently: a Delete never fails on its properties. */
function directoryIdOf(event: OnEventRequest): string | undefined {
  const value = (event.ResourceProperties as Readonly<Record<string, unknown>>).DirectoryId;
  return typeof value === 'string' && DIRECTORY_ID.test(value) ? value : undefined;
}


/** The timeout of a Delete; a Delete never fails on properties it does not need. */
function timeoutOf(event: OnEventRequest): number {
  try {
    return parseSpec(event.ResourceProperties).timeoutSeconds;
  } catch {
    return DEFAULT_TIMEOUT_SECONDS;
  }
}

function sameSet(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const left = [...(a ?? [])].sort();
  const right = [...(b ?? [])].sort();
  return left.length === right.length && left.every((v, i) => v === right[i]);
}
