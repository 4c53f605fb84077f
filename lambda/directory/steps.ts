/**
 * isComplete's steps, one poll at a time: register again (a directory that
 * was not Active yet), wait for REGISTERING, apply the settings the directory
 * does not show yet, deregister, or done.
 */
import {
  AssociateIpGroupsCommand,
  CreateTagsCommand,
  DeleteTagsCommand,
  DeregisterWorkspaceDirectoryCommand,
  DisassociateIpGroupsCommand,
  ModifyCertificateBasedAuthPropertiesCommand,
  ModifyEndpointEncryptionModeCommand,
  ModifySamlPropertiesCommand,
  ModifySelfservicePermissionsCommand,
  ModifyStreamingPropertiesCommand,
  ModifyWorkspaceAccessPropertiesCommand,
  ModifyWorkspaceCreationPropertiesCommand,
  type WorkSpacesClient,
  type WorkspaceDirectory,
} from '@aws-sdk/client-workspaces';
import { attributes, DirectoryBase, REGISTER_RETRY_WINDOW_MS, REGISTER_VISIBILITY_GRACE_MS, type Poll } from './base';
import {
  alreadyRegistered,
  deregisterRefused,
  deregisterTimedOut,
  registerNotTaken,
  registrationFailed,
  said,
  STEP_LABEL,
  stepRefused,
  vanished,
} from './messages';
import { pendingChanges, stepOrder, type DirectoryChanges, type Step } from './plan';
import { parseSpec } from './spec';
import { describeError, errorName, isRetryableError } from '../shared/errors';
import { isCreatedBy, isOwnedBy } from '../shared/ownership';
import { timeoutSecondsOf } from '../shared/plan';
import { PollAgain } from '../shared/polling-handler';
import type { IsCompleteResponse } from '../shared/types';

/** The steps of an isComplete poll (see ./handler for the poll itself). */
export abstract class DirectorySteps extends DirectoryBase {
  protected async stepRegister(poll: Poll, directory: WorkspaceDirectory | undefined): Promise<IsCompleteResponse> {
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

  protected async stepDelete(poll: Poll, directory: WorkspaceDirectory | undefined): Promise<IsCompleteResponse> {
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
