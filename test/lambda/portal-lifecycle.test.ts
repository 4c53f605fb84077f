/**
 * Custom::WebPortalReadiness driven through whole CloudFormation operations
 * (the Provider framework's onEvent, then isComplete every 30 s) against the
 * stateful Secure Browser fake, on its virtual clock.
 */
import { EXPIRE_BATCH, INCOMPLETE_GRACE_MS, PortalReadinessHandler } from '../../lambda/portal/handler';
import type { OnEventRequest } from '../../lambda/shared/types';
import { digestOf, PortalFake, readiness, type PortalFakeOptions, type ReadinessTemplate } from '../support/portal-fake';
import { runOperation } from '../support/provider-driver';

const fakes: PortalFake[] = [];
afterEach(() => {
  for (const fake of fakes.splice(0)) fake.restore();
});

function world(options: PortalFakeOptions = {}) {
  const fake = new PortalFake(options);
  fakes.push(fake);
  const handler = fake.newHandler();
  return {
    fake,
    create: (t: ReadinessTemplate) => runOperation(handler, readiness.createEvent(t), { fake }),
    update: (from: ReadinessTemplate, to: ReadinessTemplate) => runOperation(handler, readiness.updateEvent(from.portalArn, from, to), { fake }),
    remove: (t: ReadinessTemplate, physicalId = t.portalArn) => runOperation(handler, readiness.deleteEvent(physicalId, t), { fake }),
  };
}

const BROWSER_V1 = { arn: 'arn:aws:workspaces-web:us-east-1:123456789012:browserSettings/b1', content: digestOf('block list v1') };
const BROWSER_V2 = { arn: BROWSER_V1.arn, content: digestOf('block list v2') };
const USER = { arn: 'arn:aws:workspaces-web:us-east-1:123456789012:userSettings/u1', content: digestOf('downloads on') };

describe('readiness', () => {
  test('Incomplete → Pending → Active: the deploy completes once the portal is Active, not before', async () => {
    const { fake, create } = world();
    const portalArn = fake.seedPortal([
      { afterSeconds: 0, status: 'Incomplete' },
      { afterSeconds: 60, status: 'Pending' },
      { afterSeconds: 9 * 60, status: 'Active' },
    ]);

    const result = await create({ portalArn });

    expect(result.outcome).toBe('SUCCESS');
    expect(result.physicalResourceId).toBe(portalArn);
    expect(result.data).toMatchObject({ PortalStatus: 'Active', StatusReason: '' });
    expect(result.virtualSeconds).toBeGreaterThanOrEqual(9 * 60);
    expect(result.virtualSeconds).toBeLessThanOrEqual(9 * 60 + 30);
    const seen = fake.logEvents().filter(e => e.event === 'waiting').map(e => e.state);
    expect(seen).toContain('Incomplete');
    expect(seen).toContain('Pending');
  });

  test('a portal that is Active at once completes at the first poll', async () => {
    const { fake, create } = world();
    const portalArn = fake.seedPortal([{ afterSeconds: 0, status: 'Active' }]);

    const result = await create({ portalArn });

    expect(result.outcome).toBe('SUCCESS');
    expect(result.isCompleteCalls).toBe(1);
    expect(fake.calls('GetPortal')).toBe(1);
  });

  test('a portal stuck in Pending fails at the readiness timeout, naming the status and what to do', async () => {
    const { fake, create } = world();
    const portalArn = fake.seedPortal([{ afterSeconds: 0, status: 'Pending' }]);

    const result = await create({ portalArn, timeoutSeconds: 600 });

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toContain(`Portal ${portalArn} did not become Active within the readiness timeout of 10 min: it was Pending`);
    expect(result.error).toContain('raise readinessTimeout');
    expect(result.virtualSeconds).toBeGreaterThan(600);
    expect(result.virtualSeconds).toBeLessThanOrEqual(630);
  });

  test('Incomplete with a status reason fails once the reason has stood for the grace period, quoting it verbatim', async () => {
    const { fake, create } = world();
    const reason = 'Portal requires user settings to be associated.';
    const portalArn = fake.seedPortal([{ afterSeconds: 0, status: 'Incomplete', reason }]);

    const result = await create({ portalArn });

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toContain(`Portal ${portalArn} is Incomplete (status reason: ${reason})`);
    expect(result.error).toContain('add it to the WebPortal and deploy again, or set waitForActive: false');
    expect(result.virtualSeconds * 1000).toBeGreaterThanOrEqual(INCOMPLETE_GRACE_MS);
    expect(result.virtualSeconds * 1000).toBeLessThanOrEqual(INCOMPLETE_GRACE_MS + 30_000);
  });

  test('a portal that returns to Incomplete with a reason for a short while, then becomes Active, succeeds', async () => {
    const { fake, create } = world();
    const portalArn = fake.seedPortal([
      { afterSeconds: 0, status: 'Pending' },
      { afterSeconds: 30, status: 'Incomplete', reason: 'Associating network settings' },
      { afterSeconds: 120, status: 'Active' },
    ]);

    const result = await create({ portalArn });

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.logEvents().some(e => e.event === 'waiting' && e.state === 'Incomplete' && e.detail === 'Associating network settings')).toBe(true);
  });

  test('a STANDARD portal without an identity provider by design completes at Incomplete', async () => {
    const { fake, create } = world();
    const portalArn = fake.seedPortal([{ afterSeconds: 0, status: 'Incomplete', reason: 'Portal requires an identity provider.' }]);

    const result = await create({ portalArn, acceptIncomplete: true });

    expect(result.outcome).toBe('SUCCESS');
    expect(result.data).toMatchObject({ PortalStatus: 'Incomplete', StatusReason: 'Portal requires an identity provider.' });
    expect(fake.logEvents().some(e => e.event === 'incomplete-by-design')).toBe(true);
  });

  test('waitForActive false: the portal is not read at all', async () => {
    const { fake, create } = world();
    const portalArn = fake.seedPortal([{ afterSeconds: 0, status: 'Pending' }]);

    const result = await create({ portalArn, waitForActive: false });

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.calls('GetPortal')).toBe(0);
  });

  test('every update re-checks readiness: a settings change that leaves the portal Pending waits again', async () => {
    const { fake, update } = world();
    const portalArn = fake.seedPortal([
      { afterSeconds: 0, status: 'Pending' },
      { afterSeconds: 300, status: 'Active' },
    ]);

    const result = await update(
      { portalArn, securitySettings: { BrowserSettings: BROWSER_V1 } },
      { portalArn, securitySettings: { BrowserSettings: BROWSER_V2 } },
    );

    expect(result.outcome).toBe('SUCCESS');
    expect(result.virtualSeconds).toBeGreaterThanOrEqual(300);
    expect(fake.calls('GetPortal')).toBeGreaterThan(1);
  });

  test('throttling and 5xx answers are ridden out: the deploy still succeeds when the portal is Active', async () => {
    const { fake, create } = world({ throttleRate: 0.5, serverErrorWindows: [{ fromSeconds: 0, toSeconds: 200 }], seed: 7 });
    const portalArn = fake.seedPortal([{ afterSeconds: 0, status: 'Pending' }, { afterSeconds: 240, status: 'Active' }]);

    const result = await create({ portalArn });

    expect(result.outcome).toBe('SUCCESS');
    expect(result.apiCalls.serverErrors).toBeGreaterThan(0);
    expect(result.apiCalls.throttled).toBeGreaterThan(0);
  });

  test('a portal deleted outside CloudFormation fails with what to do once it has had time to appear', async () => {
    const { fake, create } = world();
    const portalArn = fake.seedPortal([{ afterSeconds: 0, status: 'Active' }]);
    fake.deletePortal(portalArn);

    const result = await create({ portalArn });

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toContain('does not exist: it was deleted outside CloudFormation');
  });
});

describe('sessions after a security change', () => {
  function activePortal(fake: PortalFake): string {
    return fake.seedPortal([{ afterSeconds: 0, status: 'Active' }]);
  }

  test('EXPIRE: a changed browser setting expires every session that began before, over several pages; counts are logged, never user names', async () => {
    const { fake, update } = world();
    const portalArn = activePortal(fake);
    fake.startSessions(portalArn, 95);
    fake.advance(60);

    const result = await update(
      { portalArn, existingSessions: 'EXPIRE', securitySettings: { BrowserSettings: BROWSER_V1, UserSettings: USER } },
      { portalArn, existingSessions: 'EXPIRE', securitySettings: { BrowserSettings: BROWSER_V2, UserSettings: USER } },
    );

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.activeSessionIds(portalArn)).toEqual([]);
    expect(fake.calls('ExpireSession')).toBe(95);
    expect(fake.calls('GetSession')).toBe(95);
    // 95 sessions at 40 a page: the handler followed nextToken.
    expect(fake.callLog.filter(c => c.operation === 'ListSessions' && (c.input as { nextToken?: string }).nextToken).length).toBeGreaterThan(0);
    const changed = fake.logEvents().find(e => e.event === 'security-settings-changed');
    expect(changed).toMatchObject({ settings: ['BrowserSettings'] });
    const expired = fake.logEvents().filter(e => e.event === 'sessions-expired').reduce((n, e) => n + (e.count as number), 0);
    expect(expired).toBe(95);
    expect(fake.logs.join('\n')).not.toContain('@example.com');
  });

  test('EXPIRE with drainTimeout: sessions that end by themselves are not expired; the rest are, once the drain time is up', async () => {
    const { fake, update } = world();
    const portalArn = activePortal(fake);
    fake.startSessions(portalArn, 6, 300);
    const stubborn = fake.startSessions(portalArn, 4);

    const start = fake.now();
    const result = await update(
      { portalArn, existingSessions: 'EXPIRE', drainTimeoutSeconds: 900, securitySettings: { UserSettings: USER } },
      { portalArn, existingSessions: 'EXPIRE', drainTimeoutSeconds: 900, securitySettings: { UserSettings: { ...USER, content: digestOf('downloads off') } } },
    );

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.calls('ExpireSession')).toBe(4);
    expect(fake.callLog.filter(c => c.operation === 'ExpireSession').map(c => (c.input as { sessionId: string }).sessionId).sort()).toEqual([...stubborn].sort());
    expect(fake.callLog.find(c => c.operation === 'ExpireSession')!.at - start).toBeGreaterThanOrEqual(900_000);
  });

  test('sessions that begin after the update started (with the new settings) are left alone', async () => {
    const { fake } = world({ expireTakesSeconds: 60 });
    const handler = fake.newHandler();
    const portalArn = activePortal(fake);
    const before = fake.startSessions(portalArn, 3);
    fake.advance(10);
    const event = readiness.updateEvent(portalArn,
      { portalArn, existingSessions: 'EXPIRE', securitySettings: { IpAccessSettings: { arn: 'arn:aws:workspaces-web:us-east-1:123456789012:ipAccessSettings/i1' } } },
      { portalArn, existingSessions: 'EXPIRE', securitySettings: { IpAccessSettings: { arn: 'arn:aws:workspaces-web:us-east-1:123456789012:ipAccessSettings/i2' } } });
    const started = await handler.onEvent(event);
    fake.advance(5);
    const after = fake.startSessions(portalArn, 2);
    const merged = { ...event, ...started, PhysicalResourceId: portalArn };

    let result = await handler.isComplete(merged);
    while (!result.IsComplete) {
      fake.advance(30);
      result = await handler.isComplete(merged);
    }

    expect(fake.activeSessionIds(portalArn)).toEqual(after);
    const expired = new Set(fake.callLog.filter(c => c.operation === 'ExpireSession').map(c => (c.input as { sessionId: string }).sessionId));
    expect([...expired].sort()).toEqual([...before].sort());
  });

  test('a session still ending after ExpireSession is waited for, not expired twice in a way that fails', async () => {
    const { fake, update } = world({ expireTakesSeconds: 45 });
    const portalArn = activePortal(fake);
    fake.startSessions(portalArn, 2);
    fake.advance(1);

    const result = await update(
      { portalArn, existingSessions: 'EXPIRE', securitySettings: { TrustStore: { arn: 'arn:aws:workspaces-web:us-east-1:123456789012:trustStore/t1' } } },
      { portalArn, existingSessions: 'EXPIRE', securitySettings: {} },
    );

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.activeSessionIds(portalArn)).toEqual([]);
    expect(fake.logEvents().find(e => e.event === 'sessions-expired')).toMatchObject({ count: 2, stillEnding: 2 });
  });

  test('a change that is not a security change (the portal itself, e.g. its display name) expires nothing', async () => {
    const { fake, update } = world();
    const portalArn = activePortal(fake);
    fake.startSessions(portalArn, 5);
    const settings = { BrowserSettings: BROWSER_V1, UserSettings: USER };

    const result = await update({ portalArn, existingSessions: 'EXPIRE', securitySettings: settings, timeoutSeconds: 1200 },
      { portalArn, existingSessions: 'EXPIRE', securitySettings: settings, timeoutSeconds: 1800 });

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.calls('ListSessions')).toBe(0);
    expect(fake.activeSessionIds(portalArn)).toHaveLength(5);
  });

  test('KEEP (the default): a security change leaves sessions running, and the log says so', async () => {
    const { fake, update } = world();
    const portalArn = activePortal(fake);
    fake.startSessions(portalArn, 5);

    const result = await update(
      { portalArn, securitySettings: { BrowserSettings: BROWSER_V1 } },
      { portalArn, securitySettings: { BrowserSettings: BROWSER_V2 } },
    );

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.calls('ListSessions')).toBe(0);
    expect(fake.logEvents().find(e => e.event === 'security-settings-changed')).toMatchObject({ sessions: 'kept (existingSessions KEEP)' });
  });

  test('a replaced portal: the update of the new portal expires nothing (the old portal\'s Delete does)', async () => {
    const { fake, update } = world();
    const oldArn = activePortal(fake);
    const newArn = activePortal(fake);
    fake.startSessions(oldArn, 3);

    const result = await update({ portalArn: oldArn, existingSessions: 'EXPIRE', securitySettings: { BrowserSettings: BROWSER_V1 } },
      { portalArn: newArn, existingSessions: 'EXPIRE', securitySettings: { BrowserSettings: BROWSER_V2 } });

    expect(result.outcome).toBe('SUCCESS');
    expect(result.physicalResourceId).toBe(newArn);
    expect(fake.calls('ExpireSession')).toBe(0);
  });
});

describe('sessions before the portal goes', () => {
  test('stack deletion with EXPIRE: every session is drained then expired before the portal\'s Delete', async () => {
    const { fake, remove } = world({ stackStatus: 'DELETE_IN_PROGRESS' });
    const portalArn = fake.seedPortal([{ afterSeconds: 0, status: 'Active' }]);
    fake.startSessions(portalArn, 7);

    const result = await remove({ portalArn, existingSessions: 'EXPIRE', drainTimeoutSeconds: 120 });

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.activeSessionIds(portalArn)).toEqual([]);
    expect(result.virtualSeconds).toBeGreaterThanOrEqual(120);
    expect(fake.calls('GetPortal')).toBe(0);
  });

  test('the cleanup after a replacement (UPDATE_COMPLETE_CLEANUP_IN_PROGRESS) expires the old portal\'s sessions', async () => {
    const { fake, remove } = world({ stackStatus: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS' });
    const portalArn = fake.seedPortal([{ afterSeconds: 0, status: 'Active' }]);
    fake.startSessions(portalArn, 2);

    expect((await remove({ portalArn, existingSessions: 'EXPIRE' })).outcome).toBe('SUCCESS');
    expect(fake.activeSessionIds(portalArn)).toEqual([]);
  });

  test.each(['UPDATE_ROLLBACK_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'])(
    'a rollback (%s) of this resource\'s create on a portal that stays: sessions are kept', async status => {
      const { fake, remove } = world({ stackStatus: status });
      const portalArn = fake.seedPortal([{ afterSeconds: 0, status: 'Active' }]);
      fake.startSessions(portalArn, 3);

      const result = await remove({ portalArn, existingSessions: 'EXPIRE' });

      expect(result.outcome).toBe('SUCCESS');
      expect(fake.activeSessionIds(portalArn)).toHaveLength(3);
      expect(fake.calls('ListSessions')).toBe(0);
      expect(fake.logEvents().find(e => e.event === 'nothing-to-do')?.reason).toContain(`the stack is ${status}`);
    });

  test('DescribeStacks denied: the Delete succeeds and keeps the sessions (it cannot tell the portal goes)', async () => {
    const { fake, remove } = world({ describeStacksFails: 'AccessDenied' });
    const portalArn = fake.seedPortal([{ afterSeconds: 0, status: 'Active' }]);
    fake.startSessions(portalArn, 3);

    const result = await remove({ portalArn, existingSessions: 'EXPIRE' });

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.activeSessionIds(portalArn)).toHaveLength(3);
    expect(fake.logEvents().map(e => e.event)).toEqual(['stack-status-unknown', 'nothing-to-do']);
  });

  test.each<[string, Partial<ReadinessTemplate>]>([
    ['KEEP', { existingSessions: 'KEEP' }],
    ['a retained portal', { existingSessions: 'EXPIRE', portalRetained: true }],
  ])('%s: the Delete leaves sessions alone and makes no call', async (_name, extra) => {
    const { fake, remove } = world();
    const portalArn = fake.seedPortal([{ afterSeconds: 0, status: 'Active' }]);
    fake.startSessions(portalArn, 3);

    expect((await remove({ portalArn, ...extra })).outcome).toBe('SUCCESS');
    expect(fake.callCounts().total).toBe(0);
  });

  test('a Delete whose physical id is not the portal ARN (a create CloudFormation cancelled) does nothing', async () => {
    const { fake, remove } = world();
    const portalArn = fake.seedPortal([{ afterSeconds: 0, status: 'Active' }]);
    fake.startSessions(portalArn, 3);

    const result = await remove({ portalArn, existingSessions: 'EXPIRE' }, 'PortalReadiness-made-up-1A2B3C');

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.callCounts().total).toBe(0);
  });

  test('a portal already gone: the Delete succeeds', async () => {
    const { fake, remove } = world({ stackStatus: 'DELETE_IN_PROGRESS' });
    const portalArn = fake.seedPortal([{ afterSeconds: 0, status: 'Active' }]);
    fake.deletePortal(portalArn);

    expect((await remove({ portalArn, existingSessions: 'EXPIRE' })).outcome).toBe('SUCCESS');
  });
});

/** onEvent, then one isComplete poll per call of `poll`, as the Provider framework makes them: a waiter a test can interleave with other operations. */
async function waiter(handler: PortalReadinessHandler, event: OnEventRequest) {
  const response = await handler.onEvent(event);
  const merged = { ...event, ...response, PhysicalResourceId: response.PhysicalResourceId ?? event.PhysicalResourceId! };
  return { poll: () => handler.isComplete(merged) };
}

describe('a security change whose deploy does not go forward expires nobody', () => {
  const SECURE = { existingSessions: 'EXPIRE' as const, drainTimeoutSeconds: 600 };

  function securityChange(portalArn: string) {
    return readiness.updateEvent(portalArn,
      { portalArn, ...SECURE, securitySettings: { BrowserSettings: BROWSER_V1 } },
      { portalArn, ...SECURE, securitySettings: { BrowserSettings: BROWSER_V2 } });
  }

  function started(options: PortalFakeOptions = {}) {
    const { fake, ...rest } = world(options);
    const portalArn = fake.seedPortal([{ afterSeconds: 0, status: 'Active' }]);
    const sessions = fake.startSessions(portalArn, 6);
    fake.advance(60);
    // The stack's update began a little before the readiness resource's turn came.
    fake.lastUpdatedTime = fake.now() - 5_000;
    return { fake, portalArn, sessions, ...rest };
  }

  test('a sibling fails three minutes into the drain: the cancelled waiter polls on and expires nothing, nor does the rollback\'s update', async () => {
    const { fake, portalArn, sessions } = started();
    const handler = fake.newHandler();
    const cancelled = await waiter(handler, securityChange(portalArn));

    // The Provider framework polls on through the sibling's failure and the rollback.
    let result = await cancelled.poll();
    while (!result.IsComplete && fake.elapsedSeconds() < 60 + 180) {
      fake.advance(30);
      result = await cancelled.poll();
    }
    fake.stackStatus = 'UPDATE_ROLLBACK_IN_PROGRESS';
    const rollback = await runOperation(handler, readiness.updateEvent(portalArn,
      { portalArn, ...SECURE, securitySettings: { BrowserSettings: BROWSER_V2 } },
      { portalArn, ...SECURE, securitySettings: { BrowserSettings: BROWSER_V1 } }), { fake });
    fake.stackStatus = 'UPDATE_ROLLBACK_COMPLETE';
    while (!result.IsComplete) {
      fake.advance(30);
      result = await cancelled.poll();
    }

    expect(rollback.outcome).toBe('SUCCESS');
    expect(rollback.virtualSeconds).toBeLessThan(60);
    expect(fake.calls('ExpireSession')).toBe(0);
    expect(fake.activeSessionIds(portalArn)).toEqual(sessions);
    const events = fake.logEvents();
    expect(events.find(e => e.event === 'security-settings-restored')).toMatchObject({ settings: ['BrowserSettings'] });
    expect(events.find(e => e.event === 'sessions-kept')?.reason).toContain('the stack is UPDATE_ROLLBACK_COMPLETE, no longer UPDATE_IN_PROGRESS');
  });

  test('a newer update begun after the rollback: the cancelled waiter finds itself superseded and expires nothing', async () => {
    const { fake, portalArn, sessions, update } = started();
    fake.after(120, () => { fake.stackStatus = 'UPDATE_ROLLBACK_IN_PROGRESS'; });
    fake.after(200, () => { fake.stackStatus = 'UPDATE_ROLLBACK_COMPLETE'; });
    fake.after(300, () => {
      fake.stackStatus = 'UPDATE_IN_PROGRESS';
      fake.lastUpdatedTime = fake.now();
    });

    await update({ portalArn, ...SECURE, securitySettings: { BrowserSettings: BROWSER_V1 } },
      { portalArn, ...SECURE, securitySettings: { BrowserSettings: BROWSER_V2 } });

    expect(fake.calls('ExpireSession')).toBe(0);
    expect(fake.activeSessionIds(portalArn)).toEqual(sessions);
    expect(fake.logEvents().find(e => e.event === 'sessions-kept')?.reason).toMatch(/^a newer update of the stack began at .*: this operation was superseded$/);
  });

  test('the rollback\'s own update is no security change: no drain, no session listed', async () => {
    const { fake, portalArn, sessions, update } = started({ stackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS' });

    const result = await update({ portalArn, ...SECURE, securitySettings: { BrowserSettings: BROWSER_V2 } },
      { portalArn, ...SECURE, securitySettings: { BrowserSettings: BROWSER_V1 } });

    expect(result.outcome).toBe('SUCCESS');
    expect(result.virtualSeconds).toBeLessThan(60);
    expect(fake.calls('ListSessions')).toBe(0);
    expect(fake.activeSessionIds(portalArn)).toEqual(sessions);
    expect(fake.logEvents().find(e => e.event === 'security-settings-restored')?.sessions)
      .toBe('kept: the stack is UPDATE_ROLLBACK_IN_PROGRESS, and a rollback restores the settings these sessions began under');
  });

  test('cancelled between two batches: the batch already sent stands, no further batch goes', async () => {
    const { fake, portalArn } = started();
    fake.startSessions(portalArn, EXPIRE_BATCH + 50 - 6);
    fake.lastUpdatedTime = fake.now() - 5_000;
    const handler = fake.newHandler();
    const cancelled = await waiter(handler, readiness.updateEvent(portalArn,
      { portalArn, existingSessions: 'EXPIRE', securitySettings: { UserSettings: USER } },
      { portalArn, existingSessions: 'EXPIRE', securitySettings: { UserSettings: { ...USER, content: digestOf('downloads off') } } }));

    expect((await cancelled.poll()).IsComplete).toBe(false);
    expect(fake.calls('ExpireSession')).toBe(EXPIRE_BATCH);
    fake.stackStatus = 'UPDATE_ROLLBACK_IN_PROGRESS';
    fake.advance(30);
    expect(await cancelled.poll()).toMatchObject({ IsComplete: true });

    expect(fake.calls('ExpireSession')).toBe(EXPIRE_BATCH);
    expect(fake.activeSessionIds(portalArn)).toHaveLength(50);
  });

  test('the stack\'s status cannot be read: nothing is expired, the update completes and the log says why', async () => {
    const { fake, portalArn, sessions, update } = started({ describeStacksFails: 'AccessDenied' });

    const result = await update({ portalArn, ...SECURE, securitySettings: { BrowserSettings: BROWSER_V1 } },
      { portalArn, ...SECURE, securitySettings: { BrowserSettings: BROWSER_V2 } });

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.calls('ExpireSession')).toBe(0);
    expect(fake.activeSessionIds(portalArn)).toEqual(sessions);
    expect(fake.logEvents().find(e => e.event === 'sessions-kept')?.reason).toContain('the stack\'s status could not be read (AccessDenied');
  });

  test('a deploy that goes forward still expires, once the drain is over', async () => {
    const { fake, portalArn, update } = started();

    const result = await update({ portalArn, ...SECURE, securitySettings: { BrowserSettings: BROWSER_V1 } },
      { portalArn, ...SECURE, securitySettings: { BrowserSettings: BROWSER_V2 } });

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.calls('ExpireSession')).toBe(6);
    expect(fake.activeSessionIds(portalArn)).toEqual([]);
    // The stack was read before the one batch, and not while the drain ran.
    const reads = fake.callLog.filter(c => c.operation === 'DescribeStacks').map(c => c.at);
    expect(reads).toHaveLength(2);
    expect(reads[1]).toBeLessThanOrEqual(fake.callLog.find(c => c.operation === 'ExpireSession')!.at);
  });
});

describe('a readiness resource that leaves while its portal stays', () => {
  const READINESS = 'Custom::WebPortalReadiness';

  test('its logical id changed (cleanup Delete, another readiness resource now watches the portal): the sessions are kept', async () => {
    const { fake, remove } = world({ stackStatus: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS' });
    const portalArn = fake.seedPortal([{ afterSeconds: 0, status: 'Active' }]);
    const sessions = fake.startSessions(portalArn, 4);
    fake.stackResources = [
      { LogicalResourceId: 'PortalReadiness', PhysicalResourceId: portalArn, ResourceType: READINESS, ResourceStatus: 'DELETE_IN_PROGRESS', LastUpdatedTimestamp: new Date() },
      { LogicalResourceId: 'Browser5046F7C9', PhysicalResourceId: BROWSER_V1.arn, ResourceType: 'AWS::WorkSpacesWeb::BrowserSettings', ResourceStatus: 'UPDATE_COMPLETE', LastUpdatedTimestamp: new Date() },
      { LogicalResourceId: 'Portal1DC4C6C1', PhysicalResourceId: portalArn, ResourceType: 'AWS::WorkSpacesWeb::Portal', ResourceStatus: 'UPDATE_COMPLETE', LastUpdatedTimestamp: new Date() },
      // On the second page: the handler follows NextToken.
      { LogicalResourceId: 'PortalReadinessCheck', PhysicalResourceId: portalArn, ResourceType: READINESS, ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() },
    ];

    const result = await remove({ portalArn, existingSessions: 'EXPIRE' });

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.calls('ListSessions')).toBe(0);
    expect(fake.activeSessionIds(portalArn)).toEqual(sessions);
    expect(fake.logEvents().find(e => e.event === 'nothing-to-do')?.reason)
      .toBe(`readiness resource PortalReadinessCheck of this stack now watches portal ${portalArn}: only this readiness resource leaves (its logical id changed), the portal stays`);
  });

  test('the portal replaced (the same logical id now watches the new portal): the old portal\'s sessions are expired', async () => {
    const { fake, remove } = world({ stackStatus: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS' });
    const oldArn = fake.seedPortal([{ afterSeconds: 0, status: 'Active' }]);
    const newArn = fake.seedPortal([{ afterSeconds: 0, status: 'Active' }]);
    fake.startSessions(oldArn, 3);
    fake.stackResources = [
      { LogicalResourceId: 'PortalReadiness', PhysicalResourceId: newArn, ResourceType: READINESS, ResourceStatus: 'UPDATE_COMPLETE', LastUpdatedTimestamp: new Date() },
      { LogicalResourceId: 'Portal1DC4C6C1', PhysicalResourceId: newArn, ResourceType: 'AWS::WorkSpacesWeb::Portal', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() },
    ];

    expect((await remove({ portalArn: oldArn, existingSessions: 'EXPIRE' })).outcome).toBe('SUCCESS');
    expect(fake.activeSessionIds(oldArn)).toEqual([]);
  });

  test('the stack\'s resources cannot be listed in the cleanup: the sessions are kept', async () => {
    const { fake, remove } = world({ stackStatus: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', listStackResourcesFails: 'AccessDenied' });
    const portalArn = fake.seedPortal([{ afterSeconds: 0, status: 'Active' }]);
    const sessions = fake.startSessions(portalArn, 2);

    expect((await remove({ portalArn, existingSessions: 'EXPIRE' })).outcome).toBe('SUCCESS');
    expect(fake.activeSessionIds(portalArn)).toEqual(sessions);
    expect(fake.logEvents().map(e => e.event)).toEqual(['stack-resources-unknown', 'nothing-to-do']);
  });

  test('stack deletion does not list the stack\'s resources: the portal goes with the stack', async () => {
    const { fake, remove } = world({ stackStatus: 'DELETE_IN_PROGRESS', listStackResourcesFails: 'AccessDenied' });
    const portalArn = fake.seedPortal([{ afterSeconds: 0, status: 'Active' }]);
    fake.startSessions(portalArn, 2);

    expect((await remove({ portalArn, existingSessions: 'EXPIRE' })).outcome).toBe('SUCCESS');
    expect(fake.calls('ListStackResources')).toBe(0);
    expect(fake.activeSessionIds(portalArn)).toEqual([]);
  });
});
