/**
 * What the directory handler's two halves share (see ./handler and ./steps):
 * the registration call, the directory as WorkSpaces describes it, what still
 * uses it, the deadline, and the ownership target.
 */
import {
  DescribeWorkspaceDirectoriesCommand,
  DescribeWorkspacesCommand,
  DescribeWorkspacesPoolsCommand,
  RegisterWorkspaceDirectoryCommand,
  type WorkSpacesClient,
  type WorkspaceDirectory,
} from '@aws-sdk/client-workspaces';
import { defaultRoleMissing, partitionOf, registerRefused, said, timedOut, type DirectoryUsage } from './messages';
import { PLAN_FIELD, type DirectoryPlan } from './plan';
import type { DirectorySpec } from './spec';
import { describeError, errorName, isRetryableError } from '../shared/errors';
import { ON_EVENT_TIMEOUT_MS, ownershipTags, VISIBILITY_GRACE_MS } from '../shared/ownership';
import { planned, timeoutSecondsOf } from '../shared/plan';
import type { OwnedTarget, PollContext, PollingHandlerOptions } from '../shared/polling-handler';
import type { OnEventRequest, OnEventResponse } from '../shared/types';
import { WorkSpacesHandler } from '../shared/workspaces-handler';

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

/** One isComplete poll: the request, its plan, and the directory whose registration it acts on. */
export interface Poll extends PollContext<DirectoryPlan> {
  readonly directoryId: string;
}

export type DirectoryHandlerOptions = PollingHandlerOptions;

/** The service calls and checks both onEvent and isComplete make. */
export abstract class DirectoryBase extends WorkSpacesHandler {
  constructor(client: WorkSpacesClient, options: DirectoryHandlerOptions = {}) {
    super('directory', client, options);
  }

  /**
   * Sends RegisterWorkspaceDirectory. Returns undefined when WorkSpaces took
   * it, or the reason to try again at the next poll: a directory that is not
   * Active yet (InvalidResourceStateException), a workspaces_DefaultRole not
   * visible yet (within DEFAULT_ROLE_GRACE_MS), throttling, 5xx, or an answer
   * lost after the service acted (ResourceAlreadyExistsException: the next
   * poll describes the registration and checks it is this request's).
   */
  protected async register(event: OnEventRequest, spec: DirectorySpec, startedAt: number): Promise<string | undefined> {
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

  /** The registration as the shared ownership steps see it. */
  protected target(directoryId: string, state?: string): OwnedTarget {
    return this.ownedTarget(directoryId, {
      what: `The WorkSpaces registration of directory ${directoryId}`,
      changes: 'modifies or deregisters',
      advice: 'Use that registration with WorkspaceDirectory.fromDirectoryId, or remove this resource from the stack.',
      state,
      leftAlone: 'left-registered',
    });
  }

  protected response(physicalResourceId: string | undefined, plan: DirectoryPlan): OnEventResponse {
    return planned(physicalResourceId, PLAN_FIELD, plan);
  }

  /** The directory as WorkSpaces describes it, or undefined when WorkSpaces does not list it. */
  protected describe(directoryId: string): Promise<WorkspaceDirectory | undefined> {
    return this.unlessNotFound(async () => {
      const result = await this.client.send(new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [directoryId] }));
      return result.Directories?.find(d => d.DirectoryId === directoryId);
    });
  }

  /** What still uses the directory, as far as the listings tell (best effort: a failure is reported, not thrown). */
  protected async usageOf(directoryId: string): Promise<DirectoryUsage> {
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

  protected checkDeadline({ plan, directoryId }: Poll, target: string, lastSeen: string, advice?: string): void {
    if (this.now() <= plan.deadline) {
      return;
    }
    throw new Error(timedOut(directoryId, target, timeoutSecondsOf(plan), lastSeen,
      advice ?? 'Check the directory in the WorkSpaces console; if it is still making progress, raise the WorkspaceDirectory timeout (at most the provider\'s total timeout) and deploy again.'));
  }
}

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
