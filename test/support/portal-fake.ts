/**
 * A stateful fake of the WorkSpaces Secure Browser calls the portal
 * readiness handler makes (GetPortal, ListSessions, ExpireSession,
 * GetSession) and of CloudFormation's DescribeStacks and ListStackResources
 * (the handler's own stack, as the test sets it: `stackStatus`,
 * `lastUpdatedTime`, `stackResources`), on the virtual clock and with the
 * SDK retry simulation of ./simulated-service.
 *
 * A portal follows a timeline of statuses seeded by the test (the service
 * documents the statuses, not what moves a portal between them); a session
 * ends by itself at `endsAfterSeconds`, or some seconds after ExpireSession.
 *
 * No jest globals here.
 */
import { createHash } from 'crypto';
import {
  CloudFormationClient,
  DescribeStacksCommand,
  ListStackResourcesCommand,
  type DescribeStacksInput,
  type ListStackResourcesInput,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import {
  ExpireSessionCommand,
  GetPortalCommand,
  GetSessionCommand,
  ListSessionsCommand,
  ResourceNotFoundException,
  WorkSpacesWebClient,
  type ExpireSessionRequest,
  type GetPortalRequest,
  type GetSessionRequest,
  type ListSessionsRequest,
  type Portal,
  type PortalStatus,
  type SessionSummary,
} from '@aws-sdk/client-workspaces-web';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { requestBuilders } from './provider-driver';
import { SimulatedService, type SimulatedServiceOptions } from './simulated-service';
import { PortalReadinessHandler } from '../../lambda/portal/handler';
import { PROPERTY, SECURITY_DIGEST_SCHEME, type SecuritySetting } from '../../lambda/portal/spec';

const REGION = 'us-east-1';
export const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/portals/5b9a8c40-0000-11f0-0000-0a1b2c3d4e5f';

/** The most sessions one ListSessions page holds here, whatever maxResults asks: the handler must follow nextToken. */
export const FAKE_SESSIONS_PAGE_LIMIT = 40;

export interface StatusStep {
  /** Seconds after the portal was seeded. */
  readonly afterSeconds: number;
  readonly status: PortalStatus;
  readonly reason?: string;
}

export interface PortalFakeOptions extends SimulatedServiceOptions {
  /** Seconds from ExpireSession until GetSession shows the session Terminated. Default 5. */
  readonly expireTakesSeconds?: number;
  /** The stack's status as DescribeStacks answers it. Default UPDATE_IN_PROGRESS. */
  readonly stackStatus?: string;
  /** DescribeStacks fails with this error name. */
  readonly describeStacksFails?: string;
  /** ListStackResources fails with this error name. */
  readonly listStackResourcesFails?: string;
}

/** The most resources one ListStackResources page holds here: the handler must follow NextToken. */
export const FAKE_STACK_RESOURCES_PAGE_LIMIT = 2;

interface FakeSession {
  readonly sessionId: string;
  readonly username: string;
  readonly startTime: number;
  endTime?: number;
  /** Epoch ms at which it ends by itself. */
  readonly endsAt?: number;
  /** Epoch ms at which an ExpireSession takes effect. */
  expiresAt?: number;
}

interface FakePortal {
  readonly arn: string;
  readonly seededAt: number;
  readonly timeline: readonly StatusStep[];
  readonly sessions: FakeSession[];
  lastChangeAt: number;
}

/** The template of a readiness resource, as a test writes it. */
export interface ReadinessTemplate {
  readonly portalArn: string;
  readonly waitForActive?: boolean;
  readonly acceptIncomplete?: boolean;
  readonly timeoutSeconds?: number;
  readonly existingSessions?: 'KEEP' | 'EXPIRE';
  readonly drainTimeoutSeconds?: number;
  readonly portalRetained?: boolean;
  readonly securitySettings?: Partial<Record<SecuritySetting, { arn: string; content?: string }>>;
}

export const readiness = requestBuilders<ReadinessTemplate>({
  stackId: STACK_ID,
  resourceType: 'Custom::WebPortalReadiness',
  logicalResourceId: 'PortalReadiness',
  properties: t => ({
    ServiceToken: 'token',
    [PROPERTY.portalArn]: t.portalArn,
    [PROPERTY.waitForActive]: String(t.waitForActive ?? true),
    [PROPERTY.acceptIncomplete]: String(t.acceptIncomplete ?? false),
    [PROPERTY.timeoutSeconds]: String(t.timeoutSeconds ?? 1200),
    [PROPERTY.existingSessions]: t.existingSessions ?? 'KEEP',
    ...(t.drainTimeoutSeconds !== undefined ? { [PROPERTY.drainTimeoutSeconds]: String(t.drainTimeoutSeconds) } : {}),
    [PROPERTY.portalRetained]: String(t.portalRetained ?? false),
    [PROPERTY.securitySettings]: Object.fromEntries(Object.entries(t.securitySettings ?? {})
      .map(([k, v]) => [k, { Arn: v.arn, Content: v.content ?? '' }])),
  }),
});

/** A security digest of this version's scheme, as the construct sends it, standing for the settings `label` names. */
export function digestOf(label: string): string {
  return `${SECURITY_DIGEST_SCHEME}:${createHash('sha256').update(label).digest('hex')}`;
}

let portalSequence = 0;

/** A portal ARN with a fresh 36-character id. */
export function newPortalArn(): string {
  portalSequence++;
  return `arn:aws:workspaces-web:${REGION}:123456789012:portal/0e7c2a4b-1d3f-4a5b-9c6d-${String(portalSequence).padStart(12, '0')}`;
}

export class PortalFake extends SimulatedService {
  public readonly web: WorkSpacesWebClient;
  public readonly cloudFormation: CloudFormationClient;
  /** The stack's status; a test moves it as CloudFormation would (a rollback, a new update). */
  public stackStatus: string;
  /** Epoch ms when the stack's latest update began (DescribeStacks' LastUpdatedTime); undefined: never updated. */
  public lastUpdatedTime?: number;
  /** What ListStackResources lists. */
  public stackResources: StackResourceSummary[] = [];
  /** Make DescribeStacks fail with this error name from now on (undefined: answer). */
  public describeStacksFails?: string;

  private readonly webMock: AwsClientStub<WorkSpacesWebClient>;
  private readonly cfnMock: AwsClientStub<CloudFormationClient>;
  private readonly portals = new Map<string, FakePortal>();
  private sessionSequence = 0;

  constructor(private readonly options: PortalFakeOptions = {}) {
    super(options);
    this.stackStatus = options.stackStatus ?? 'UPDATE_IN_PROGRESS';
    this.describeStacksFails = options.describeStacksFails;
    this.web = new WorkSpacesWebClient({ region: REGION });
    this.cloudFormation = new CloudFormationClient({ region: REGION });
    this.webMock = mockClient(this.web);
    this.webMock.onAnyCommand().callsFake(() => {
      throw new Error('PortalFake: this command is not part of the fake Secure Browser API');
    });
    this.webMock.on(GetPortalCommand).callsFake((input: GetPortalRequest) => this.call('GetPortal', input, () => ({ portal: this.getPortal(input.portalArn!) })));
    this.webMock.on(ListSessionsCommand).callsFake((input: ListSessionsRequest) => this.call('ListSessions', input, () => this.listSessions(input)));
    this.webMock.on(ExpireSessionCommand).callsFake((input: ExpireSessionRequest) => this.call('ExpireSession', input, () => this.expireSession(input)));
    this.webMock.on(GetSessionCommand).callsFake((input: GetSessionRequest) => this.call('GetSession', input, () => this.getSession(input)));
    this.cfnMock = mockClient(this.cloudFormation);
    this.cfnMock.onAnyCommand().callsFake(() => {
      throw new Error('PortalFake: this command is not part of the fake CloudFormation API');
    });
    this.cfnMock.on(DescribeStacksCommand).callsFake((input: DescribeStacksInput) => this.call('DescribeStacks', input, () => this.describeStacks(input)));
    this.cfnMock.on(ListStackResourcesCommand).callsFake((input: ListStackResourcesInput) => this.call('ListStackResources', input, () => this.listStackResources(input)));
  }

  /** A readiness handler on this fake's clients and clock, logging into `logs`. */
  public newHandler(): PortalReadinessHandler {
    return new PortalReadinessHandler({ web: this.web, cloudFormation: this.cloudFormation }, this.handlerOptions());
  }

  public restore(): void {
    this.webMock.restore();
    this.cfnMock.restore();
  }

  /** A portal whose status follows `timeline` from now on (the first step's status until the second's time). */
  public seedPortal(timeline: readonly StatusStep[], portalArn = newPortalArn()): string {
    this.portals.set(portalArn, { arn: portalArn, seededAt: this.clock, timeline, sessions: [], lastChangeAt: this.clock });
    return portalArn;
  }

  /** Removes a portal (deleted outside CloudFormation). */
  public deletePortal(portalArn: string): void {
    this.portals.delete(portalArn);
  }

  /** `count` sessions, begun now; each ends by itself after `endsAfterSeconds` if given. */
  public startSessions(portalArn: string, count: number, endsAfterSeconds?: number): string[] {
    const portal = this.portals.get(portalArn)!;
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      this.sessionSequence++;
      const sessionId = `5e55a0b1-0000-4000-8000-${String(this.sessionSequence).padStart(12, '0')}`;
      portal.sessions.push({
        sessionId,
        username: `user${this.sessionSequence}@example.com`,
        startTime: this.clock,
        ...(endsAfterSeconds !== undefined ? { endsAt: this.clock + endsAfterSeconds * 1000 } : {}),
      });
      ids.push(sessionId);
    }
    return ids;
  }

  /** Ids of the portal's sessions that are active now. */
  public activeSessionIds(portalArn: string): string[] {
    return (this.portals.get(portalArn)?.sessions ?? []).filter(s => s.endTime === undefined).map(s => s.sessionId);
  }

  public lastChangeAt(portalArn: string): number | undefined {
    return this.portals.get(portalArn)?.lastChangeAt;
  }

  protected advanceTo(at: number): void {
    // What `after` scheduled (a rollback, a new update) happens on the way.
    this.advanceThrough(at, () => undefined);
    for (const portal of this.portals.values()) {
      for (const session of portal.sessions) {
        if (session.endTime !== undefined) continue;
        const end = [session.endsAt, session.expiresAt].filter((t): t is number => t !== undefined && t <= this.clock);
        if (end.length > 0) {
          session.endTime = Math.min(...end);
          portal.lastChangeAt = Math.max(portal.lastChangeAt, session.endTime);
        }
      }
    }
  }

  private notFound(what: string): ResourceNotFoundException {
    return new ResourceNotFoundException({ message: `${what} could not be found.`, $metadata: this.metadata(404) });
  }

  private statusOf(portal: FakePortal): StatusStep {
    const elapsed = (this.clock - portal.seededAt) / 1000;
    let current = portal.timeline[0];
    for (const step of portal.timeline) {
      if (step.afterSeconds <= elapsed) current = step;
    }
    return current;
  }

  private getPortal(portalArn: string): Portal {
    const portal = this.portals.get(portalArn);
    if (!portal) throw this.notFound(`Portal ${portalArn}`);
    const step = this.statusOf(portal);
    return {
      portalArn,
      portalStatus: step.status,
      ...(step.reason ? { statusReason: step.reason } : {}),
      rendererType: 'AppStream',
      browserType: 'Chrome',
      creationDate: new Date(portal.seededAt),
    };
  }

  private portalById(portalId: string | undefined): FakePortal {
    const portal = [...this.portals.values()].find(p => p.arn.endsWith(`/${portalId}`));
    if (!portal) throw this.notFound(`Portal ${portalId}`);
    return portal;
  }

  private summary(portal: FakePortal, s: FakeSession): SessionSummary {
    const ended = s.endTime === undefined ? { status: 'Active' as const } : { status: 'Terminated' as const, endTime: new Date(s.endTime) };
    return { portalArn: portal.arn, sessionId: s.sessionId, username: s.username, startTime: new Date(s.startTime), ...ended };
  }

  private listSessions(input: ListSessionsRequest) {
    const portal = this.portalById(input.portalId);
    const matching = portal.sessions
      .map(s => this.summary(portal, s))
      .filter(s => !input.status || s.status === input.status);
    const start = input.nextToken ? Number(input.nextToken) : 0;
    const size = Math.min(input.maxResults ?? FAKE_SESSIONS_PAGE_LIMIT, FAKE_SESSIONS_PAGE_LIMIT);
    const page = matching.slice(start, start + size);
    const next = start + size < matching.length ? String(start + size) : undefined;
    return { sessions: page, ...(next ? { nextToken: next } : {}) };
  }

  private session(input: { portalId?: string; sessionId?: string }): { portal: FakePortal; session: FakeSession } {
    const portal = this.portalById(input.portalId);
    const session = portal.sessions.find(s => s.sessionId === input.sessionId);
    if (!session) throw this.notFound(`Session ${input.sessionId}`);
    return { portal, session };
  }

  private expireSession(input: ExpireSessionRequest) {
    const { session } = this.session(input);
    if (session.endTime === undefined && session.expiresAt === undefined) {
      session.expiresAt = this.clock + (this.options.expireTakesSeconds ?? 5) * 1000;
      this.advanceTo(this.clock);
    }
    return {};
  }

  private getSession(input: GetSessionRequest) {
    const { portal, session } = this.session(input);
    return { session: this.summary(portal, session) };
  }

  private describeStacks(input: DescribeStacksInput) {
    if (this.describeStacksFails) {
      throw cloudFormationError(this.describeStacksFails);
    }
    return {
      Stacks: [{
        StackId: input.StackName,
        StackName: 'portals',
        StackStatus: this.stackStatus,
        CreationTime: new Date(this.startTime),
        ...(this.lastUpdatedTime !== undefined ? { LastUpdatedTime: new Date(this.lastUpdatedTime) } : {}),
      }],
    };
  }

  private listStackResources(input: ListStackResourcesInput) {
    if (this.options.listStackResourcesFails) {
      throw cloudFormationError(this.options.listStackResourcesFails);
    }
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const end = start + FAKE_STACK_RESOURCES_PAGE_LIMIT;
    return {
      StackResourceSummaries: this.stackResources.slice(start, end),
      ...(end < this.stackResources.length ? { NextToken: String(end) } : {}),
    };
  }
}

/** A CloudFormation error as the SDK rejects with it (its name is the error code). */
function cloudFormationError(name: string): Error {
  const error = new Error(`${name}: denied`);
  error.name = name;
  return error;
}
