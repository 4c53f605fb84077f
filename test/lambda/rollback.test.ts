/**
 * A failed deploy leaves nothing behind. Several resources of one stack run
 * on one virtual clock (test/support/stack-simulation.ts); one fails while
 * another's operation is in flight, CloudFormation cancels the rest and
 * rolls back: a Delete with a physical id it makes up for each cancelled
 * create, an Update back to the old properties for each cancelled update.
 * The cancelled waiters go on polling throughout. Each test ends when every
 * waiter has ended, and asserts what the account then holds.
 */
import type { WorkspacesPoolError } from '@aws-sdk/client-workspaces';
import { STACK_RESOURCE_TAG, stackResourceId } from '../../lambda/shared/ownership';
import { DirectoryFake, directoryProperties, type DirectoryFakeOptions, type DirectoryTemplate } from '../support/directory-fake';
import { PoolFake, poolProperties, type PoolFakeOptions, type PoolTemplate } from '../support/pool-fake';
import { requestBuilders } from '../support/provider-driver';
import { nativeResource, rollbackDelete, rollbackUpdate, SharedClock, StackSimulation, type Flight } from '../support/stack-simulation';

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/desktops/5b9a8c40-0000-11f0-0000-0a1b2c3d4e5f';
const POOLS_DIRECTORY = 'wsd-2hpvt5p7m';
const SETTLE_ERROR: WorkspacesPoolError[] = [{ ErrorCode: 'IAM_SERVICE_ROLE_IS_MISSING', ErrorMessage: 'The workspaces_DefaultRole role is missing.' }];

/** Physical ids CloudFormation might make up for a create it cancelled: the format is undocumented, so none is assumed. */
const MADE_UP_IDS: ReadonlyArray<[string, (logicalId: string) => string]> = [
  ['a stack-style name', logicalId => `desktops-${logicalId}-1XK2M3N4P5Q6R`],
  ['a request id', () => 'e5b0e3a0-6f0c-4f59-8c5e-1d2f3a4b5c6d'],
];

const poolRequests = (logicalResourceId: string) => requestBuilders<PoolTemplate>({
  stackId: STACK_ID, resourceType: 'Custom::WorkspacesPool', logicalResourceId, properties: poolProperties,
});
const registrationRequests = requestBuilders<DirectoryTemplate>({
  stackId: STACK_ID, resourceType: 'Custom::WorkspaceDirectoryRegistration', logicalResourceId: 'Registration', properties: directoryProperties,
});

const restorers: Array<{ restore(): void }> = [];
afterEach(() => {
  for (const fake of restorers.splice(0)) fake.restore();
});

function pools(options: PoolFakeOptions = {}): PoolFake {
  const fake = new PoolFake(options);
  restorers.push(fake);
  return fake;
}

function directories(options: DirectoryFakeOptions = {}): DirectoryFake {
  const fake = new DirectoryFake(options);
  restorers.push(fake);
  return fake;
}

/** What the account holds: pools that still exist (in any state), directories still registered. */
function leftovers(poolFake: PoolFake, directoryFake?: DirectoryFake, directoryIds: readonly string[] = []): string[] {
  return [
    ...poolFake.allPools().map(p => `pool ${p.PoolName} (${p.PoolId}) ${p.State}`),
    ...directoryIds.filter(id => directoryFake?.isRegistered(id)).map(id => `registration ${id} ${directoryFake?.registration(id)?.State}`),
  ];
}

function poolsUsing(poolFake: PoolFake, directoryId: string): string | undefined {
  const users = poolFake.allPools().filter(p => p.DirectoryId === directoryId);
  return users.length > 0 ? `in use by ${users.map(p => p.PoolId).join(', ')}` : undefined;
}

/** CloudFormation's rollback of a failed create: Deletes, wave by wave (dependents first), while every waiter goes on. */
async function rollBackCreate(
  sim: StackSimulation, waves: ReadonlyArray<ReadonlyArray<Flight>>, madeUp: (logicalId: string) => string,
): Promise<Flight[]> {
  sim.cancelInProgress();
  const deletes: Flight[] = [];
  for (const wave of waves) {
    const flights = wave.map(create => sim.launch(`${create.name} delete`, create.handler, rollbackDelete(create, madeUp(create.request.LogicalResourceId))));
    deletes.push(...flights);
    await sim.runUntil(() => flights.every(f => !f.active));
    if (flights.some(f => f.outcome !== 'SUCCESS')) {
      break; // ROLLBACK_FAILED: CloudFormation stops here
    }
  }
  await sim.runOut();
  return deletes;
}

function expectRollbackComplete(deletes: readonly Flight[], waves: number): void {
  expect(deletes.map(d => `${d.name}: ${d.outcome}${d.error ? ` ${d.error}` : ''}`)).toEqual(deletes.map(d => `${d.name}: SUCCESS`));
  expect(deletes.length).toBe(waves);
}

describe.each(MADE_UP_IDS)('a failed create rolls back completely (made-up id: %s)', (_format, madeUp) => {
  describe.each([
    ['the first pool fails, the second is in flight', 0],
    ['the second pool fails, the first is in flight', 1],
  ])('pool + pool: %s', (_case, failing) => {
    test.each([['RUNNING'], ['STOPPED']] as const)('both pools are gone afterwards (pools land %s after CREATING)', async stateAfterCreate => {
      const fake = pools({ stateAfterCreate, settleWithErrors: [{ on: 'create', errors: SETTLE_ERROR, times: 1 }] });
      const sim = new StackSimulation(fake);
      const names = ['call-centre', 'help-desk'];
      // The failing pool starts first, so that its create ends (with errors) while the other's is still CREATING.
      const order = failing === 0 ? [0, 1] : [1, 0];
      const flights: Flight[] = [];
      for (const [position, index] of order.entries()) {
        const logicalId = `Pool${index}`;
        flights[index] = sim.launch(logicalId, fake.newHandler(), poolRequests(logicalId).createEvent({ poolName: names[index] }), position * 120);
      }

      await sim.runUntil(() => flights.some(f => f.outcome === 'FAILED'));
      expect(flights[failing].outcome).toBe('FAILED');
      expect(flights[1 - failing].active).toBe(true);
      const deletes = await rollBackCreate(sim, [flights], madeUp);

      expectRollbackComplete(deletes, 2);
      expect(leftovers(fake)).toEqual([]);
      expect(fake.calls('CreateWorkspacesPool')).toBe(2);
    });
  });

  test('pool + pool, one refused in onEvent (a same-name pool of another owner): the cancelled one is deleted, the other owner\'s pool is untouched', async () => {
    const fake = pools();
    const foreign = fake.seedPool({ name: 'help-desk', tags: [{ Key: STACK_RESOURCE_TAG, Value: 'f'.repeat(64) }] });
    const sim = new StackSimulation(fake);
    const first = sim.launch('Pool0', fake.newHandler(), poolRequests('Pool0').createEvent({ poolName: 'call-centre' }));
    const second = sim.launch('Pool1', fake.newHandler(), poolRequests('Pool1').createEvent({ poolName: 'help-desk' }), 60);

    await sim.runUntil(() => second.outcome === 'FAILED');
    expect(first.active).toBe(true);
    const deletes = await rollBackCreate(sim, [[first, second]], madeUp);

    expectRollbackComplete(deletes, 2);
    expect(leftovers(fake)).toEqual([`pool help-desk (${foreign}) RUNNING`]);
  });

  test('pool + registration: the registration ends in ERROR while the pool is creating; the pool and the registration are gone', async () => {
    const poolFake = pools();
    const directoryFake = directories({ registrationError: 'The directory is unreachable.' });
    const sim = new StackSimulation(new SharedClock([poolFake, directoryFake]));
    const directoryId = directoryFake.seedDsDirectory();
    const pool = sim.launch('Pool', poolFake.newHandler(), poolRequests('Pool').createEvent({ poolName: 'call-centre' }));
    const registration = sim.launch('Registration', directoryFake.newHandler(), registrationRequests.createEvent({ DirectoryId: directoryId }));

    await sim.runUntil(() => registration.outcome === 'FAILED');
    expect(pool.active).toBe(true);
    const deletes = await rollBackCreate(sim, [[pool, registration]], madeUp);

    expectRollbackComplete(deletes, 2);
    expect(leftovers(poolFake, directoryFake, [directoryId])).toEqual([]);
  });

  test('pool + registration: the pool fails while the registration is in flight; both are gone', async () => {
    const poolFake = pools({ settleWithErrors: [{ on: 'create', errors: SETTLE_ERROR }] });
    const directoryFake = directories({ durations: { register: 900 } });
    const sim = new StackSimulation(new SharedClock([poolFake, directoryFake]));
    const directoryId = directoryFake.seedDsDirectory();
    const pool = sim.launch('Pool', poolFake.newHandler(), poolRequests('Pool').createEvent({ poolName: 'call-centre' }));
    const registration = sim.launch('Registration', directoryFake.newHandler(), registrationRequests.createEvent({ DirectoryId: directoryId }));

    await sim.runUntil(() => pool.outcome === 'FAILED');
    expect(registration.active).toBe(true);
    const deletes = await rollBackCreate(sim, [[pool, registration]], madeUp);

    expectRollbackComplete(deletes, 2);
    expect(leftovers(poolFake, directoryFake, [directoryId])).toEqual([]);
  });

  test('registration + pools directory: the pools directory fails while the registration is in flight; the registration is gone', async () => {
    const poolFake = pools();
    const directoryFake = directories();
    const clock = new SharedClock([poolFake, directoryFake]);
    const sim = new StackSimulation(clock);
    const directoryId = directoryFake.seedDsDirectory();
    const poolsDirectory = sim.launch('PoolsDirectory', nativeResource(clock, {
      physicalId: POOLS_DIRECTORY, createSeconds: 60, failure: 'Resource handler returned message: "Invalid request provided"',
    }), poolRequests('PoolsDirectory').createEvent({ poolName: 'unused' }));
    const registration = sim.launch('Registration', directoryFake.newHandler(), registrationRequests.createEvent({ DirectoryId: directoryId }));

    await sim.runUntil(() => poolsDirectory.outcome === 'FAILED');
    expect(registration.active).toBe(true);
    const deletes = await rollBackCreate(sim, [[registration]], madeUp);

    expectRollbackComplete(deletes, 1);
    expect(leftovers(poolFake, directoryFake, [directoryId])).toEqual([]);
  });

  test('registration + pools directory: the registration fails while the pools directory is in flight; nothing is left registered', async () => {
    const poolFake = pools();
    const directoryFake = directories({ registrationError: 'The directory is unreachable.' });
    const clock = new SharedClock([poolFake, directoryFake]);
    const sim = new StackSimulation(clock);
    const directoryId = directoryFake.seedDsDirectory();
    const poolsDirectory = sim.launch('PoolsDirectory', nativeResource(clock, { physicalId: POOLS_DIRECTORY, createSeconds: 900 }),
      poolRequests('PoolsDirectory').createEvent({ poolName: 'unused' }));
    const registration = sim.launch('Registration', directoryFake.newHandler(), registrationRequests.createEvent({ DirectoryId: directoryId }));

    await sim.runUntil(() => registration.outcome === 'FAILED');
    expect(poolsDirectory.active).toBe(true);
    const deletes = await rollBackCreate(sim, [[registration, poolsDirectory]], madeUp);

    expectRollbackComplete(deletes, 2);
    expect(leftovers(poolFake, directoryFake, [directoryId])).toEqual([]);
  });

  // The case reported: the pool kept running outside any stack, and the pools directory could not be deleted.
  test('pools directory + pool + registration: the registration fails while the pool is creating; the pool is deleted before its directory, and the stack does not end in ROLLBACK_FAILED', async () => {
    const poolFake = pools();
    const directoryFake = directories({ registrationError: 'The directory is unreachable.' });
    const clock = new SharedClock([poolFake, directoryFake]);
    const sim = new StackSimulation(clock);
    const directoryId = directoryFake.seedDsDirectory();
    const poolsDirectory = sim.launch('PoolsDirectory', nativeResource(clock, {
      physicalId: POOLS_DIRECTORY, createSeconds: 60, blockedBy: () => poolsUsing(poolFake, POOLS_DIRECTORY),
    }), poolRequests('PoolsDirectory').createEvent({ poolName: 'unused' }));
    await sim.runUntil(() => poolsDirectory.outcome === 'SUCCESS');
    const pool = sim.launch('Pool', poolFake.newHandler(), poolRequests('Pool').createEvent({ poolName: 'call-centre', directoryId: POOLS_DIRECTORY }));
    const registration = sim.launch('Registration', directoryFake.newHandler(), registrationRequests.createEvent({ DirectoryId: directoryId }));

    await sim.runUntil(() => registration.outcome === 'FAILED');
    expect(pool.active).toBe(true);
    const deletes = await rollBackCreate(sim, [[pool, registration], [poolsDirectory]], madeUp);

    expectRollbackComplete(deletes, 3);
    expect(leftovers(poolFake, directoryFake, [directoryId])).toEqual([]);
  });

  test('a create cancelled before its onEvent ran: the Delete comes first, keeps looking, and deletes the pool the late create makes', async () => {
    const fake = pools({ settleWithErrors: [{ on: 'create', errors: SETTLE_ERROR, times: 1 }], durations: { create: 120 } });
    const sim = new StackSimulation(fake);
    const failing = sim.launch('Pool0', fake.newHandler(), poolRequests('Pool0').createEvent({ poolName: 'call-centre' }));
    await sim.runUntil(() => failing.outcome === 'FAILED');
    // CloudFormation had asked for the second pool, but the framework's onEvent runs only after the rollback began.
    const late = sim.launch('Pool1', fake.newHandler(), poolRequests('Pool1').createEvent({ poolName: 'help-desk' }), 90);

    const deletes = await rollBackCreate(sim, [[failing, late]], madeUp);

    expectRollbackComplete(deletes, 2);
    expect(fake.calls('CreateWorkspacesPool')).toBe(2);
    expect(leftovers(fake)).toEqual([]);
  });

  test('a registration cancelled while WorkSpaces would not take it yet (directory not Active): the Delete outlasts every retry; nothing is left registered', async () => {
    const poolFake = pools({ settleWithErrors: [{ on: 'create', errors: SETTLE_ERROR }], durations: { create: 60 } });
    const directoryFake = directories();
    const sim = new StackSimulation(new SharedClock([poolFake, directoryFake]));
    const directoryId = directoryFake.seedDsDirectory({ activeAfterSeconds: 200 });
    const pool = sim.launch('Pool', poolFake.newHandler(), poolRequests('Pool').createEvent({ poolName: 'call-centre' }));
    const registration = sim.launch('Registration', directoryFake.newHandler(), registrationRequests.createEvent({ DirectoryId: directoryId }));

    await sim.runUntil(() => pool.outcome === 'FAILED');
    expect(directoryFake.isRegistered(directoryId)).toBe(false);
    const deletes = await rollBackCreate(sim, [[pool, registration]], madeUp);

    expectRollbackComplete(deletes, 2);
    // The cancelled waiter registered the directory once it was Active; the Delete was still looking, and deregistered it.
    expect(directoryFake.operations()).toContain('RegisterWorkspaceDirectory');
    expect(leftovers(poolFake, directoryFake, [directoryId])).toEqual([]);
  });
});

describe('a pool waiting for its bundle image', () => {
  test('a check CloudFormation cancels while the image is PENDING leaves nothing: the pool is never created, the check\'s waiter creates nothing', async () => {
    const fake = pools();
    fake.seedBundle({ bundleId: 'wsb-custom0001', imageId: 'wsi-0123456789' });
    fake.seedImage({ imageId: 'wsi-0123456789', state: 'PENDING', availableAfterSeconds: 20 * 60 });
    const sim = new StackSimulation(fake);
    const check = sim.launch('PoolBundleImage', fake.newBundleImageHandler(), requestBuilders<{ bundleId: string }>({
      stackId: STACK_ID,
      resourceType: 'Custom::WorkspacesBundleImage',
      logicalResourceId: 'PoolBundleImage',
      properties: t => ({ ServiceToken: 'token', BundleId: t.bundleId, PoolName: 'call-centre', TimeoutSeconds: '3300' }),
    }).createEvent({ bundleId: 'wsb-custom0001' }));
    const other = sim.launch('Other', nativeResource(fake, { physicalId: 'other', createSeconds: 120, failure: 'Quota exceeded' }),
      poolRequests('Other').createEvent({ poolName: 'unused' }));

    await sim.runUntil(() => other.outcome === 'FAILED');
    expect(check.active).toBe(true);
    // The pool depends on the check: CloudFormation never started it.
    const deletes = await rollBackCreate(sim, [[check]], () => 'desktops-PoolBundleImage-1XK2M3N4P5Q6R');

    expectRollbackComplete(deletes, 1);
    expect(fake.calls('CreateWorkspacesPool')).toBe(0);
    expect(leftovers(fake)).toEqual([]);
  });
});

describe('a failed update rolls back without a fight and without leftovers', () => {
  /** Deploys the pool, then runs `update` beside a failing resource, cancels it, and rolls back. */
  async function updateThenRollBack(fake: PoolFake, from: PoolTemplate, to: PoolTemplate) {
    const requests = poolRequests('Pool');
    const deploy = new StackSimulation(fake);
    const created = deploy.launch('Pool create', fake.newHandler(), requests.createEvent(from));
    await deploy.runOut();
    expect(created.outcome).toBe('SUCCESS');
    const originalId = created.physicalResourceId;

    const sim = new StackSimulation(fake);
    const update = sim.launch('Pool update', fake.newHandler(), requests.updateEvent(originalId, from, to));
    const other = sim.launch('Other', nativeResource(fake, { physicalId: 'other', createSeconds: 90, failure: 'Resource handler returned message: "Quota exceeded"' }),
      requests.createEvent({ poolName: 'unused' }));
    await sim.runUntil(() => other.outcome === 'FAILED');
    expect(update.active).toBe(true);
    sim.cancelInProgress();

    const rollback = sim.launch('Pool rollback', fake.newHandler(), rollbackUpdate(update));
    await sim.runUntil(() => !rollback.active);
    await sim.runOut();
    return { originalId, update, rollback };
  }

  test('a cancelled RunningMode change (stop, update, start): the rollback restores AUTO_STOP and RUNNING, and the cancelled waiter stops instead of undoing it', async () => {
    const fake = pools({ alwaysOn: { startsItself: true } });
    const { originalId, update, rollback } = await updateThenRollBack(fake, { poolName: 'call-centre' }, { poolName: 'call-centre', runningMode: 'ALWAYS_ON' });

    expect(rollback.outcome).toBe('SUCCESS');
    expect(fake.pool(originalId)).toMatchObject({ State: 'RUNNING', RunningMode: 'AUTO_STOP' });
    expect(update.outcome).toBe('FAILED');
    expect(update.error).toContain('this operation was cancelled or superseded');
    expect(fake.allPools()).toHaveLength(1);
  });

  test('a cancelled rename (a replacement): the rollback keeps the original pool and deletes the one the rename made', async () => {
    const fake = pools({ durations: { create: 600 } });
    const { originalId, rollback } = await updateThenRollBack(fake, { poolName: 'call-centre' }, { poolName: 'help-desk' });

    expect(rollback.outcome).toBe('SUCCESS');
    expect(rollback.physicalResourceId).toBe(originalId);
    expect(fake.calls('CreateWorkspacesPool')).toBe(2);
    expect(fake.allPools().map(p => `${p.PoolName} ${p.PoolId} ${p.State}`)).toEqual([`call-centre ${originalId} RUNNING`]);
  });

  test('a rename that failed (its new pool settled with errors): the rollback deletes that pool too', async () => {
    const fake = pools({ settleWithErrors: [{ on: 'create', errors: SETTLE_ERROR }] });
    const requests = poolRequests('Pool');
    const originalId = fake.seedPool({ name: 'call-centre', desiredUserSessions: 10, tags: [{ Key: STACK_RESOURCE_TAG, Value: stackResourceId({ StackId: STACK_ID, LogicalResourceId: 'Pool' }) }] });
    const sim = new StackSimulation(fake);
    const update = sim.launch('Pool update', fake.newHandler(), requests.updateEvent(originalId, { poolName: 'call-centre' }, { poolName: 'help-desk' }));
    await sim.runUntil(() => !update.active);
    expect(update.outcome).toBe('FAILED');
    expect(fake.poolByName('help-desk')).toBeDefined();

    const rollback = sim.launch('Pool rollback', fake.newHandler(), rollbackUpdate(update));
    await sim.runOut();

    expect(rollback.outcome).toBe('SUCCESS');
    expect(rollback.physicalResourceId).toBe(originalId);
    expect(fake.allPools().map(p => `${p.PoolName} ${p.PoolId}`)).toEqual([`call-centre ${originalId}`]);
  });
});
