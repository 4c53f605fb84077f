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
 *
 * isComplete's steps are ./steps'; the service calls and checks both halves
 * make are ./base's; the diffing of a template change is ./plan's.
 */
import { type WorkspaceDirectory } from '@aws-sdk/client-workspaces';
import { type Poll } from './base';
import { alreadyRegistered, said, subnetsOrTenancyChanged, vanished } from './messages';
import { changesBetween, PLAN_FIELD, settingsOf, type DirectoryPlan } from './plan';
import { DEFAULT_TIMEOUT_SECONDS, DIRECTORY_ID, parseSpec, type DirectorySpec } from './spec';
import { DirectorySteps } from './steps';
import { describeError, errorName, isRetryableError } from '../shared/errors';
import { CANCELLED_OPERATION_LOOKBACK_MS, isCreatedBy, isOwnedBy, ORPHAN_SEARCH_WINDOW_MS, type Tags } from '../shared/ownership';
import { readPlan } from '../shared/plan';
import { type OrphanSearch } from '../shared/polling-handler';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from '../shared/types';

export { CREATE_REQUEST_TAG, OPERATION_TAG, STACK_RESOURCE_TAG, stackResourceId } from '../shared/ownership';
export {
  attributes,
  DEFAULT_ROLE_GRACE_MS,
  REGISTER_RETRY_WINDOW_MS,
  REGISTER_VISIBILITY_GRACE_MS,
  USAGE_MAX_PAGES,
  WORKSPACE_IDS_SHOWN,
  type DirectoryHandlerOptions,
} from './base';

/** States in which WorkSpaces holds a registration of the directory that is not on its way out. */
const HELD_STATES: ReadonlySet<string> = new Set(['REGISTERING', 'REGISTERED', 'ERROR']);

export class DirectoryHandler extends DirectorySteps {
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
