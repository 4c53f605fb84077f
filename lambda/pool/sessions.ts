/**
 * Session draining before a pool is stopped or terminated: list the pool's
 * sessions (DescribeWorkspacesPoolSessions), wait for them to end until the
 * plan's drain deadline, then end the rest (TerminateWorkspacesPoolSession);
 * and, right before the pool goes down, check again that this operation is
 * still in charge of it.
 */
import {
  DescribeWorkspacesPoolSessionsCommand,
  TerminateWorkspacesPoolSessionCommand,
  type WorkSpacesClient,
  type WorkspacesPool,
  type WorkspacesPoolSession,
} from '@aws-sdk/client-workspaces';
import { said } from './messages';
import { describeError, errorName } from '../shared/errors';
import { PollAgain } from '../shared/polling-handler';
import type { IsCompleteResponse } from '../shared/types';

/** What draining needs from the handler that stops or terminates the pool. */
export interface DrainHost {
  readonly client: WorkSpacesClient;
  now(): number;
  record(poolId: string, event: string, detail?: Record<string, unknown>): void;
  notYet(poolId: string, state: string | undefined, detail?: string): IsCompleteResponse;
  /** A call of the poll, as PollingHandler.attempt makes it. */
  attempt<T>(
    at: { readonly id?: string; readonly state?: string },
    call: () => Promise<T>,
    refused: (error: unknown) => T | PollAgain | Promise<T | PollAgain>,
  ): Promise<T | PollAgain>;
}

/** One stop or terminate of a pool, as draining sees it. */
export interface DrainStep {
  readonly poolId: string;
  readonly label: string;
  readonly pool: WorkspacesPool;
  /** The action (`stop`, `terminate`) and its -ing form, for the log and the messages. */
  readonly action: string;
  readonly acting: string;
  /** Epoch ms until which sessions may end by themselves; absent: do not wait. */
  readonly drainUntil?: number;
  /** What to do once the sessions are dealt with, before the last check (what to answer meanwhile, if anything). */
  readonly prepare?: () => Promise<IsCompleteResponse | undefined>;
  /** The ownership check again, read now: undefined while this operation is still in charge of the pool. */
  readonly stillInCharge: () => Promise<IsCompleteResponse | undefined>;
}

/**
 * Deals with the sessions a stop or terminate would cut: with a drain
 * deadline, waits for them to end (what to answer meanwhile), then
 * terminates the rest; without, logs how many the operation cuts. Then
 * `prepare`, and the ownership check again: the verdict before this may be a
 * poll old, read before the sessions were listed and ended (up to the
 * isComplete function's two minutes). Undefined once the pool may be stopped
 * or terminated.
 */
export async function readyToStop(host: DrainHost, step: DrainStep): Promise<IsCompleteResponse | undefined> {
  const { poolId, label, pool, acting } = step;
  const sessions = await host.attempt({ id: poolId, state: pool.State }, () => listSessions(host.client, poolId), error => {
    throw new Error(`Listing the sessions of WorkSpaces pool ${label} before ${acting} it failed: ${said(error)}. The pool is ${pool.State} and unchanged.`);
  });
  if (sessions instanceof PollAgain) {
    return sessions.response;
  }
  const waiting = await drain(host, step, sessions);
  if (waiting) {
    return waiting;
  }
  const prepared = await step.prepare?.();
  if (prepared) {
    return prepared;
  }
  return step.stillInCharge();
}

/** Every session of the pool (the SDK has no paginator for pool sessions: follow NextToken). */
export async function listSessions(client: WorkSpacesClient, poolId: string): Promise<WorkspacesPoolSession[]> {
  const sessions: WorkspacesPoolSession[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new DescribeWorkspacesPoolSessionsCommand({ PoolId: poolId, NextToken: nextToken }));
    sessions.push(...(page.Sessions ?? []));
    nextToken = page.NextToken;
  } while (nextToken);
  return sessions;
}

/** Waits for the sessions until the drain deadline, then ends them; or logs how many the action cuts. */
async function drain(host: DrainHost, step: DrainStep, sessions: readonly WorkspacesPoolSession[]): Promise<IsCompleteResponse | undefined> {
  const { poolId, pool, drainUntil } = step;
  if (sessions.length === 0) {
    return undefined;
  }
  if (drainUntil !== undefined && host.now() < drainUntil) {
    return host.notYet(poolId, pool.State, `waiting for ${sessions.length} session(s) to end before ${step.acting} the pool (until ${new Date(drainUntil).toISOString()})`);
  }
  if (drainUntil !== undefined) {
    await terminateSessions(host, poolId, sessions);
  } else {
    // Counts only: user names are personal data and have no place in a deploy log.
    host.record(poolId, 'sessions-cut', {
      count: sessions.length,
      note: `the ${step.action} ends ${sessions.length} active session(s); set drainTimeout on the WorkspacesPool to let users finish first`,
    });
  }
  return undefined;
}

/** Ends every session; one that has ended meanwhile (not found) is fine, another failure is logged and the stop goes on. */
async function terminateSessions(host: DrainHost, poolId: string, sessions: readonly WorkspacesPoolSession[]): Promise<void> {
  let ended = 0;
  for (const session of sessions) {
    try {
      await host.client.send(new TerminateWorkspacesPoolSessionCommand({ SessionId: session.SessionId }));
      ended++;
    } catch (error) {
      if (errorName(error) !== 'ResourceNotFoundException') {
        host.record(poolId, 'session-terminate-failed', { sessionId: session.SessionId, error: describeError(error) });
      }
    }
  }
  host.record(poolId, 'sessions-terminated', { count: ended, of: sessions.length, reason: 'drain timeout reached' });
}
