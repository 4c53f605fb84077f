/**
 * Custom::WebPortalReadiness: what CloudFormation's AWS::WorkSpacesWeb::Portal
 * does not do. `WebPortal` makes one beside each portal, depending on the
 * portal, its settings and its identity providers, so it runs once
 * CloudFormation has associated all of them:
 *
 * - **Readiness.** On create and on every update (a change of the portal,
 *   its settings or its identity providers), GetPortal is polled through
 *   isComplete until `portalStatus` is `Active`. A STANDARD portal with no
 *   identity provider by design (the first step of the two-step SAML setup)
 *   rests at `Incomplete`: the template says so (AcceptIncomplete) and the
 *   wait ends there.
 * - **Sessions after a security change** (opt-in, ExistingSessions EXPIRE):
 *   when the ARN or the security fields of a security setting changed, the
 *   sessions that began before the update are given `drainTimeout` to end,
 *   then expired (ExpireSession), and GetSession confirms they ended. A
 *   rollback's update restores the settings those sessions began under: it
 *   is not a security change.
 * - **Sessions before the portal goes** (the same opt-in): the Delete that
 *   precedes the portal's own (the stack's deletion, the portal's removal or
 *   replacement) drains and expires its sessions; not when only the
 *   readiness resource leaves (./stack.ts).
 * - **Only for a deploy that goes forward**: before every batch of
 *   ExpireSession, the waiter reads its stack (./stack.ts). A waiter whose
 *   update CloudFormation cancelled (the stack rolls back) or a newer update
 *   superseded, or that cannot read the stack's status, expires nothing and
 *   completes; the log says why (`sessions-kept`).
 *
 * The service documents the three statuses (Incomplete, Pending, Active) but
 * neither what moves a portal between them nor how long it takes. Assumed
 * here, and handled both ways:
 * - a portal can go straight to Active, or stay Pending for many minutes:
 *   Pending is waited for up to the timeout;
 * - a portal can show Incomplete for a short while after its last
 *   association, and return to Incomplete later: Incomplete is waited for
 *   too, but once it has come with a `statusReason` for INCOMPLETE_GRACE_MS
 *   after the operation began, the reason is taken as final and the deploy
 *   fails with it verbatim;
 * - a status this version does not know is waited for like Pending.
 *
 * The resource creates nothing: its physical id is the portal's ARN, and a
 * Delete with any other physical id (a create CloudFormation cancelled) has
 * nothing to do.
 */
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  ExpireSessionCommand,
  GetPortalCommand,
  GetSessionCommand,
  ListSessionsCommand,
  type Portal,
  type SessionSummary,
  type WorkSpacesWebClient,
} from '@aws-sdk/client-workspaces-web';
import { changedSecuritySettings, parseSpec, type PortalReadinessSpec } from './spec';
import { isRollback, notGoingForward, OwnStack, UPDATE_GOING_FORWARD, type StackState } from './stack';
import { describeError, errorName, isRetryableError } from '../shared/errors';
import { VISIBILITY_GRACE_MS } from '../shared/ownership';
import { planned, readPlan, timeoutSecondsOf, type Plan } from '../shared/plan';
import { PollingHandler, type PollingHandlerOptions } from '../shared/polling-handler';
import { formatSeconds, said } from '../shared/resource';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from '../shared/types';

export const PLAN_FIELD = 'PortalPlan';
/** How long an Incomplete status with a reason is given to clear before it counts as final. */
export const INCOMPLETE_GRACE_MS = 3 * 60 * 1000;
/** Sessions expired in one poll: at one ExpireSession and one GetSession each, a poll stays well inside the isComplete function's timeout. */
export const EXPIRE_BATCH = 100;
/** ListSessions page size. */
export const SESSIONS_PAGE_SIZE = 100;
/**
 * Stack statuses in which the Delete of this resource means that its portal
 * goes too: the stack's deletion, and the cleanup after an update that
 * removed or replaced the portal. A Delete in any other status is a rollback
 * of this resource's own create (for example on a portal that existed before
 * the deploy that added this resource), after which the portal stays: its
 * sessions are left alone.
 */
export const PORTAL_LEAVING_STACK_STATUSES: ReadonlySet<string> = new Set(['DELETE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS']);
/** The cleanup after an update: a Delete in it may be of a readiness resource whose logical id changed, while its portal stays. */
export const CLEANUP_STATUS = 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS';

export interface SessionsStep {
  /** Only sessions that began at or before this epoch ms (the update's start) are expired; absent: every active session. */
  readonly startedBefore?: number;
  /** Epoch ms until which sessions are given time to end by themselves; absent: expire at once. */
  readonly drainUntil?: number;
  /** Why, for the log and for messages. */
  readonly reason: string;
  /** The stack status in which the operation goes forward: in any other, or after a newer update began, nothing is expired. */
  readonly goingForwardIn: string;
}

export interface PortalPlan extends Plan {
  readonly operation: 'create' | 'update' | 'delete' | 'none';
  readonly waitForActive: boolean;
  readonly sessions?: SessionsStep;
}

export interface PortalClients {
  readonly web: WorkSpacesWebClient;
  readonly cloudFormation: CloudFormationClient;
}

/** The portal id (the last part of its ARN), which the session APIs take. */
export function portalIdOf(portalArn: string): string {
  return portalArn.slice(portalArn.lastIndexOf('/') + 1);
}

export class PortalReadinessHandler extends PollingHandler {
  private readonly stack: OwnStack;

  constructor(private readonly clients: PortalClients, options: PollingHandlerOptions = {}) {
    super('portal', options);
    this.stack = new OwnStack(clients.cloudFormation);
  }

  // ---------------------------------------------------------------------------
  // onEvent
  // ---------------------------------------------------------------------------

  protected onCreate(event: OnEventRequest): Promise<OnEventResponse> {
    const spec = parseSpec(event.ResourceProperties);
    return Promise.resolve(planned(spec.portalArn, PLAN_FIELD, this.plan('create', spec)));
  }

  protected async onUpdate(event: OnEventRequest): Promise<OnEventResponse> {
    const spec = parseSpec(event.ResourceProperties);
    const changed = this.securityChanges(event, spec);
    const startedAt = this.now();
    let sessions: SessionsStep | undefined;
    if (changed.length > 0) {
      const expire = spec.existingSessions === 'EXPIRE';
      // Read only when it matters; when it cannot be read, the waiter reads it again before it expires anything.
      const status = expire ? (await this.stackState(event))?.status : undefined;
      const rollback = status !== undefined && isRollback(status);
      this.record(spec.portalArn, rollback ? 'security-settings-restored' : 'security-settings-changed', {
        settings: changed,
        sessions: !expire ? 'kept (existingSessions KEEP)'
          : rollback ? `kept: the stack is ${status}, and a rollback restores the settings these sessions began under`
            : 'expired after the drain timeout',
      });
      if (expire && !rollback) {
        sessions = this.sessionsStep(spec, startedAt, `${changed.join(', ')} changed`, UPDATE_GOING_FORWARD, startedAt);
      }
    }
    return planned(spec.portalArn, PLAN_FIELD, this.plan('update', spec, sessions));
  }

  protected async onDelete(event: OnEventRequest): Promise<OnEventResponse> {
    let spec: PortalReadinessSpec;
    try {
      spec = parseSpec(event.ResourceProperties);
    } catch (error) {
      // A Delete never fails on its properties (the stack would be left DELETE_FAILED): without them it cannot
      // tell whether to expire sessions, and keeping them is what disrupts no user.
      this.record(event.PhysicalResourceId, 'nothing-to-do', { reason: `the properties cannot be read (${describeError(error)}): the portal's sessions are kept` });
      const now = this.now();
      return planned<PortalPlan>(event.PhysicalResourceId, PLAN_FIELD, { operation: 'none', startedAt: now, deadline: now, waitForActive: false });
    }
    const none = (reason: string) => {
      this.record(event.PhysicalResourceId, 'nothing-to-do', { reason });
      return planned(event.PhysicalResourceId, PLAN_FIELD, this.plan('none', spec));
    };
    if (event.PhysicalResourceId !== spec.portalArn) {
      return none('the physical id is not the portal\'s ARN: a create that never completed, which made nothing');
    }
    if (spec.existingSessions !== 'EXPIRE') {
      return none('existingSessions is KEEP');
    }
    if (spec.portalRetained) {
      return none('the portal is retained: its sessions go on');
    }
    const status = (await this.stackState(event))?.status;
    if (status === undefined || !PORTAL_LEAVING_STACK_STATUSES.has(status)) {
      return none(status === undefined
        ? 'the stack status could not be read, so it cannot be told whether the portal goes: its sessions are kept'
        : `the stack is ${status}: this is the rollback of this resource's create, and the portal stays`);
    }
    if (status === CLEANUP_STATUS) {
      const stays = await this.portalStays(event, spec);
      if (stays !== undefined) {
        return none(stays);
      }
    }
    const startedAt = this.now();
    return planned(spec.portalArn, PLAN_FIELD, this.plan('delete', spec, this.sessionsStep(spec, startedAt, 'the portal is being deleted', status)));
  }

  /**
   * In the cleanup after an update: why the portal stays (another readiness
   * resource now watches it: only this one's logical id changed), or that it
   * cannot be told; undefined when the portal leaves.
   */
  private async portalStays(event: OnEventRequest, spec: PortalReadinessSpec): Promise<string | undefined> {
    try {
      const other = await this.stack.otherReadinessOf(event.StackId, event.LogicalResourceId, spec.portalArn);
      return other === undefined ? undefined
        : `readiness resource ${other} of this stack now watches portal ${spec.portalArn}: only this readiness resource leaves (its logical id changed), the portal stays`;
    } catch (error) {
      this.record(event.PhysicalResourceId, 'stack-resources-unknown', { error: describeError(error) });
      return 'the stack\'s resources could not be listed, so it cannot be told whether the portal goes or only this readiness resource: its sessions are kept';
    }
  }

  private plan(operation: PortalPlan['operation'], spec: PortalReadinessSpec, sessions?: SessionsStep): PortalPlan {
    const startedAt = this.now();
    return {
      operation,
      startedAt,
      deadline: startedAt + spec.timeoutSeconds * 1000,
      waitForActive: spec.waitForActive && (operation === 'create' || operation === 'update'),
      ...(sessions ? { sessions } : {}),
    };
  }

  private sessionsStep(spec: PortalReadinessSpec, now: number, reason: string, goingForwardIn: string, startedBefore?: number): SessionsStep {
    return {
      reason,
      goingForwardIn,
      ...(startedBefore !== undefined ? { startedBefore } : {}),
      ...(spec.drainTimeoutSeconds ? { drainUntil: now + spec.drainTimeoutSeconds * 1000 } : {}),
    };
  }

  /** The security settings this update changes on the same portal (a new portal has no old sessions). */
  private securityChanges(event: OnEventRequest, spec: PortalReadinessSpec): string[] {
    let old: PortalReadinessSpec;
    try {
      old = parseSpec(event.OldResourceProperties ?? event.ResourceProperties);
    } catch {
      // Written by an older version: nothing to compare with, so nothing counts as changed.
      return [];
    }
    return old.portalArn === spec.portalArn ? changedSecuritySettings(old, spec) : [];
  }

  /** The stack's state, or undefined when it cannot be read (logged; the caller keeps the sessions). */
  private async stackState(event: Pick<OnEventRequest, 'StackId' | 'PhysicalResourceId'>): Promise<StackState | undefined> {
    try {
      return await this.stack.state(event.StackId);
    } catch (error) {
      this.record(event.PhysicalResourceId, 'stack-status-unknown', { error: describeError(error) });
      return undefined;
    }
  }

  // ---------------------------------------------------------------------------
  // isComplete
  // ---------------------------------------------------------------------------

  public async isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse> {
    const plan = readPlan<PortalPlan>(event, PLAN_FIELD, 'portal readiness');
    if (plan.operation === 'none') {
      return { IsComplete: true };
    }
    const spec = parseSpec(event.ResourceProperties);
    let data: Record<string, string> | undefined;
    if (plan.waitForActive) {
      const ready = await this.ready(plan, spec);
      if (!ready.IsComplete) {
        return ready;
      }
      data = ready.Data as Record<string, string>;
    }
    if (plan.sessions) {
      const ended = await this.endSessions(event, plan, plan.sessions, spec);
      if (!ended.IsComplete) {
        return ended;
      }
    }
    this.record(spec.portalArn, 'complete', data ? { status: data.PortalStatus } : {});
    return data ? { IsComplete: true, Data: data } : { IsComplete: true };
  }

  /** Complete (with the portal's status as attributes) once the portal is Active, or Incomplete by design. */
  private async ready(plan: PortalPlan, spec: PortalReadinessSpec): Promise<IsCompleteResponse> {
    const id = spec.portalArn;
    let portal: Portal | undefined;
    try {
      portal = (await this.clients.web.send(new GetPortalCommand({ portalArn: spec.portalArn }))).portal;
    } catch (error) {
      if (isRetryableError(error)) {
        this.checkDeadline(plan, spec, `GetPortal failed (${said(error)})`);
        return this.notYet(id, undefined, describeError(error));
      }
      if (errorName(error) !== 'ResourceNotFoundException') {
        throw new Error(`Reading the status of portal ${spec.portalArn} failed: ${said(error)}. ` +
          'Check the provider role\'s workspaces-web:GetPortal permission, then deploy again.');
      }
    }
    if (!portal) {
      if (this.now() - plan.startedAt < VISIBILITY_GRACE_MS) {
        return this.notYet(id, 'not found yet');
      }
      throw new Error(`Portal ${spec.portalArn} does not exist: it was deleted outside CloudFormation. ` +
        'Remove the WebPortal from the stack and deploy, then add it again to create a new portal.');
    }
    const status = portal.portalStatus;
    const reason = portal.statusReason;
    if (status === 'Active' || (status === 'Incomplete' && spec.acceptIncomplete)) {
      if (status === 'Incomplete') {
        this.record(id, 'incomplete-by-design', { reason: 'STANDARD authentication without an identity provider: add one to make the portal Active' });
      }
      return { IsComplete: true, Data: { PortalStatus: status, StatusReason: reason ?? '' } };
    }
    if (status === 'Incomplete' && reason && this.now() - plan.startedAt >= INCOMPLETE_GRACE_MS) {
      throw new Error(`${notReady(spec, portal)}. ${whatToDo(portal)}`);
    }
    this.checkDeadline(plan, spec, `it was ${describeStatus(portal)}`, portal);
    return this.notYet(id, status, reason);
  }

  /**
   * One step of draining and expiring the portal's sessions (those that
   * began before `startedBefore`). Complete once none is active. A Delete
   * never fails over them: what it cannot expire is logged and left.
   */
  private async endSessions(event: IsCompleteRequest, plan: PortalPlan, step: SessionsStep, spec: PortalReadinessSpec): Promise<IsCompleteResponse> {
    const id = spec.portalArn;
    const portalId = portalIdOf(spec.portalArn);
    const deleting = plan.operation === 'delete';
    let sessions: SessionSummary[];
    try {
      const before = step.startedBefore;
      sessions = (await this.activeSessions(portalId)).filter(s => before === undefined || !s.startTime || s.startTime.getTime() <= before);
    } catch (error) {
      if (errorName(error) === 'ResourceNotFoundException') {
        return { IsComplete: true };
      }
      if (isRetryableError(error) && this.now() <= plan.deadline) {
        return this.notYet(id, undefined, describeError(error));
      }
      return this.sessionsFailed(deleting, id, `Listing the sessions of portal ${spec.portalArn} failed: ${said(error)}. ` +
        'Check the provider role\'s workspaces-web:ListSessions permission.');
    }
    if (sessions.length === 0) {
      return { IsComplete: true };
    }
    const now = this.now();
    if (step.drainUntil !== undefined && now < step.drainUntil) {
      return this.notYet(id, undefined, `waiting for ${sessions.length} session(s) to end (${step.reason}) until ${new Date(step.drainUntil).toISOString()}`);
    }
    if (now > plan.deadline) {
      return this.sessionsFailed(deleting, id, `${sessions.length} session(s) of portal ${spec.portalArn} were still active at the timeout of ` +
        `${formatSeconds(timeoutSecondsOf(plan))} (${step.reason}). Expire them in the WorkSpaces Secure Browser console, or raise readinessTimeout, then deploy again.`);
    }

    const stop = await this.unlessGoingForward(event, plan, step, id);
    if (stop !== undefined) {
      return stop;
    }

    // Counts only: user names are personal data and have no place in a deploy log.
    const batch = sessions.slice(0, EXPIRE_BATCH);
    let expired = 0;
    let stillActive = 0;
    const failures: string[] = [];
    for (const session of batch) {
      try {
        await this.clients.web.send(new ExpireSessionCommand({ portalId, sessionId: session.sessionId }));
        expired++;
        const after = await this.clients.web.send(new GetSessionCommand({ portalId, sessionId: session.sessionId }));
        if (after.session?.status === 'Active') {
          stillActive++;
        }
      } catch (error) {
        if (errorName(error) === 'ResourceNotFoundException') {
          continue;
        }
        if (isRetryableError(error)) {
          stillActive++;
          continue;
        }
        failures.push(describeError(error));
      }
    }
    this.record(id, 'sessions-expired', { count: expired, of: sessions.length, stillEnding: stillActive, reason: step.reason });
    if (failures.length > 0) {
      return this.sessionsFailed(deleting, id, `Expiring ${failures.length} of ${batch.length} session(s) of portal ${spec.portalArn} failed: ${failures[0]}. ` +
        'Check the provider role\'s workspaces-web:ExpireSession and GetSession permissions, or expire them in the console, then deploy again.');
    }
    // The next poll lists again: it ends when no session that began before the change is active. A session
    // still ending then is asked to expire again: ExpireSession of an expiring session is taken to be harmless
    // (the fake answers it like the first; the service documents no error for it).
    return { IsComplete: false };
  }

  /**
   * Before a batch of ExpireSession: undefined when the operation still goes
   * forward; otherwise what to answer instead. A waiter that was cancelled
   * or superseded, or that cannot tell (never expire on a guess), expires
   * nothing and completes: a cancelled operation's answer is ignored, and a
   * rollback must not fail over sessions.
   */
  private async unlessGoingForward(
    event: IsCompleteRequest, plan: PortalPlan, step: SessionsStep, id: string,
  ): Promise<IsCompleteResponse | undefined> {
    let stack: StackState;
    try {
      stack = await this.stack.state(event.StackId);
    } catch (error) {
      if (isRetryableError(error) && this.now() <= plan.deadline) {
        return this.notYet(id, undefined, `reading the stack's status before expiring sessions: ${describeError(error)}`);
      }
      return this.sessionsKept(id, step, `the stack's status could not be read (${describeError(error)}), so it cannot be told whether this operation still goes forward. ` +
        'Check the provider role\'s cloudformation:DescribeStacks permission; expire the sessions in the WorkSpaces Secure Browser console if they must end');
    }
    const reason = notGoingForward(stack, step.goingForwardIn ?? '', plan.startedAt);
    return reason === undefined ? undefined : this.sessionsKept(id, step, reason);
  }

  private sessionsKept(id: string, step: SessionsStep, why: string): IsCompleteResponse {
    this.record(id, 'sessions-kept', { reason: why, for: step.reason });
    return { IsComplete: true };
  }

  private sessionsFailed(deleting: boolean, id: string, message: string): IsCompleteResponse {
    if (deleting) {
      // A Delete that failed would leave the stack in DELETE_FAILED over sessions the portal's own deletion ends anyway.
      this.record(id, 'sessions-left', { reason: message });
      return { IsComplete: true };
    }
    throw new Error(message);
  }

  /** Every active session of the portal, over every page. */
  private async activeSessions(portalId: string): Promise<SessionSummary[]> {
    const sessions: SessionSummary[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.clients.web.send(new ListSessionsCommand({ portalId, status: 'Active', maxResults: SESSIONS_PAGE_SIZE, nextToken }));
      sessions.push(...(page.sessions ?? []).filter(s => s.status === undefined || s.status === 'Active'));
      nextToken = page.nextToken;
    } while (nextToken);
    return sessions;
  }

  private checkDeadline(plan: PortalPlan, spec: PortalReadinessSpec, lastSeen: string, portal?: Portal): void {
    if (this.now() <= plan.deadline) {
      return;
    }
    throw new Error(
      `Portal ${spec.portalArn} did not become Active within the readiness timeout of ${formatSeconds(timeoutSecondsOf(plan))}: ${lastSeen}. ` +
      (portal ? whatToDo(portal) : 'Check the portal in the WorkSpaces Secure Browser console, then deploy again.'),
    );
  }
}

function describeStatus(portal: Portal): string {
  return `${portal.portalStatus ?? 'in no status'}${portal.statusReason ? ` (status reason: ${portal.statusReason})` : ''}`;
}

function notReady(spec: PortalReadinessSpec, portal: Portal): string {
  return `Portal ${spec.portalArn} is ${describeStatus(portal)}`;
}

/** What to do about a portal that is not Active, from its status. */
function whatToDo(portal: Portal): string {
  if (portal.portalStatus === 'Incomplete') {
    return 'An Incomplete portal lacks something it needs to start sessions (an identity provider, user settings or network settings, as the status reason says): ' +
      'add it to the WebPortal and deploy again, or set waitForActive: false to deploy it as it is.';
  }
  return 'The portal is still being set up: deploy again later, raise readinessTimeout, or set waitForActive: false and check the portal in the WorkSpaces Secure Browser console.';
}
