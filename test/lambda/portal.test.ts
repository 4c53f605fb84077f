/**
 * The portal readiness handler, call by call, against aws-sdk-client-mock
 * with the Secure Browser SDK's own exception classes: what each answer of
 * the service makes of a poll.
 */
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand, type StackStatus } from '@aws-sdk/client-cloudformation';
import {
  AccessDeniedException,
  ExpireSessionCommand,
  GetPortalCommand,
  GetSessionCommand,
  InternalServerException,
  ListSessionsCommand,
  ResourceNotFoundException,
  ThrottlingException,
  WorkSpacesWebClient,
} from '@aws-sdk/client-workspaces-web';
import { mockClient } from 'aws-sdk-client-mock';
import { PLAN_FIELD, PortalReadinessHandler, portalIdOf, type PortalPlan } from '../../lambda/portal/handler';
import { changedSecuritySettings, parseSpec, PROPERTY, SECURITY_DIGEST_SCHEME } from '../../lambda/portal/spec';
import type { IsCompleteRequest, OnEventRequest } from '../../lambda/shared/types';
import { digestOf, newPortalArn, readiness, type ReadinessTemplate } from '../support/portal-fake';

const web = mockClient(WorkSpacesWebClient);
const cfn = mockClient(CloudFormationClient);
const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);
let clock = NOW;
let logs: string[] = [];

/** DescribeStacks' answer: the stack in `status`, last updated before the operations of a test begin unless told. */
function stackIs(status: StackStatus, lastUpdatedTime = new Date(NOW - 60_000)) {
  cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 's', StackStatus: status, CreationTime: new Date(NOW - 3_600_000), LastUpdatedTime: lastUpdatedTime }] });
}

beforeEach(() => {
  web.reset();
  cfn.reset();
  clock = NOW;
  logs = [];
  stackIs('UPDATE_IN_PROGRESS');
});

function handler(): PortalReadinessHandler {
  return new PortalReadinessHandler(
    { web: new WorkSpacesWebClient({ region: 'us-east-1' }), cloudFormation: new CloudFormationClient({ region: 'us-east-1' }) },
    { now: () => clock, log: line => logs.push(line) },
  );
}

const meta = { $metadata: { httpStatusCode: 400 } };
const PORTAL = newPortalArn();

/** The isComplete request of an operation, as the Provider framework merges it. */
async function started(event: OnEventRequest): Promise<IsCompleteRequest> {
  const response = await handler().onEvent(event);
  return { ...event, ...response, PhysicalResourceId: response.PhysicalResourceId ?? event.PhysicalResourceId! } as IsCompleteRequest;
}

function expireUpdate(extra: Partial<ReadinessTemplate> = {}): OnEventRequest {
  return readiness.updateEvent(PORTAL,
    { portalArn: PORTAL, existingSessions: 'EXPIRE', securitySettings: { UserSettings: { arn: 'arn:u', content: digestOf('1') } }, ...extra },
    { portalArn: PORTAL, existingSessions: 'EXPIRE', securitySettings: { UserSettings: { arn: 'arn:u', content: digestOf('2') } }, ...extra });
}

describe('GetPortal answers', () => {
  test.each([
    ['ThrottlingException', new ThrottlingException({ message: 'Rate exceeded', ...meta })],
    ['InternalServerException', new InternalServerException({ message: 'boom', $metadata: { httpStatusCode: 500 } })],
  ])('%s: not yet, poll again', async (_name, error) => {
    web.on(GetPortalCommand).rejects(error);
    const request = await started(readiness.createEvent({ portalArn: PORTAL }));

    await expect(handler().isComplete(request)).resolves.toEqual({ IsComplete: false });
  });

  test('AccessDeniedException fails at once, naming the permission', async () => {
    web.on(GetPortalCommand).rejects(new AccessDeniedException({ message: 'not authorized to perform workspaces-web:GetPortal', ...meta }));
    const request = await started(readiness.createEvent({ portalArn: PORTAL }));

    await expect(handler().isComplete(request)).rejects.toThrow(
      `Reading the status of portal ${PORTAL} failed: AccessDeniedException: not authorized to perform workspaces-web:GetPortal. ` +
      'Check the provider role\'s workspaces-web:GetPortal permission, then deploy again.');
  });

  test('throttled past the deadline: fails with the last error', async () => {
    web.on(GetPortalCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', ...meta }));
    const request = await started(readiness.createEvent({ portalArn: PORTAL, timeoutSeconds: 600 }));
    clock += 601_000;

    await expect(handler().isComplete(request)).rejects.toThrow(/did not become Active within the readiness timeout of 10 min: GetPortal failed \(ThrottlingException: Rate exceeded\)/);
  });

  test('ResourceNotFoundException within the visibility grace: not yet', async () => {
    web.on(GetPortalCommand).rejects(new ResourceNotFoundException({ message: 'not found', ...meta }));
    const request = await started(readiness.createEvent({ portalArn: PORTAL }));

    await expect(handler().isComplete(request)).resolves.toEqual({ IsComplete: false });
  });

  test('Active: complete, with the status as attributes; the portal ARN is the physical id', async () => {
    web.on(GetPortalCommand, { portalArn: PORTAL }).resolves({ portal: { portalArn: PORTAL, portalStatus: 'Active' } });
    const request = await started(readiness.createEvent({ portalArn: PORTAL }));

    expect(request.PhysicalResourceId).toBe(PORTAL);
    await expect(handler().isComplete(request)).resolves.toEqual({ IsComplete: true, Data: { PortalStatus: 'Active', StatusReason: '' } });
  });
});

describe('sessions', () => {
  test('ExpireSession denied in an update fails the update, naming the permission', async () => {
    web.on(GetPortalCommand).resolves({ portal: { portalArn: PORTAL, portalStatus: 'Active' } });
    web.on(ListSessionsCommand).resolves({ sessions: [{ sessionId: 's1', status: 'Active', startTime: new Date(NOW - 1000) }] });
    web.on(ExpireSessionCommand).rejects(new AccessDeniedException({ message: 'denied', ...meta }));
    const request = await started(expireUpdate());

    await expect(handler().isComplete(request)).rejects.toThrow(
      `Expiring 1 of 1 session(s) of portal ${PORTAL} failed: AccessDeniedException: denied. Check the provider role's workspaces-web:ExpireSession and GetSession permissions`);
  });

  test('ExpireSession denied in a Delete: the Delete succeeds and logs what was left', async () => {
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 's', StackStatus: 'DELETE_IN_PROGRESS', CreationTime: new Date() }] });
    web.on(ListSessionsCommand).resolves({ sessions: [{ sessionId: 's1', status: 'Active' }] });
    web.on(ExpireSessionCommand).rejects(new AccessDeniedException({ message: 'denied', ...meta }));
    const request = await started(readiness.deleteEvent(PORTAL, { portalArn: PORTAL, existingSessions: 'EXPIRE' }));

    await expect(handler().isComplete(request)).resolves.toEqual({ IsComplete: true });
    expect(logs.map(l => JSON.parse(l).event)).toContain('sessions-left');
  });

  test('a session that ended between the list and ExpireSession (ResourceNotFoundException) is skipped', async () => {
    web.on(GetPortalCommand).resolves({ portal: { portalArn: PORTAL, portalStatus: 'Active' } });
    web.on(ListSessionsCommand).resolves({ sessions: [{ sessionId: 's1', status: 'Active' }, { sessionId: 's2', status: 'Active' }] });
    web.on(ExpireSessionCommand, { sessionId: 's1' }).rejects(new ResourceNotFoundException({ message: 'gone', ...meta }));
    web.on(ExpireSessionCommand, { sessionId: 's2' }).resolves({});
    web.on(GetSessionCommand).resolves({ session: { sessionId: 's2', status: 'Terminated' } });
    const request = await started(expireUpdate());

    await expect(handler().isComplete(request)).resolves.toEqual({ IsComplete: false });
    expect(JSON.parse(logs.find(l => l.includes('sessions-expired'))!)).toMatchObject({ count: 1, of: 2, stillEnding: 0 });
    expect(web.commandCalls(ExpireSessionCommand).map(c => c.args[0].input)).toEqual([
      { portalId: portalIdOf(PORTAL), sessionId: 's1' },
      { portalId: portalIdOf(PORTAL), sessionId: 's2' },
    ]);
  });

  test('at most EXPIRE_BATCH sessions are expired in one poll', async () => {
    web.on(GetPortalCommand).resolves({ portal: { portalArn: PORTAL, portalStatus: 'Active' } });
    web.on(ListSessionsCommand).resolves({ sessions: Array.from({ length: 250 }, (_, i) => ({ sessionId: `s${i}`, status: 'Active' as const })) });
    web.on(ExpireSessionCommand).resolves({});
    web.on(GetSessionCommand).resolves({ session: { status: 'Terminated' } });
    const request = await started(expireUpdate());

    await expect(handler().isComplete(request)).resolves.toEqual({ IsComplete: false });
    expect(web.commandCalls(ExpireSessionCommand)).toHaveLength(100);
  });

  test('ListSessions of a portal that is gone: nothing left to expire', async () => {
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 's', StackStatus: 'DELETE_IN_PROGRESS', CreationTime: new Date() }] });
    web.on(ListSessionsCommand).rejects(new ResourceNotFoundException({ message: 'no portal', ...meta }));
    const request = await started(readiness.deleteEvent(PORTAL, { portalArn: PORTAL, existingSessions: 'EXPIRE' }));

    await expect(handler().isComplete(request)).resolves.toEqual({ IsComplete: true });
  });

  test('the Delete reads the status of its own stack, by the request\'s StackId', async () => {
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 's', StackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS', CreationTime: new Date() }] });
    const event = readiness.deleteEvent(PORTAL, { portalArn: PORTAL, existingSessions: 'EXPIRE' });

    const response = await handler().onEvent(event);

    expect(cfn.commandCalls(DescribeStacksCommand).map(c => c.args[0].input)).toEqual([{ StackName: event.StackId }]);
    expect((response as unknown as Record<string, PortalPlan>)[PLAN_FIELD].operation).toBe('none');
  });
});

describe('the stack, before sessions are taken down', () => {
  const planOf = (response: unknown) => (response as Record<string, PortalPlan>)[PLAN_FIELD];

  function activeSessions(count: number) {
    web.on(GetPortalCommand).resolves({ portal: { portalArn: PORTAL, portalStatus: 'Active' } });
    web.on(ListSessionsCommand).resolves({ sessions: Array.from({ length: count }, (_, i) => ({ sessionId: `s${i}`, status: 'Active' as const, startTime: new Date(NOW - 1000) })) });
    web.on(ExpireSessionCommand).resolves({});
    web.on(GetSessionCommand).resolves({ session: { status: 'Terminated' } });
  }

  test('each poll reads the stack\'s status before its ExpireSession batch', async () => {
    const calls: string[] = [];
    activeSessions(250);
    cfn.on(DescribeStacksCommand).callsFake(() => {
      calls.push('DescribeStacks');
      return { Stacks: [{ StackName: 's', StackStatus: 'UPDATE_IN_PROGRESS', CreationTime: new Date(NOW - 3_600_000), LastUpdatedTime: new Date(NOW - 60_000) }] };
    });
    web.on(ExpireSessionCommand).callsFake(() => {
      calls.push('ExpireSession');
      return {};
    });
    const request = await started(expireUpdate());
    calls.length = 0;

    await handler().isComplete(request);
    await handler().isComplete(request);

    expect(calls.filter((c, i) => c === 'DescribeStacks' && calls[i + 1] === 'ExpireSession')).toHaveLength(2);
    expect(calls.filter(c => c === 'DescribeStacks')).toHaveLength(2);
  });

  test('the status throttled before a batch: not yet, and nothing expired', async () => {
    activeSessions(3);
    const request = await started(expireUpdate());
    cfn.on(DescribeStacksCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', ...meta }));

    await expect(handler().isComplete(request)).resolves.toEqual({ IsComplete: false });
    expect(web.commandCalls(ExpireSessionCommand)).toHaveLength(0);
  });

  test('a Delete whose stack deletion stopped (DELETE_FAILED): nothing expired', async () => {
    stackIs('DELETE_IN_PROGRESS');
    activeSessions(3);
    const request = await started(readiness.deleteEvent(PORTAL, { portalArn: PORTAL, existingSessions: 'EXPIRE' }));
    stackIs('DELETE_FAILED');

    await expect(handler().isComplete(request)).resolves.toEqual({ IsComplete: true });
    expect(web.commandCalls(ExpireSessionCommand)).toHaveLength(0);
    expect(JSON.parse(logs.find(l => l.includes('sessions-kept'))!).reason).toContain('the stack is DELETE_FAILED, no longer DELETE_IN_PROGRESS');
  });

  test('an update in a rollback status plans no sessions step; one whose status cannot be read leaves it to the waiter', async () => {
    stackIs('UPDATE_ROLLBACK_IN_PROGRESS');
    expect(planOf(await handler().onEvent(expireUpdate())).sessions).toBeUndefined();

    cfn.on(DescribeStacksCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    expect(planOf(await handler().onEvent(expireUpdate())).sessions).toMatchObject({ goingForwardIn: 'UPDATE_IN_PROGRESS', startedBefore: NOW });
  });

  test('in the cleanup, only another readiness resource of this portal, not being deleted, keeps the portal', async () => {
    stackIs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    const event = readiness.deleteEvent(PORTAL, { portalArn: PORTAL, existingSessions: 'EXPIRE' });
    const summary = (LogicalResourceId: string, ResourceType: string, ResourceStatus: 'CREATE_COMPLETE' | 'DELETE_IN_PROGRESS' | 'DELETE_COMPLETE') =>
      ({ LogicalResourceId, PhysicalResourceId: PORTAL, ResourceType, ResourceStatus, LastUpdatedTimestamp: new Date() });
    cfn.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [
        summary(event.LogicalResourceId, 'Custom::WebPortalReadiness', 'DELETE_IN_PROGRESS'),
        summary('Portal1DC4C6C1', 'AWS::WorkSpacesWeb::Portal', 'CREATE_COMPLETE'),
        summary('OldReadiness', 'Custom::WebPortalReadiness', 'DELETE_COMPLETE'),
      ],
    });

    const response = await handler().onEvent(event);

    expect(planOf(response)).toMatchObject({ operation: 'delete', sessions: { goingForwardIn: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS' } });
    expect(cfn.commandCalls(ListStackResourcesCommand).map(c => c.args[0].input)).toEqual([{ StackName: event.StackId }]);
  });
});

describe('a Delete whose properties cannot be read', () => {
  test('does nothing, logs why and succeeds: the sessions are kept', async () => {
    const event = readiness.deleteEvent(PORTAL, { portalArn: PORTAL, existingSessions: 'EXPIRE' });
    const unreadable = { ...event, ResourceProperties: { ...event.ResourceProperties, TimeoutSeconds: '1e3' } };

    const request = await started(unreadable);

    expect((request as unknown as Record<string, PortalPlan>)[PLAN_FIELD].operation).toBe('none');
    await expect(handler().isComplete(request)).resolves.toEqual({ IsComplete: true });
    expect(web.calls()).toHaveLength(0);
    expect(cfn.calls()).toHaveLength(0);
    expect(logs.map(line => JSON.parse(line))).toContainEqual(expect.objectContaining({
      event: 'nothing-to-do',
      reason: expect.stringMatching(/^the properties cannot be read \(Error: Custom::WebPortalReadiness property TimeoutSeconds .*"1e3".*\): the portal's sessions are kept$/) as unknown,
    }));
  });
});

describe('spec', () => {
  const base = readiness.createEvent({ portalArn: PORTAL }).ResourceProperties;

  test('a PortalArn that is not a portal ARN is refused, naming the property and the value', () => {
    expect(() => parseSpec({ ...base, [PROPERTY.portalArn]: 'arn:aws:workspaces-web:us-east-1:123456789012:browserSettings/x' }))
      .toThrow('Custom::WebPortalReadiness property PortalArn must be a WorkSpaces Secure Browser portal ARN, got "arn:aws:workspaces-web:us-east-1:123456789012:browserSettings/x"');
  });

  test('an unknown security setting is refused', () => {
    expect(() => parseSpec({ ...base, [PROPERTY.securitySettings]: { NetworkSettings: { Arn: 'x' } } }))
      .toThrow('property SecuritySettings.NetworkSettings is not one of BrowserSettings, UserSettings, IpAccessSettings, DataProtectionSettings, TrustStore');
  });

  test('defaults: wait for Active, sessions kept, 20 minutes', () => {
    const spec = parseSpec({ ServiceToken: 't', [PROPERTY.portalArn]: PORTAL });
    expect(spec).toMatchObject({ waitForActive: true, acceptIncomplete: false, existingSessions: 'KEEP', timeoutSeconds: 1200, portalRetained: false });
  });

  test('a setting added, removed, re-pointed or changed in content counts as changed; an identical one does not', () => {
    const spec = (settings: Record<string, { Arn: string; Content?: string }>) => parseSpec({ ...base, [PROPERTY.securitySettings]: settings });
    const before = spec({ BrowserSettings: { Arn: 'b', Content: digestOf('1') }, UserSettings: { Arn: 'u', Content: digestOf('1') }, TrustStore: { Arn: 't' } });
    const after = spec({ BrowserSettings: { Arn: 'b', Content: digestOf('2') }, UserSettings: { Arn: 'u', Content: digestOf('1') }, IpAccessSettings: { Arn: 'i' } });

    expect(changedSecuritySettings(before, after)).toEqual(['BrowserSettings', 'IpAccessSettings', 'TrustStore']);
    expect(changedSecuritySettings(before, before)).toEqual([]);
  });

  test('digests of another scheme (an older version, which digested every property) are not compared; a new ARN still counts', () => {
    const spec = (settings: Record<string, { Arn: string; Content?: string }>) => parseSpec({ ...base, [PROPERTY.securitySettings]: settings });
    const older = 'a'.repeat(64);
    const before = spec({ BrowserSettings: { Arn: 'b', Content: older }, UserSettings: { Arn: 'u', Content: older } });
    const after = spec({ BrowserSettings: { Arn: 'b', Content: digestOf('1') }, UserSettings: { Arn: 'u2', Content: digestOf('1') } });

    expect(digestOf('1').startsWith(`${SECURITY_DIGEST_SCHEME}:`)).toBe(true);
    expect(changedSecuritySettings(before, after)).toEqual(['UserSettings']);
  });

  test('an update from properties an older version wrote (unparseable) counts nothing as changed', async () => {
    const event = { ...expireUpdate(), OldResourceProperties: { ServiceToken: 't', PortalArn: 'not-an-arn' } } as OnEventRequest;

    const response = await handler().onEvent(event);

    expect((response as unknown as Record<string, PortalPlan>)[PLAN_FIELD].sessions).toBeUndefined();
  });

  test('an isComplete request without a plan (another version started it) fails with what to do', async () => {
    const request = { ...readiness.createEvent({ portalArn: PORTAL }), PhysicalResourceId: PORTAL } as IsCompleteRequest;
    await expect(handler().isComplete(request)).rejects.toThrow('carries no portal readiness plan');
  });
});
