/**
 * The pool handler driven through whole CloudFormation operations against a
 * stateful fake of the WorkSpaces Pools API (test/support/pool-fake.ts), the
 * way the Provider framework drives it: onEvent, then isComplete at once and
 * every 30 virtual seconds. Assertions are on what the fake ends up holding
 * (state, running mode, capacity, pools, tags), on the outcome and message a
 * person would read, and on the calls where they matter.
 */
import { createHash } from 'crypto';
import { CREATE_REQUEST_TAG, CREATE_VISIBILITY_GRACE_MS, OPERATION_TAG, STACK_RESOURCE_TAG, STACK_TAG, UPDATE_REQUEST_TAG } from '../../lambda/pool/handler';
import { END_OF_SUPPORT_URL } from '../../lambda/pool/messages';
import type { OnEventRequest } from '../../lambda/shared/types';
import {
  createEvent,
  deleteEvent,
  PoolFake,
  updateEvent,
  type PoolFakeOptions,
  type PoolTemplate,
} from '../support/pool-fake';
import { CREATE_FAILED_PHYSICAL_ID_MARKER, runOperation, type OperationResult, type RunOptions } from '../support/provider-driver';

const BASE: PoolTemplate = { poolName: 'call-centre', desiredUserSessions: 10, tags: { team: 'support' } };
/** What the handler's stack-resource tag must hold for a request: computed here, not by the handler. */
const stackResource = (event: OnEventRequest) => createHash('sha256').update(`${event.StackId}/${event.LogicalResourceId}`).digest('hex');
const ALWAYS_ON_ADVICE = 'The service starts only AUTO_STOP pools on request (it refused StartWorkspacesPool), and this ALWAYS_ON pool did not start by itself. ';
const ROLLBACK_SENTENCE = 'CloudFormation\'s rollback of this deploy switches it back to AUTO_STOP and starts it. ';
const AUTO_STOP_WAY_OUT = 'To have a running pool, set runningMode to AUTO_STOP and deploy again.';

const fakes: PoolFake[] = [];
afterEach(() => {
  for (const fake of fakes.splice(0)) {
    fake.restore();
  }
});

interface World {
  readonly fake: PoolFake;
  run(event: OnEventRequest, options?: Omit<RunOptions, 'fake'>): Promise<OperationResult>;
  /** Creates the pool and expects success; returns its id. */
  deploy(template?: PoolTemplate): Promise<string>;
}

function world(options: PoolFakeOptions = {}): World {
  const fake = new PoolFake(options);
  fakes.push(fake);
  const handler = fake.newHandler();
  const run = (event: OnEventRequest, runOptions: Omit<RunOptions, 'fake'> = {}) => runOperation(handler, event, { fake, ...runOptions });
  return {
    fake,
    run,
    async deploy(template = BASE) {
      const result = await run(createEvent(template));
      expect(result).toMatchObject({ outcome: 'SUCCESS' });
      return result.physicalResourceId;
    },
  };
}

/** The API calls of one operation, by operation name (0 when absent). */
function calls(result: OperationResult, operation: string): number {
  return result.apiCalls.byOperation[operation] ?? 0;
}

function loggedEvents(fake: PoolFake, event: string): Record<string, unknown>[] {
  return fake.logEvents().filter(e => e.event === event);
}

// -----------------------------------------------------------------------------

describe('create', () => {
  test('a pool that lands RUNNING: done when the pool reports RUNNING with its capacity, with its attributes', async () => {
    const { fake, run } = world({ stateAfterCreate: 'RUNNING' });
    const event = createEvent({ ...BASE, tags: { team: 'support', cost: 'cc-42' } });

    const result = await run(event);

    expect(result.outcome).toBe('SUCCESS');
    const poolId = result.physicalResourceId;
    expect(poolId).toMatch(/^wspool-[0-9a-z]{9}$/);
    expect(result.data).toEqual({
      PoolId: poolId,
      PoolArn: `arn:aws:workspaces:us-east-1:123456789012:workspacespool/${poolId}`,
      PoolName: 'call-centre',
      State: 'RUNNING',
    });
    expect(fake.allPools()).toHaveLength(1);
    expect(fake.pool(poolId)).toMatchObject({ State: 'RUNNING', RunningMode: 'AUTO_STOP', CapacityStatus: { DesiredUserSessions: 10, ActualUserSessions: 10 } });
    expect(fake.tagsOf(poolId)).toEqual({
      team: 'support',
      cost: 'cc-42',
      [CREATE_REQUEST_TAG]: event.RequestId,
      [STACK_RESOURCE_TAG]: stackResource(event),
      [OPERATION_TAG]: `${fake.callLog[0].at}/${event.RequestId}`,
      [STACK_TAG]: event.StackId,
    });
    expect(fake.statesOf(poolId)).toEqual(['CREATING', 'RUNNING']);
    expect(calls(result, 'CreateWorkspacesPool')).toBe(1);
    expect(calls(result, 'StartWorkspacesPool')).toBe(0);
    // The create takes 600 virtual seconds: polls at 0, 30, ..., 600.
    expect(result.virtualSeconds).toBe(600);
    expect(result.isCompleteCalls).toBe(21);
    expect(result.detectionLagSeconds).toBe(0);
  });

  test.each(['zero', 'configured'] as const)('a pool that lands STOPPED is started (a STOPPED pool reporting %s desired sessions)', async report => {
    const { fake, run } = world({ stateAfterCreate: 'STOPPED', stoppedReportsDesiredSessions: report });

    const result = await run(createEvent(BASE));

    expect(result.outcome).toBe('SUCCESS');
    const poolId = result.physicalResourceId;
    expect(fake.statesOf(poolId)).toEqual(['CREATING', 'STOPPED', 'STARTING', 'RUNNING']);
    expect(fake.pool(poolId)).toMatchObject({ State: 'RUNNING', CapacityStatus: { DesiredUserSessions: 10 } });
    expect(calls(result, 'StartWorkspacesPool')).toBe(1);
    expect(result.data).toMatchObject({ State: 'RUNNING' });
    expect(result.virtualSeconds).toBe(900);
  });

  test.each(['RUNNING', 'STOPPED'] as const)('desiredState STOPPED: a pool that lands %s ends STOPPED, and is never started', async landsIn => {
    const { fake, run } = world({ stateAfterCreate: landsIn });

    const result = await run(createEvent({ ...BASE, desiredState: 'STOPPED' }));

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.pool(result.physicalResourceId)).toMatchObject({ State: 'STOPPED' });
    expect(calls(result, 'StartWorkspacesPool')).toBe(0);
    expect(calls(result, 'StopWorkspacesPool')).toBe(landsIn === 'RUNNING' ? 1 : 0);
    expect(result.data).toMatchObject({ State: 'STOPPED' });
  });

  test('a pool that reports RUNNING before its capacity: done only once it reports the desired sessions', async () => {
    const { fake, run } = world({ capacityReportLagSeconds: 90 });

    const result = await run(createEvent(BASE));

    expect(result).toMatchObject({ outcome: 'SUCCESS', virtualSeconds: 690 });
    expect(fake.pool(result.physicalResourceId)).toMatchObject({ State: 'RUNNING', CapacityStatus: { DesiredUserSessions: 10 } });
    expect(loggedEvents(fake, 'waiting').filter(e => String(e.detail).startsWith('waiting for desired capacity 10'))).toHaveLength(3);
  });

  test('a new pool missing from DescribeWorkspacesPools for a while (eventual consistency) is waited for', async () => {
    const { fake, run } = world({ createVisibilityDelaySeconds: 50 });

    const result = await run(createEvent(BASE));

    expect(result).toMatchObject({ outcome: 'SUCCESS', virtualSeconds: 600 });
    expect(loggedEvents(fake, 'waiting').filter(e => e.state === 'not visible yet')).toHaveLength(2);
  });

  test('a new pool deleted outside the stack while it is created: fails saying so once the visibility grace is over', async () => {
    const { fake, run } = world();
    fake.after(60, () => fake.vanish(fake.poolByName('call-centre')?.PoolId ?? ''));

    const result = await run(createEvent(BASE));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toContain(`WorkSpaces pool 'call-centre' (${result.physicalResourceId}) no longer exists: it was deleted outside this stack`);
    expect(result.virtualSeconds).toBe(CREATE_VISIBILITY_GRACE_MS / 1000);
  });

  test('an ALWAYS_ON pool that lands STOPPED and starts by itself: the refused Start is waited out', async () => {
    const { fake, run } = world({ stateAfterCreate: 'STOPPED', alwaysOn: { startsItself: true, selfStartDelaySeconds: 90 } });

    const result = await run(createEvent({ ...BASE, runningMode: 'ALWAYS_ON' }));

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.pool(result.physicalResourceId)).toMatchObject({ State: 'RUNNING', RunningMode: 'ALWAYS_ON' });
    expect(fake.statesOf(result.physicalResourceId)).toEqual(['CREATING', 'STOPPED', 'STARTING', 'RUNNING']);
    expect(calls(result, 'StartWorkspacesPool')).toBeGreaterThanOrEqual(1);
  });

  test('an ALWAYS_ON pool that lands STOPPED and never starts by itself: waited for until the timeout, then fails with the advice, without a rollback sentence', async () => {
    const { fake, run } = world({ stateAfterCreate: 'STOPPED', alwaysOn: { startsItself: false } });
    const template = { ...BASE, runningMode: 'ALWAYS_ON' as const, timeoutSeconds: 1200 };

    const result = await run(createEvent(template));

    expect(result.outcome).toBe('FAILED');
    const poolId = result.physicalResourceId;
    // STOPPED from 600 s on, Start refused at every poll; the failure comes at the first poll after the 20 min deadline.
    expect(result.virtualSeconds).toBe(1230);
    expect(calls(result, 'StartWorkspacesPool')).toBe(21);
    expect(result.error).toBe(
      `WorkSpaces pool 'call-centre' (${poolId}) did not reach RUNNING within the timeout of 20 min: last seen in state STOPPED (0 of 0 desired sessions provisioned, 0 in use). ` +
      ALWAYS_ON_ADVICE + AUTO_STOP_WAY_OUT,
    );
    expect(fake.pool(poolId)).toMatchObject({ State: 'STOPPED', RunningMode: 'ALWAYS_ON' });

    // The failed Create left the pool id as physical id: CloudFormation's rollback Delete removes the pool.
    const rollback = await run(deleteEvent(poolId, template));
    expect(rollback.outcome).toBe('SUCCESS');
    expect(fake.isGone(poolId)).toBe(true);
  });

  test('the same Create delivered twice makes one pool: the second delivery adopts it', async () => {
    const { fake, run } = world();
    const event = createEvent(BASE);
    const handler = fake.newHandler();

    const first = await handler.onEvent(JSON.parse(JSON.stringify(event)));
    fake.advance(45);
    const second = await run(event);

    expect(second.outcome).toBe('SUCCESS');
    expect(second.physicalResourceId).toBe(first.PhysicalResourceId);
    expect(fake.allPools()).toHaveLength(1);
    expect(fake.calls('CreateWorkspacesPool')).toBe(1);
    expect(loggedEvents(fake, 'adopted')).toHaveLength(1);
  });

  test('a Create whose answer was lost (the SDK retries it) adopts the pool it made instead of failing', async () => {
    const { fake, run } = world({ lostResponses: [{ operation: 'CreateWorkspacesPool' }] });

    const result = await run(createEvent(BASE));

    expect(result).toMatchObject({ outcome: 'SUCCESS' });
    expect(fake.allPools()).toHaveLength(1);
    expect(result.physicalResourceId).toBe(fake.allPools()[0].PoolId);
    expect(fake.pool(result.physicalResourceId)).toMatchObject({ State: 'RUNNING' });
  });

  test('a pool of the same name that this stack did not create: fails naming it, and the rollback leaves it alone', async () => {
    const { fake, run } = world();
    const foreign = fake.seedPool({ name: 'call-centre', tags: [{ Key: 'owner', Value: 'someone-else' }] });
    const event = createEvent(BASE);

    const result = await run(event);

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toContain("A WorkSpaces pool named 'call-centre' already exists");
    expect(result.error).toContain(foreign);
    expect(result.error).toContain('fromPoolId');
    expect(result.physicalResourceId).toBe(CREATE_FAILED_PHYSICAL_ID_MARKER);
    expect(fake.calls('CreateWorkspacesPool')).toBe(0);

    // CloudFormation rolls back: a Delete of the framework's marker, which the framework answers itself.
    const rollback = await run(deleteEvent(result.physicalResourceId, BASE));
    expect(rollback).toMatchObject({ outcome: 'SUCCESS', isCompleteCalls: 0 });
    expect(rollback.apiCalls.total).toBe(0);
    expect(fake.pool(foreign)).toMatchObject({ State: 'RUNNING', PoolName: 'call-centre' });
  });

  test('an account new to Pools: the AccessDeniedException becomes the end-of-support story', async () => {
    const { fake, run } = world({ newCustomer: true });

    const result = await run(createEvent(BASE));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toContain("Creating WorkSpaces pool 'call-centre' was refused: AccessDeniedException: WorkSpaces Pools is no longer available to new customers");
    expect(result.error).toContain('2027-12-31');
    expect(result.error).toContain(END_OF_SUPPORT_URL);
    expect(fake.allPools()).toHaveLength(0);
    expect(result.isCompleteCalls).toBe(0);
  });

  test('a pool that settles with errors: fails naming the pool, the target, each error with its message, and what to do', async () => {
    const { fake, run } = world({
      settleWithErrors: [{
        on: 'create',
        state: 'STOPPED',
        errors: [
          { ErrorCode: 'IAM_SERVICE_ROLE_IS_MISSING', ErrorMessage: 'The workspaces_DefaultRole role could not be found.' },
          { ErrorCode: 'SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES', ErrorMessage: 'Subnet subnet-0a1b has 3 free addresses.' },
        ],
      }],
    });

    const result = await run(createEvent(BASE));

    expect(result.outcome).toBe('FAILED');
    const poolId = result.physicalResourceId;
    expect(result.error).toContain(`WorkSpaces pool 'call-centre' (${poolId}) settled in state STOPPED with errors while this deploy was taking it to RUNNING`);
    expect(result.error).toContain('IAM_SERVICE_ROLE_IS_MISSING: The workspaces_DefaultRole role could not be found.');
    expect(result.error).toContain('no IAM role named workspaces_DefaultRole');
    expect(result.error).toContain('SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES: Subnet subnet-0a1b has 3 free addresses.');
    expect(result.error).toContain('use larger subnets or lower desiredUserSessions');
    // Failed as soon as the pool settled, without trying to start a pool in error.
    expect(result.virtualSeconds).toBe(600);
    expect(calls(result, 'StartWorkspacesPool')).toBe(0);
    expect(fake.pool(poolId)).toMatchObject({ State: 'STOPPED' });

    // The failed Create left the pool id as physical id: CloudFormation's rollback Delete removes the pool.
    const rollback = await run(deleteEvent(poolId, BASE));
    expect(rollback.outcome).toBe('SUCCESS');
    expect(fake.allPools()).toHaveLength(0);
  });

  test('a start that settles with a domain-join error fails with the domain-join hint', async () => {
    const { run } = world({
      stateAfterCreate: 'STOPPED',
      settleWithErrors: [{ on: 'start', state: 'STOPPED', errors: [{ ErrorCode: 'DOMAIN_JOIN_ERROR_ACCESS_DENIED', ErrorMessage: 'Access is denied.' }] }],
    });

    const result = await run(createEvent(BASE));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toContain('settled in state STOPPED with errors while this deploy was taking it to RUNNING');
    expect(result.error).toContain('DOMAIN_JOIN_ERROR_ACCESS_DENIED: Access is denied.');
    expect(result.error).toContain('could not join the domain');
  });

  test('a pool stuck in CREATING fails at the operation timeout with the last state seen', async () => {
    const { fake, run } = world({ stuckIn: 'CREATING' });

    const result = await run(createEvent({ ...BASE, timeoutSeconds: 1800 }));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toContain(`WorkSpaces pool 'call-centre' (${result.physicalResourceId}) did not reach RUNNING within the timeout of 30 min`);
    expect(result.error).toContain('last seen in state CREATING (0 of 10 desired sessions provisioned, 0 in use)');
    expect(result.error).toContain('raise the WorkspacesPool timeout');
    // The first poll after the deadline: before the Provider's total timeout.
    expect(result.virtualSeconds).toBe(1830);
    expect(fake.allPools()).toHaveLength(1);
  });

  test('a pool stuck in STARTING fails at the timeout with STARTING as the last state', async () => {
    const { run } = world({ stateAfterCreate: 'STOPPED', stuckIn: 'STARTING' });

    const result = await run(createEvent({ ...BASE, timeoutSeconds: 1200 }));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toContain('did not reach RUNNING within the timeout of 20 min: last seen in state STARTING');
  });

  test('an operation timeout beyond the Provider\'s total timeout ends as the framework\'s timeout', async () => {
    const { run } = world({ stuckIn: 'CREATING' });

    const result = await run(createEvent({ ...BASE, timeoutSeconds: 3600 }), { totalTimeoutSeconds: 1800 });

    expect(result).toMatchObject({ outcome: 'TIMEOUT', error: 'Operation timed out', isCompleteCalls: 61, virtualSeconds: 1800 });
  });
});

// -----------------------------------------------------------------------------

describe('update', () => {
  test('a capacity change on a RUNNING pool is applied and waited for', async () => {
    const { fake, run, deploy } = world();
    const poolId = await deploy();

    const result = await run(updateEvent(poolId, BASE, { ...BASE, desiredUserSessions: 25 }));

    expect(result.outcome).toBe('SUCCESS');
    expect(result.physicalResourceId).toBe(poolId);
    expect(fake.pool(poolId)).toMatchObject({ State: 'RUNNING', CapacityStatus: { DesiredUserSessions: 25, ActualUserSessions: 25 } });
    expect(calls(result, 'UpdateWorkspacesPool')).toBe(1);
    expect(calls(result, 'StopWorkspacesPool') + calls(result, 'StartWorkspacesPool')).toBe(0);
    expect(fake.statesOf(poolId).slice(-2)).toEqual(['UPDATING', 'RUNNING']);
    expect(result.virtualSeconds).toBe(120);
  });

  test.each(['zero', 'configured'] as const)('a capacity change on a pool a schedule stopped is applied, and the pool stays STOPPED (reports %s)', async report => {
    const { fake, run, deploy } = world({ stoppedReportsDesiredSessions: report });
    const poolId = await deploy();
    fake.setState(poolId, 'STOPPED');

    const result = await run(updateEvent(poolId, BASE, { ...BASE, desiredUserSessions: 4 }));

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.configuredCapacity(poolId)).toBe(4);
    expect(fake.pool(poolId)).toMatchObject({ State: 'STOPPED' });
    expect(calls(result, 'StartWorkspacesPool')).toBe(0);
    // Sent once by onEvent, which tagged the pool with the request: never re-sent.
    expect(calls(result, 'UpdateWorkspacesPool')).toBe(1);
  });

  test('a capacity change deferred while a schedule stops the pool (STOPPED pools report 0) still reaches the pool', async () => {
    const { fake, run, deploy } = world({ stoppedReportsDesiredSessions: 'zero' });
    const poolId = await deploy();
    fake.stopOutside(poolId);
    const update = updateEvent(poolId, BASE, { ...BASE, desiredUserSessions: 4 });

    const result = await run(update);

    expect(result.outcome).toBe('SUCCESS');
    // The pool shows 0 desired sessions while STOPPED; its configuration holds the new capacity.
    expect(fake.configuredCapacity(poolId)).toBe(4);
    expect(fake.pool(poolId)).toMatchObject({ State: 'STOPPED', CapacityStatus: { DesiredUserSessions: 0 } });
    expect(result.data).toMatchObject({ State: 'STOPPED' });
    // onEvent's update met the stop in progress and was deferred; the one re-sent to the STOPPED pool went through, and tagged it.
    expect(loggedEvents(fake, 'update-deferred')).toEqual([expect.objectContaining({ state: 'STOPPING' })]);
    expect(calls(result, 'UpdateWorkspacesPool')).toBe(2);
    expect(fake.tagsOf(poolId)[UPDATE_REQUEST_TAG]).toBe(update.RequestId);
    expect(fake.statesOf(poolId).slice(-4)).toEqual(['STOPPING', 'STOPPED', 'UPDATING', 'STOPPED']);
    expect(calls(result, 'StartWorkspacesPool')).toBe(0);

    // When the schedule starts it again, the pool runs with the new capacity.
    fake.setState(poolId, 'RUNNING');
    expect(fake.pool(poolId)).toMatchObject({ State: 'RUNNING', CapacityStatus: { DesiredUserSessions: 4, ActualUserSessions: 4 } });
  });

  // A STOPPED pool reporting 0 says nothing about a change to 0 either: the tag decides.
  test('a capacity change to 0 deferred while a schedule stops the pool (STOPPED pools report 0) still reaches the pool', async () => {
    const { fake, run, deploy } = world({ stoppedReportsDesiredSessions: 'zero' });
    const poolId = await deploy();
    fake.stopOutside(poolId);

    const result = await run(updateEvent(poolId, BASE, { ...BASE, desiredUserSessions: 0 }));

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.configuredCapacity(poolId)).toBe(0);
  });

  test('a RunningMode change on a RUNNING pool: stop, update, start again, in one operation', async () => {
    // Undocumented: this service variant lets an ALWAYS_ON pool be stopped.
    const { fake, run, deploy } = world({ alwaysOn: { acceptsStop: true, startsItself: false } });
    const alwaysOn = { ...BASE, runningMode: 'ALWAYS_ON' as const };
    const poolId = await deploy(alwaysOn);

    const result = await run(updateEvent(poolId, alwaysOn, { ...BASE, runningMode: 'AUTO_STOP', desiredUserSessions: 12 }));

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.pool(poolId)).toMatchObject({ State: 'RUNNING', RunningMode: 'AUTO_STOP', CapacityStatus: { DesiredUserSessions: 12 } });
    expect(fake.statesOf(poolId)).toEqual(['CREATING', 'RUNNING', 'STOPPING', 'STOPPED', 'UPDATING', 'STOPPED', 'STARTING', 'RUNNING']);
    expect(calls(result, 'StopWorkspacesPool')).toBe(1);
    expect(calls(result, 'UpdateWorkspacesPool')).toBe(1);
    expect(calls(result, 'StartWorkspacesPool')).toBe(1);
    const [stoppedAt] = fake.callTimes('StopWorkspacesPool');
    const [updatedAt] = fake.callTimes('UpdateWorkspacesPool');
    const [startedAt] = fake.callTimes('StartWorkspacesPool');
    expect(stoppedAt).toBeLessThan(updatedAt);
    expect(updatedAt).toBeLessThan(startedAt);
    expect(result.data).toMatchObject({ State: 'RUNNING' });
  });

  test('a switch to ALWAYS_ON where the pool starts by itself after the switch', async () => {
    const { fake, run, deploy } = world({ alwaysOn: { startsItself: true, selfStartDelaySeconds: 120 } });
    const poolId = await deploy();

    const result = await run(updateEvent(poolId, BASE, { ...BASE, runningMode: 'ALWAYS_ON' }));

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.pool(poolId)).toMatchObject({ State: 'RUNNING', RunningMode: 'ALWAYS_ON' });
    expect(fake.statesOf(poolId).slice(1)).toEqual(['RUNNING', 'STOPPING', 'STOPPED', 'UPDATING', 'STOPPED', 'STARTING', 'RUNNING']);
    expect(calls(result, 'StopWorkspacesPool')).toBe(1);
    expect(calls(result, 'UpdateWorkspacesPool')).toBe(1);
    // Start is refused for ALWAYS_ON pools; the handler waited for the pool to start by itself.
    expect(calls(result, 'StartWorkspacesPool')).toBeGreaterThanOrEqual(1);
    expect(fake.calls('StartWorkspacesPool')).toBe(calls(result, 'StartWorkspacesPool'));
  });

  test('a switch to ALWAYS_ON where the pool stays STOPPED: waited for until the timeout, fails with the advice, and the rollback brings the pool back RUNNING', async () => {
    const { fake, run, deploy } = world({ alwaysOn: { startsItself: false } });
    const poolId = await deploy();
    const alwaysOn = { ...BASE, runningMode: 'ALWAYS_ON' as const, timeoutSeconds: 1200 };

    const result = await run(updateEvent(poolId, BASE, alwaysOn));

    expect(result.outcome).toBe('FAILED');
    // Stopped by 300 s, switched by 420 s, then Start refused at every poll up to the 20 min deadline; the failure
    // comes at the first poll after it, not before.
    expect(result.virtualSeconds).toBe(1230);
    expect(calls(result, 'StartWorkspacesPool')).toBe(27);
    expect(result.error).toBe(
      `WorkSpaces pool 'call-centre' (${poolId}) did not reach RUNNING within the timeout of 20 min: last seen in state STOPPED (0 of 0 desired sessions provisioned, 0 in use). ` +
      ALWAYS_ON_ADVICE + ROLLBACK_SENTENCE + AUTO_STOP_WAY_OUT,
    );
    // Starting it is exactly what the service refuses: the message must not send the reader to do it.
    expect(result.error).not.toContain('start-workspaces-pool');
    // Nothing is lost: the pool and its configuration are there, only stopped for the switch.
    expect(fake.allPools()).toHaveLength(1);
    expect(fake.pool(poolId)).toMatchObject({ State: 'STOPPED', RunningMode: 'ALWAYS_ON' });
    expect(fake.configuredCapacity(poolId)).toBe(10);

    // CloudFormation rolls back: the same resource updated from the failed properties to the old ones.
    const rollback = await run(updateEvent(poolId, alwaysOn, BASE));

    expect(rollback.outcome).toBe('SUCCESS');
    expect(fake.pool(poolId)).toMatchObject({ State: 'RUNNING', RunningMode: 'AUTO_STOP', CapacityStatus: { DesiredUserSessions: 10 } });
  });

  test('ALWAYS_ON to AUTO_STOP where Stop is refused: fails at once, the pool still RUNNING and untouched, saying what to do', async () => {
    const { fake, run, deploy } = world();
    const alwaysOn = { ...BASE, runningMode: 'ALWAYS_ON' as const };
    const poolId = await deploy(alwaysOn);

    const result = await run(updateEvent(poolId, alwaysOn, { ...BASE, runningMode: 'AUTO_STOP', desiredUserSessions: 12 }));

    expect(result.outcome).toBe('FAILED');
    expect(result.isCompleteCalls).toBe(1);
    expect(result.error).toContain(`WorkSpaces pool 'call-centre' (${poolId}) could not be stopped to change its running mode from ALWAYS_ON to AUTO_STOP`);
    expect(result.error).toContain('InvalidResourceStateException');
    expect(result.error).toContain('still RUNNING in ALWAYS_ON mode');
    expect(result.error).toContain('change poolName');
    // Stopping is exactly what the service refuses: the message must not send the reader to do it.
    expect(result.error).not.toContain('stop-workspaces-pool');
    expect(fake.pool(poolId)).toMatchObject({ State: 'RUNNING', RunningMode: 'ALWAYS_ON', CapacityStatus: { DesiredUserSessions: 10 } });
    expect(calls(result, 'UpdateWorkspacesPool')).toBe(0);
  });

  test('desiredState RUNNING to STOPPED and back', async () => {
    const { fake, run, deploy } = world();
    const poolId = await deploy();
    const stopped = { ...BASE, desiredState: 'STOPPED' as const };

    const stop = await run(updateEvent(poolId, BASE, stopped));
    expect(stop.outcome).toBe('SUCCESS');
    expect(fake.pool(poolId)).toMatchObject({ State: 'STOPPED' });
    expect(calls(stop, 'StopWorkspacesPool')).toBe(1);
    expect(stop.data).toMatchObject({ State: 'STOPPED' });

    const start = await run(updateEvent(poolId, stopped, BASE));
    expect(start.outcome).toBe('SUCCESS');
    expect(fake.pool(poolId)).toMatchObject({ State: 'RUNNING', CapacityStatus: { DesiredUserSessions: 10 } });
    expect(calls(start, 'StartWorkspacesPool')).toBe(1);
    expect(start.data).toMatchObject({ State: 'RUNNING' });
  });

  test('an unrelated update does not start a pool a schedule has stopped', async () => {
    const { fake, run, deploy } = world();
    const poolId = await deploy();
    fake.setState(poolId, 'STOPPED');

    const result = await run(updateEvent(poolId, BASE, { ...BASE, description: 'Call centre desktops v2', tags: { team: 'support', tier: 'gold' } }));

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.pool(poolId)).toMatchObject({ State: 'STOPPED', Description: 'Call centre desktops v2' });
    expect(fake.tagsOf(poolId)).toMatchObject({ tier: 'gold' });
    expect(fake.calls('StartWorkspacesPool')).toBe(0);
    expect(result.data).toMatchObject({ State: 'STOPPED' });
  });

  test('tag changes are applied: changed and added tags set, removed tags deleted, nothing else touched', async () => {
    const { fake, run, deploy } = world();
    const before = { ...BASE, tags: { team: 'support', cost: 'cc-42', env: 'prod' } };
    const poolId = await deploy(before);
    const createTag = fake.tagsOf(poolId)[CREATE_REQUEST_TAG];
    const stackTag = fake.tagsOf(poolId)[STACK_RESOURCE_TAG];

    const result = await run(updateEvent(poolId, before, { ...BASE, tags: { team: 'sales', env: 'prod', owner: 'ops' } }));

    expect(result.outcome).toBe('SUCCESS');
    expect(stackTag).toMatch(/^[0-9a-f]{64}$/);
    expect(fake.tagsOf(poolId)).toMatchObject({ team: 'sales', env: 'prod', owner: 'ops', [CREATE_REQUEST_TAG]: createTag, [STACK_RESOURCE_TAG]: stackTag });
    expect(Object.keys(fake.tagsOf(poolId)).sort()).toEqual([CREATE_REQUEST_TAG, OPERATION_TAG, STACK_TAG, STACK_RESOURCE_TAG, 'env', 'owner', 'team'].sort());
    expect(calls(result, 'CreateTags')).toBe(2); // this update's mark, then the changed and added tags
    expect(calls(result, 'DeleteTags')).toBe(1);
    expect(calls(result, 'UpdateWorkspacesPool')).toBe(0);
    expect(result.isCompleteCalls).toBe(1);
    expect(fake.pool(poolId)).toMatchObject({ State: 'RUNNING' });
  });

  test('a rename is a replacement: a new pool, then the Delete of the old one', async () => {
    const { fake, run, deploy } = world();
    const oldId = await deploy();
    const renamed = { ...BASE, poolName: 'call-centre-eu' };
    const update = updateEvent(oldId, BASE, renamed);

    const result = await run(update);

    expect(result.outcome).toBe('SUCCESS');
    const newId = result.physicalResourceId;
    expect(newId).not.toBe(oldId);
    expect(fake.pool(newId)).toMatchObject({ PoolName: 'call-centre-eu', State: 'RUNNING' });
    expect(fake.pool(oldId)).toMatchObject({ PoolName: 'call-centre', State: 'RUNNING' });
    expect(fake.tagsOf(newId)).toMatchObject({ team: 'support', [CREATE_REQUEST_TAG]: update.RequestId, [STACK_RESOURCE_TAG]: stackResource(update) });

    // CloudFormation deletes the old physical resource once the update has succeeded.
    const cleanup = await run(deleteEvent(oldId, BASE));

    expect(cleanup.outcome).toBe('SUCCESS');
    expect(fake.isGone(oldId)).toBe(true);
    expect(fake.allPools().map(p => p.PoolName)).toEqual(['call-centre-eu']);
  });

  test('a rename whose new pool fails, rolled back by CloudFormation: the rollback adopts the original pool, and the cleanup deletes the new one', async () => {
    const { fake, run, deploy } = world();
    const oldId = await deploy();
    const renamed = { ...BASE, poolName: 'call-centre-eu' };
    // The new pool settles with an error: the rename fails after the new pool was made.
    fake.after(60, () => fake.setPersistentErrors(fake.poolByName('call-centre-eu')?.PoolId ?? '', [
      { ErrorCode: 'SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES', ErrorMessage: 'Not enough free addresses for 10 sessions.' },
    ]));

    const failed = await run(updateEvent(oldId, BASE, renamed));

    expect(failed.outcome).toBe('FAILED');
    const newId = failed.physicalResourceId;
    expect(newId).not.toBe(oldId);
    expect(fake.allPools()).toHaveLength(2);

    // CloudFormation rolls back: an Update of the new physical id, from the failed properties back to the old ones.
    const rollback = await run(updateEvent(newId, renamed, BASE));

    expect(rollback.outcome).toBe('SUCCESS');
    expect(rollback.physicalResourceId).toBe(oldId);
    expect(rollback.data).toMatchObject({ PoolId: oldId, PoolName: 'call-centre', State: 'RUNNING' });
    expect(calls(rollback, 'CreateWorkspacesPool')).toBe(0);
    expect(loggedEvents(fake, 'adopted')).toEqual([expect.objectContaining({ pool: oldId, reason: 'the previous pool of this stack resource, renamed back' })]);
    expect(fake.pool(oldId)).toMatchObject({ PoolName: 'call-centre', State: 'RUNNING', CapacityStatus: { DesiredUserSessions: 10 } });

    // The rollback's cleanup deletes the physical resource the failed update made.
    const cleanup = await run(deleteEvent(newId, renamed));

    expect(cleanup.outcome).toBe('SUCCESS');
    expect(fake.isGone(newId)).toBe(true);
    expect(fake.allPools().map(p => p.PoolId)).toEqual([oldId]);
  });

  test('a rename refused at once (the new name is taken), rolled back by CloudFormation: the rollback adopts the original pool', async () => {
    const { fake, run, deploy } = world();
    const oldId = await deploy();
    const foreign = fake.seedPool({ name: 'call-centre-eu', tags: [{ Key: 'owner', Value: 'someone-else' }] });
    const renamed = { ...BASE, poolName: 'call-centre-eu' };

    const failed = await run(updateEvent(oldId, BASE, renamed));

    expect(failed.outcome).toBe('FAILED');
    expect(failed.error).toContain("A WorkSpaces pool named 'call-centre-eu' already exists");
    // An Update that fails in onEvent keeps the physical id it had.
    expect(failed.physicalResourceId).toBe(oldId);

    const rollback = await run(updateEvent(oldId, renamed, BASE));

    expect(rollback).toMatchObject({ outcome: 'SUCCESS', physicalResourceId: oldId });
    expect(fake.calls('CreateWorkspacesPool')).toBe(1);
    expect(fake.allPools().map(p => p.PoolId).sort()).toEqual([oldId, foreign].sort());
  });

  test('a rename to the name of a pool another stack resource made is refused, and that pool left alone', async () => {
    const { fake, run, deploy } = world();
    const oldId = await deploy();
    const other = await run({ ...createEvent({ ...BASE, poolName: 'call-centre-eu' }), LogicalResourceId: 'OtherPool' });
    expect(other.outcome).toBe('SUCCESS');

    const result = await run(updateEvent(oldId, BASE, { ...BASE, poolName: 'call-centre-eu' }));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toContain(`A WorkSpaces pool named 'call-centre-eu' already exists in this account and Region (${other.physicalResourceId}`);
    expect(loggedEvents(fake, 'adopted')).toHaveLength(0);
    expect(fake.pool(other.physicalResourceId)).toMatchObject({ State: 'RUNNING', PoolName: 'call-centre-eu' });
  });

  test('a failed capacity change is rolled back by CloudFormation\'s reverse update', async () => {
    const { fake, run, deploy } = world({
      settleWithErrors: [{ on: 'update', errors: [{ ErrorCode: 'SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES', ErrorMessage: 'Not enough free addresses for 40 sessions.' }], times: 1 }],
    });
    const poolId = await deploy();
    const bigger = { ...BASE, desiredUserSessions: 40 };

    const failed = await run(updateEvent(poolId, BASE, bigger));
    expect(failed.outcome).toBe('FAILED');
    expect(failed.error).toContain('SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES: Not enough free addresses for 40 sessions.');
    expect(failed.error).toContain('CloudFormation rolls this change back');

    const rollback = await run(updateEvent(poolId, bigger, BASE));

    expect(rollback.outcome).toBe('SUCCESS');
    expect(fake.pool(poolId)).toMatchObject({ State: 'RUNNING', CapacityStatus: { DesiredUserSessions: 10 } });
    expect(fake.pool(poolId)?.Errors).toBeUndefined();
  });

  test('a RunningMode change whose update settles with errors starts the pool it stopped again before failing', async () => {
    const { fake, run, deploy } = world({
      alwaysOn: { acceptsStop: true, startsItself: false },
      settleWithErrors: [{ on: 'update', errors: [{ ErrorCode: 'BUNDLE_NOT_FOUND', ErrorMessage: 'Bundle wsb-gone0000 was not found.' }], times: 1 }],
    });
    const alwaysOn = { ...BASE, runningMode: 'ALWAYS_ON' as const };
    const poolId = await deploy(alwaysOn);

    const result = await run(updateEvent(poolId, alwaysOn, { ...BASE, runningMode: 'AUTO_STOP', bundleId: 'wsb-gone0000' }));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toContain('BUNDLE_NOT_FOUND: Bundle wsb-gone0000 was not found.');
    expect(calls(result, 'StartWorkspacesPool')).toBe(1);
    fake.advance(600);
    expect(fake.pool(poolId)).toMatchObject({ State: 'RUNNING' });
  });

  test('errors the pool already had before the update are logged, not failed on', async () => {
    const { fake, run, deploy } = world();
    const poolId = await deploy();
    fake.setPersistentErrors(poolId, [{ ErrorCode: 'IGW_NOT_ATTACHED', ErrorMessage: 'No internet gateway.' }]);

    const result = await run(updateEvent(poolId, BASE, { ...BASE, desiredUserSessions: 12 }));

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.pool(poolId)).toMatchObject({ CapacityStatus: { DesiredUserSessions: 12 } });
    expect(loggedEvents(fake, 'known-errors').length).toBeGreaterThan(0);
  });

  test('a pool deleted outside the stack: the update fails saying so', async () => {
    const { fake, run, deploy } = world();
    const poolId = await deploy();
    fake.vanish(poolId);

    const result = await run(updateEvent(poolId, BASE, { ...BASE, desiredUserSessions: 12 }));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toContain(`WorkSpaces pool 'call-centre' (${poolId}) no longer exists`);
    expect(fake.allPools()).toHaveLength(0);
  });

  test('a pool someone terminates while the update waits: fails at once saying so', async () => {
    const { fake, run, deploy } = world();
    const poolId = await deploy();
    fake.addSession(poolId, { userId: 'ana' });
    fake.after(45, () => fake.terminateOutside(poolId));

    const result = await run(updateEvent(poolId, BASE, { ...BASE, desiredState: 'STOPPED', drainTimeoutSeconds: 600 }));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toContain(`WorkSpaces pool 'call-centre' (${poolId}) is being deleted outside this stack`);
    expect(result.virtualSeconds).toBe(60);
    expect(calls(result, 'StopWorkspacesPool')).toBe(0);
  });

  test('a pool stuck in STOPPING fails the desiredState change at the timeout', async () => {
    const { run, deploy } = world({ stuckIn: 'STOPPING' });
    const poolId = await deploy();

    const result = await run(updateEvent(poolId, BASE, { ...BASE, desiredState: 'STOPPED', timeoutSeconds: 900 }));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toContain('did not reach STOPPED within the timeout of 15 min: last seen in state STOPPING');
  });
});

// -----------------------------------------------------------------------------

describe('sessions before a stop or terminate', () => {
  // While the drain waits, the pool's ownership can change: the handler reads its tags again before it acts on the pool
  // (at every poll, and once more right before the stop or terminate: test/lambda/pool.test.ts covers that last read).
  test('a pool that becomes another stack resource\'s during the drain is not stopped: the update fails saying whose it is', async () => {
    const { fake, run, deploy } = world();
    const poolId = await deploy();
    fake.addSession(poolId, { userId: 'ana', endsAfterSeconds: 3000 });
    fake.after(300, () => fake.retagOutside(poolId, STACK_RESOURCE_TAG, 'f'.repeat(64)));

    const result = await run(updateEvent(poolId, { ...BASE, drainTimeoutSeconds: 600 }, { ...BASE, desiredState: 'STOPPED', drainTimeoutSeconds: 600 }));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toContain(`does not belong to this stack resource: its ${STACK_RESOURCE_TAG} tag is ${'f'.repeat(64)}`);
    expect(fake.pool(poolId)).toMatchObject({ State: 'RUNNING' });
    expect(fake.sessionsOf(poolId)).toHaveLength(1);
    expect(fake.calls('StopWorkspacesPool')).toBe(0);
    expect(fake.calls('TerminateWorkspacesPoolSession')).toBe(0);
  });

  test('a pool that becomes another stack resource\'s during the drain is not terminated: the delete leaves it alone', async () => {
    const { fake, run, deploy } = world();
    const template = { ...BASE, drainTimeoutSeconds: 600 };
    const poolId = await deploy(template);
    fake.addSession(poolId, { userId: 'ana', endsAfterSeconds: 3000 });
    fake.after(300, () => fake.retagOutside(poolId, STACK_RESOURCE_TAG, 'f'.repeat(64)));

    const result = await run(deleteEvent(poolId, template));

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.pool(poolId)).toMatchObject({ State: 'RUNNING' });
    expect(fake.calls('TerminateWorkspacesPool')).toBe(0);
    expect(fake.calls('TerminateWorkspacesPoolSession')).toBe(0);
    expect(loggedEvents(fake, 'left-alone')).toEqual([expect.objectContaining({ pool: poolId })]);
  });

  test('with drainTimeout: waits for sessions to end, then terminates the rest and stops', async () => {
    const { fake, run, deploy } = world({ sessionPageSize: 2 });
    const poolId = await deploy();
    fake.addSession(poolId, { userId: 'ana', endsAfterSeconds: 150 });
    fake.addSession(poolId, { userId: 'ben', endsAfterSeconds: 3000 });
    fake.addSession(poolId, { userId: 'cleo' });
    const stopped = { ...BASE, desiredState: 'STOPPED' as const, drainTimeoutSeconds: 600 };

    const t0 = fake.elapsedSeconds();
    const result = await run(updateEvent(poolId, { ...BASE, drainTimeoutSeconds: 600 }, stopped));

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.pool(poolId)).toMatchObject({ State: 'STOPPED' });
    // ana left by herself; ben and cleo were still connected at the drain deadline.
    expect(calls(result, 'TerminateWorkspacesPoolSession')).toBe(2);
    expect(loggedEvents(fake, 'sessions-terminated')).toEqual([expect.objectContaining({ count: 2, of: 2 })]);
    // No Stop before the drain deadline; the first poll after it stops.
    expect(fake.callTimes('StopWorkspacesPool')).toEqual([t0 + 600]);
    expect(fake.callTimes('TerminateWorkspacesPoolSession')).toEqual([t0 + 600, t0 + 600]);
    // Three sessions at two a page: the listing followed NextToken.
    expect(calls(result, 'DescribeWorkspacesPoolSessions')).toBeGreaterThanOrEqual(2);
  });

  test('without drainTimeout: stops at once and logs how many sessions it cut', async () => {
    const { fake, run, deploy } = world();
    const poolId = await deploy();
    fake.addSession(poolId, { userId: 'ana' });
    fake.addSession(poolId, { userId: 'ben' });
    fake.addSession(poolId, { userId: 'cleo' });

    const result = await run(updateEvent(poolId, BASE, { ...BASE, desiredState: 'STOPPED' }));

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.pool(poolId)).toMatchObject({ State: 'STOPPED' });
    expect(calls(result, 'TerminateWorkspacesPoolSession')).toBe(0);
    expect(loggedEvents(fake, 'sessions-cut')).toEqual([expect.objectContaining({ count: 3 })]);
    expect(fake.logs.join('\n')).not.toMatch(/ana|ben|cleo/);
    expect(result.virtualSeconds).toBe(300);
  });

  test('a delete with drainTimeout whose sessions all end in time terminates no session', async () => {
    const { fake, run, deploy } = world();
    const template = { ...BASE, drainTimeoutSeconds: 900 };
    const poolId = await deploy(template);
    fake.addSession(poolId, { userId: 'ana', endsAfterSeconds: 200 });
    fake.addSession(poolId, { userId: 'ben', endsAfterSeconds: 400 });

    const t0 = fake.elapsedSeconds();
    const result = await run(deleteEvent(poolId, template));

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.isGone(poolId)).toBe(true);
    expect(calls(result, 'TerminateWorkspacesPoolSession')).toBe(0);
    // The terminate came at the first poll after the last session ended.
    expect(fake.callTimes('TerminateWorkspacesPool')).toEqual([t0 + 420]);
  });
});

// -----------------------------------------------------------------------------

describe('delete', () => {
  test.each(['empty-list', 'not-found'] as const)('terminates the pool and waits until it is gone (a deleted pool described as %s)', async form => {
    const { fake, run, deploy } = world({ deletedPoolDescribedAs: form });
    const poolId = await deploy();

    const result = await run(deleteEvent(poolId, BASE));

    expect(result.outcome).toBe('SUCCESS');
    expect(result.physicalResourceId).toBe(poolId);
    expect(fake.isGone(poolId)).toBe(true);
    expect(fake.allPools()).toHaveLength(0);
    expect(fake.statesOf(poolId).slice(-2)).toEqual(['DELETING', 'GONE']);
    expect(calls(result, 'TerminateWorkspacesPool')).toBe(1);
    expect(result.virtualSeconds).toBe(300);
    expect(result.detectionLagSeconds).toBe(0);
  });

  test('a STOPPED pool is terminated without being started', async () => {
    const { fake, run, deploy } = world();
    const poolId = await deploy();
    fake.setState(poolId, 'STOPPED');

    const result = await run(deleteEvent(poolId, BASE));

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.isGone(poolId)).toBe(true);
    expect(calls(result, 'StartWorkspacesPool')).toBe(0);
  });

  test('a service that terminates only STOPPED pools: the pool is stopped first', async () => {
    const { fake, run, deploy } = world({ terminateRequiresStopped: true });
    const poolId = await deploy();

    const result = await run(deleteEvent(poolId, BASE));

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.isGone(poolId)).toBe(true);
    expect(fake.statesOf(poolId).slice(-4)).toEqual(['STOPPING', 'STOPPED', 'DELETING', 'GONE']);
  });

  test.each(['empty-list', 'not-found'] as const)('a pool that already vanished (described as %s) is done at once', async form => {
    const { fake, run, deploy } = world({ deletedPoolDescribedAs: form });
    const poolId = await deploy();
    fake.vanish(poolId);

    const result = await run(deleteEvent(poolId, BASE));

    expect(result).toMatchObject({ outcome: 'SUCCESS', isCompleteCalls: 1 });
    expect(calls(result, 'TerminateWorkspacesPool')).toBe(0);
  });

  test('a physical id that is not a pool id leaves a same-name pool it does not own alone, and changes nothing', async () => {
    const { fake, run } = world();
    const other = fake.seedPool({ name: 'call-centre' });

    const result = await run(deleteEvent('8c5f8a3e-1111-4000-8000-000000000001', BASE));

    expect(result).toMatchObject({ outcome: 'SUCCESS', physicalResourceId: '8c5f8a3e-1111-4000-8000-000000000001' });
    expect(Object.keys(result.apiCalls.byOperation).sort()).toEqual(['DescribeTags', 'DescribeWorkspacesPools']);
    expect(fake.pool(other)).toMatchObject({ State: 'RUNNING' });
  });

  test('a cancelled create\'s cleanup never removes the pool an earlier life of the same stack resource retained', async () => {
    // The stack resource's earlier life made the pool, then left the stack with RETAIN: the pool keeps its tags.
    const { fake, run, deploy } = world();
    const retained = await deploy();
    fake.advance(2 * 60 * 60);

    // Added back with the same name: the Create is refused (the name is taken), and CloudFormation's rollback
    // sends a Delete with a physical id of its own. The pool carries this stack resource's tag all the same.
    const result = await run(deleteEvent('8c5f8a3e-2222-4000-8000-000000000002', BASE));

    expect(result).toMatchObject({ outcome: 'SUCCESS' });
    expect(fake.pool(retained)).toMatchObject({ State: 'RUNNING' });
    expect(calls(result, 'TerminateWorkspacesPool')).toBe(0);
    expect(calls(result, 'CreateTags')).toBe(0);
    expect(loggedEvents(fake, 'left-alone')).toEqual([expect.objectContaining({
      pool: retained, reason: expect.stringContaining('an earlier life of this stack resource, retained') as unknown,
    })]);
  });

  test('a cancelled create\'s cleanup still removes the pool that create made', async () => {
    const { fake, run, deploy } = world();
    const made = await deploy();

    const result = await run(deleteEvent('8c5f8a3e-3333-4000-8000-000000000003', BASE));

    expect(result).toMatchObject({ outcome: 'SUCCESS' });
    expect(fake.isGone(made)).toBe(true);
  });

  test('a pool stuck in DELETING fails at the timeout', async () => {
    const { fake, run, deploy } = world({ stuckIn: 'DELETING' });
    const poolId = await deploy();

    const result = await run(deleteEvent(poolId, { ...BASE, timeoutSeconds: 600 }));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toContain('did not reach deleted within the timeout of 10 min: last seen in state DELETING');
    expect(fake.pool(poolId)).toMatchObject({ State: 'DELETING' });
  });
});

// -----------------------------------------------------------------------------

describe('an unreliable service', () => {
  /** Create, capacity change, stop, start, switch to ALWAYS_ON, delete: the final states, whatever the service did meanwhile. */
  async function lifecycle(w: World): Promise<OperationResult[]> {
    const { fake, run } = w;
    const results: OperationResult[] = [];
    const step = async (event: OnEventRequest) => {
      const result = await run(event);
      results.push(result);
      expect({ request: event.RequestType, outcome: result.outcome, error: result.error }).toEqual({ request: event.RequestType, outcome: 'SUCCESS', error: undefined });
      return result;
    };
    const created = await step(createEvent(BASE));
    const poolId = created.physicalResourceId;
    expect(fake.pool(poolId)).toMatchObject({ State: 'RUNNING', CapacityStatus: { DesiredUserSessions: 10 } });
    const bigger = { ...BASE, desiredUserSessions: 20 };
    await step(updateEvent(poolId, BASE, bigger));
    expect(fake.pool(poolId)).toMatchObject({ State: 'RUNNING', CapacityStatus: { DesiredUserSessions: 20 } });
    const stopped = { ...bigger, desiredState: 'STOPPED' as const };
    await step(updateEvent(poolId, bigger, stopped));
    expect(fake.pool(poolId)).toMatchObject({ State: 'STOPPED' });
    await step(updateEvent(poolId, stopped, bigger));
    expect(fake.pool(poolId)).toMatchObject({ State: 'RUNNING' });
    const alwaysOn = { ...bigger, runningMode: 'ALWAYS_ON' as const };
    await step(updateEvent(poolId, bigger, alwaysOn));
    expect(fake.pool(poolId)).toMatchObject({ State: 'RUNNING', RunningMode: 'ALWAYS_ON' });
    await step(deleteEvent(poolId, alwaysOn));
    expect(fake.isGone(poolId)).toBe(true);
    return results;
  }

  test.each([1, 2, 3, 4, 5])('30%% throttling (seed %i): every operation still succeeds', async seed => {
    const w = world({ throttleRate: 0.3, seed });

    await lifecycle(w);

    const counts = w.fake.callCounts();
    expect(counts.throttled).toBeGreaterThan(0.2 * counts.attempts);
    expect(counts.attempts).toBeGreaterThan(counts.total);
  });

  test('throttling that outlasts the SDK\'s retries during the polls is "not yet", never a failure', async () => {
    // onEvent runs at 0 s; from 1 s on, 90% of attempts are throttled and one send in two reaches the handler as ThrottlingException.
    const w = world({ throttleWindows: [{ fromSeconds: 1, toSeconds: 1e9, rate: 0.9 }], seed: 7 });

    const created = await w.run(createEvent(BASE));

    expect(created.outcome).toBe('SUCCESS');
    expect(created.apiCalls.surfaced.ThrottlingException).toBeGreaterThan(5);
    expect(w.fake.pool(created.physicalResourceId)).toMatchObject({ State: 'RUNNING' });
  });

  test('throttling that reaches the handler (no SDK retries) at the stop, the update and the start of a RunningMode change', async () => {
    const w = world({
      sdkMaxAttempts: 1,
      seed: 5,
      throttleWindows: [{
        fromSeconds: 0,
        toSeconds: 1e9,
        rate: 0.5,
        operations: ['StopWorkspacesPool', 'UpdateWorkspacesPool', 'StartWorkspacesPool', 'DescribeWorkspacesPoolSessions'],
      }],
      alwaysOn: { acceptsStop: true, startsItself: false },
    });
    const alwaysOn = { ...BASE, runningMode: 'ALWAYS_ON' as const };
    const poolId = await w.deploy(alwaysOn);

    const result = await w.run(updateEvent(poolId, alwaysOn, { ...BASE, runningMode: 'AUTO_STOP' }));

    expect(result.outcome).toBe('SUCCESS');
    expect(result.apiCalls.surfacedByOperation).toEqual({
      StopWorkspacesPool: expect.any(Number),
      UpdateWorkspacesPool: expect.any(Number),
      StartWorkspacesPool: expect.any(Number),
      DescribeWorkspacesPoolSessions: expect.any(Number),
    });
    expect(w.fake.pool(poolId)).toMatchObject({ State: 'RUNNING', RunningMode: 'AUTO_STOP' });
  });

  test('5xx bursts during a create and during a stop: the operation rides them out', async () => {
    const w = world({
      serverErrorWindows: [
        { fromSeconds: 100, toSeconds: 400, status: 503 },
        { fromSeconds: 700, toSeconds: 800, status: 500 },
      ],
    });

    const created = await w.run(createEvent(BASE));
    expect(created.outcome).toBe('SUCCESS');
    // About ten polls fell in the window, each answered 503 six times over.
    expect(created.apiCalls.surfaced.UnknownError).toBeGreaterThanOrEqual(8);
    expect(created.apiCalls.serverErrors).toBeGreaterThanOrEqual(6 * 8);

    // 600 s: the stop's first poll is in the clear, its later polls in the 500 window.
    const stopped = await w.run(updateEvent(created.physicalResourceId, BASE, { ...BASE, desiredState: 'STOPPED' }));
    expect(stopped.outcome).toBe('SUCCESS');
    expect(stopped.apiCalls.surfaced.UnknownError).toBeGreaterThanOrEqual(3);
    expect(w.fake.pool(created.physicalResourceId)).toMatchObject({ State: 'STOPPED' });
  });

  test('a 5xx burst over the moment a stop is due: the Stop is sent once the service answers again', async () => {
    const w = world({ serverErrorWindows: [{ fromSeconds: 600, toSeconds: 700, status: 503 }] });
    const poolId = await w.deploy();

    const result = await w.run(updateEvent(poolId, BASE, { ...BASE, desiredState: 'STOPPED' }));

    expect(result.outcome).toBe('SUCCESS');
    expect(w.fake.pool(poolId)).toMatchObject({ State: 'STOPPED' });
    expect(w.fake.callTimes('StopWorkspacesPool')[0]).toBeGreaterThanOrEqual(700);
  });
});

// -----------------------------------------------------------------------------

describe('figures: a create that takes 10 simulated minutes, polled every 30 s', () => {
  test('aligned with the polls: 21 isComplete calls, one describe each, no lag', async () => {
    const { run } = world({ durations: { create: 600 } });

    const result = await run(createEvent(BASE));

    expect(result).toMatchObject({ outcome: 'SUCCESS', isCompleteCalls: 21, virtualSeconds: 600, detectionLagSeconds: 0 });
    expect(result.apiCalls.byOperation).toEqual({ DescribeWorkspacesPools: 22, CreateWorkspacesPool: 1 });
  });

  test('one second off the polls: the lag is the rest of the interval', async () => {
    const { run } = world({ durations: { create: 601 } });

    const result = await run(createEvent(BASE));

    expect(result).toMatchObject({ outcome: 'SUCCESS', isCompleteCalls: 22, virtualSeconds: 630, detectionLagSeconds: 29 });
  });
});
