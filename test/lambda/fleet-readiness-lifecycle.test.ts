/**
 * The fleet readiness waiter driven through whole CloudFormation operations
 * against a stateful fake of WorkSpaces Applications fleets
 * (test/support/appstream-fleet-fake.ts), the way the Provider framework
 * drives it: onEvent, then isComplete at once and every 30 virtual seconds.
 * The fake answers DescribeFleets only: a waiter that started, stopped or
 * changed a fleet would fail these tests.
 */
import type { FleetError } from '@aws-sdk/client-appstream';
import type { OnEventRequest } from '../../lambda/shared/types';
import {
  AppStreamFleetFake, createEvent, deleteEvent, updateEvent, type FleetFakeOptions, type FleetReadinessTemplate,
} from '../support/appstream-fleet-fake';
import { runOperation, type OperationResult } from '../support/provider-driver';

const NAME = 'call-centre';
const BASE: FleetReadinessTemplate = { fleetName: NAME, fleetType: 'ALWAYS_ON', desiredInstances: 3, timeoutSeconds: 1800 };

const fakes: AppStreamFleetFake[] = [];
afterEach(() => {
  for (const fake of fakes.splice(0)) fake.restore();
});

function world(options: FleetFakeOptions = {}) {
  const fake = new AppStreamFleetFake(options);
  fakes.push(fake);
  const handler = fake.newHandler();
  const run = (event: OnEventRequest): Promise<OperationResult> => runOperation(handler, event, { fake });
  return { fake, handler, run };
}

/** The operations the waiter called: DescribeFleets only, and on an update its stack's DescribeStacks. */
const operations = (result: OperationResult) => Object.keys(result.apiCalls.byOperation).sort();
const waitingStates = (fake: AppStreamFleetFake) => fake.logEvents().filter(e => e.event === 'waiting').map(e => e.state);

describe('create', () => {
  test('an ALWAYS_ON fleet: waits through STARTING and a rising capacity until every desired instance runs', async () => {
    const { fake, run } = world();
    fake.seedFleet(NAME, { fleetType: 'ALWAYS_ON', desired: 3, startingSeconds: 300, instanceSeconds: 120 });

    const result = await run(createEvent(BASE));

    expect(result.outcome).toBe('SUCCESS');
    expect(result.physicalResourceId).toBe(NAME);
    // STARTING for 300 s, then one instance every 120 s: the third runs at 660 s, a poll time.
    expect(result.virtualSeconds).toBe(660);
    expect(result.detectionLagSeconds).toBe(0);
    expect(result.data).toEqual({
      FleetName: NAME, State: 'RUNNING', DesiredCapacity: '3', RunningCapacity: '3', InUseCapacity: '0', AvailableCapacity: '3',
    });
    expect(waitingStates(fake)).toContain('STARTING');
    // RUNNING is not enough for an ALWAYS_ON fleet: the polls between 300 s and 660 s saw it RUNNING below capacity.
    expect(fake.logEvents().filter(e => e.event === 'waiting' && e.state === 'RUNNING').map(e => e.detail))
      .toEqual(expect.arrayContaining(['0 of 3 instance(s) running', '1 of 3 instance(s) running', '2 of 3 instance(s) running']));
    expect(operations(result)).toEqual(['DescribeFleets']);
    expect(fake.callLog[0].input).toEqual({ Names: [NAME] });
  });

  test('an ON_DEMAND fleet is ready once RUNNING: its instances start when users connect', async () => {
    const { fake, run } = world();
    fake.seedFleet(NAME, { fleetType: 'ON_DEMAND', desired: 3, startingSeconds: 300, instanceSeconds: 600 });

    const result = await run(createEvent({ ...BASE, fleetType: 'ON_DEMAND' }));

    expect(result.outcome).toBe('SUCCESS');
    expect(result.virtualSeconds).toBe(300);
    expect(result.data).toMatchObject({ State: 'RUNNING', DesiredCapacity: '3', RunningCapacity: '0' });
  });

  test('an ELASTIC fleet is ready once RUNNING: it has no desired capacity (the service provides its instances)', async () => {
    const { fake, run } = world();
    // The fake reports Desired 4 and Running 0 for it, which an ALWAYS_ON wait would never accept.
    fake.seedFleet(NAME, { fleetType: 'ELASTIC', desired: 4, startingSeconds: 300 });

    const result = await run(createEvent({ fleetName: NAME, fleetType: 'ELASTIC', timeoutSeconds: 1800 }));

    expect(result.outcome).toBe('SUCCESS');
    expect(result.virtualSeconds).toBe(300);
    expect(result.data).toMatchObject({ State: 'RUNNING', RunningCapacity: '0' });
    // While STARTING, no instance figures are reported as what it waits for.
    expect(fake.logEvents().filter(e => e.event === 'waiting').map(e => e.detail)).not.toContainEqual(expect.stringContaining('instance(s) running'));
    expect(operations(result)).toEqual(['DescribeFleets']);
  });

  test('an ELASTIC fleet with FleetErrors fails the deploy as the other types do, without capacity figures', async () => {
    const { fake, run } = world();
    const errors: FleetError[] = [{ ErrorCode: 'SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES', ErrorMessage: 'The subnet subnet-0123456789abcdef0 has insufficient IP addresses.' }];
    fake.seedFleet(NAME, { fleetType: 'ELASTIC', startingSeconds: 600, errors: { afterSeconds: 100, errors } });

    const result = await run(createEvent({ fleetName: NAME, fleetType: 'ELASTIC' }));

    expect(result.outcome).toBe('FAILED');
    expect(result.virtualSeconds).toBe(120);
    expect(result.error).toMatch(/^WorkSpaces Applications fleet 'call-centre' cannot run: it is STARTING \(an Elastic fleet: the service provides its instances\), with fleet errors SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES: The subnet subnet-0123456789abcdef0 has insufficient IP addresses\./);
    expect(result.error).toMatch(/give the fleet larger subnets or more subnets/);
    expect(operations(result)).toEqual(['DescribeFleets']);
  });

  test('an ELASTIC fleet not RUNNING by the deadline: fails with its state and readinessTimeout', async () => {
    const { fake, run } = world();
    fake.seedFleet(NAME, { fleetType: 'ELASTIC', startingSeconds: 5000 });

    const result = await run(createEvent({ fleetName: NAME, fleetType: 'ELASTIC', timeoutSeconds: 600 }));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toMatch(/^WorkSpaces Applications fleet 'call-centre' was not RUNNING within the readinessTimeout of 10 min: it is STARTING \(an Elastic fleet: the service provides its instances\)\./);
  });

  test('a multi-session fleet is waited for on the fleet\'s own instance figures', async () => {
    const { fake, run } = world();
    fake.seedFleet(NAME, { fleetType: 'ALWAYS_ON', desired: 2, startingSeconds: 60, instanceSeconds: 60 });

    const result = await run(createEvent({ fleetName: NAME, fleetType: 'ALWAYS_ON', desiredSessions: 20 }));

    expect(result.outcome).toBe('SUCCESS');
    expect(result.data).toMatchObject({ DesiredCapacity: '2', RunningCapacity: '2' });
  });

  test('auto scaling that lowers the desired capacity during the wait: the fleet\'s own Desired counts, not the template\'s', async () => {
    const { fake, run } = world();
    fake.seedFleet(NAME, { fleetType: 'ALWAYS_ON', desired: 5, startingSeconds: 60, instanceSeconds: 300 });
    fake.after(400, () => fake.setDesired(NAME, 1));

    const result = await run(createEvent({ ...BASE, desiredInstances: 5 }));

    expect(result.outcome).toBe('SUCCESS');
    expect(result.data).toMatchObject({ DesiredCapacity: '1', RunningCapacity: '1' });
    expect(result.virtualSeconds).toBeLessThan(600);
  });

  const SUBNET: FleetError = { ErrorCode: 'SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES', ErrorMessage: 'The subnet subnet-0123456789abcdef0 has insufficient IP addresses.' };
  test.each<[string, FleetError[], RegExp]>([
    ['a subnet out of addresses: bigger or more subnets', [SUBNET], /give the fleet larger subnets or more subnets \(`vpcSubnets`\)/],
    ['the service role missing: AmazonAppStreamServiceAccess', [{ ErrorCode: 'IAM_SERVICE_ROLE_IS_MISSING', ErrorMessage: 'The AmazonAppStreamServiceAccess role is missing.' }],
      /AmazonAppStreamServiceAccess.*https:\/\/docs\.aws\.amazon\.com\/appstream2\/latest\/developerguide\/controlling-access\.html/],
    ['a failed domain join: the directory config and the OU', [{ ErrorCode: 'DOMAIN_JOIN_ERROR_ACCESS_DENIED', ErrorMessage: 'Access is denied.' }],
      /directory config of the fleet's `domainJoin\.directoryName`.*organizational unit/],
    ['the image gone: the image', [{ ErrorCode: 'IMAGE_NOT_FOUND', ErrorMessage: 'The image call-centre was not found.' }], /the fleet's `image` must exist/],
    ['a provisioning failure', [{ ErrorCode: 'FLEET_INSTANCE_PROVISIONING_FAILURE', ErrorMessage: 'Insufficient capacity for stream.standard.medium.' }],
      /could not provision instances.*another instance type/],
  ])('FleetErrors fail the deploy with every code and message verbatim and what to do: %s', async (_name, errors, advice) => {
    const { fake, run } = world();
    fake.seedFleet(NAME, { desired: 3, startingSeconds: 120, instanceSeconds: 60, errors: { afterSeconds: 200, errors, runningCap: 1 } });

    const result = await run(createEvent(BASE));

    expect(result.outcome).toBe('FAILED');
    expect(result.virtualSeconds).toBe(210);
    for (const e of errors) {
      expect(result.error).toContain(`${e.ErrorCode}: ${e.ErrorMessage}`);
    }
    expect(result.error).toMatch(/^WorkSpaces Applications fleet 'call-centre' cannot reach its capacity: it is RUNNING, 1 of 3 instance\(s\) running/);
    expect(result.error).toMatch(advice);
    expect(result.error).toContain('the deploy never starts, stops or changes it');
    expect(operations(result)).toEqual(['DescribeFleets']);
  });

  test('several errors: each verbatim, and the advice of each family once', async () => {
    const errors: FleetError[] = [
      SUBNET,
      { ErrorCode: 'SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES', ErrorMessage: 'The subnet subnet-0123456789abcdef1 has insufficient IP addresses.' },
      { ErrorCode: 'IAM_SERVICE_ROLE_MISSING_ENI_CREATE_ACTION', ErrorMessage: 'The role lacks ec2:CreateNetworkInterface.' },
    ];
    const { fake, run } = world();
    fake.seedFleet(NAME, { desired: 3, startingSeconds: 30, errors: { afterSeconds: 0, errors } });

    const result = await run(createEvent(BASE));

    expect(result.error).toContain('subnet-0123456789abcdef0 has insufficient IP addresses.; SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES: The subnet subnet-0123456789abcdef1');
    expect(result.error).toContain('IAM_SERVICE_ROLE_MISSING_ENI_CREATE_ACTION: The role lacks ec2:CreateNetworkInterface.');
    expect(result.error!.match(/larger subnets or more subnets/g)).toHaveLength(1);
    expect(result.error).toMatch(/AmazonAppStreamServiceAccess/);
  });

  test('throttling: polled again, then ready', async () => {
    const { fake, run } = world({ throttleWindows: [{ fromSeconds: 0, toSeconds: 400, rate: 1 }] });
    fake.seedFleet(NAME, { desired: 1, startingSeconds: 300, instanceSeconds: 120 });

    const result = await run(createEvent(BASE));

    expect(result.outcome).toBe('SUCCESS');
    expect(result.apiCalls.surfaced.ThrottlingException).toBeGreaterThan(0);
    expect(fake.logEvents().some(e => e.event === 'waiting' && String(e.detail).startsWith('ThrottlingException'))).toBe(true);
  });

  test('throttling until the deadline: fails with the last failure and the timeout prop', async () => {
    const { fake, run } = world({ throttleRate: 1 });
    fake.seedFleet(NAME, { desired: 1 });

    const result = await run(createEvent({ ...BASE, timeoutSeconds: 300 }));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toMatch(/was not RUNNING at its desired capacity within the readinessTimeout of 5 min: the fleet could not be read at the deadline \(ThrottlingException: Rate exceeded\)/);
  });

  test('the deadline: fails with the state, the capacity figures and readinessTimeout', async () => {
    const { fake, run } = world();
    fake.seedFleet(NAME, { desired: 3, startingSeconds: 120, instanceSeconds: 1000 });

    const result = await run(createEvent({ ...BASE, timeoutSeconds: 600 }));

    expect(result.outcome).toBe('FAILED');
    expect(result.virtualSeconds).toBe(630);
    expect(result.error).toBe("WorkSpaces Applications fleet 'call-centre' was not RUNNING at its desired capacity within the readinessTimeout of 10 min: " +
      'it is RUNNING, 0 of 3 instance(s) running (0 in use, 0 available). Instances can take a long time to start: check the fleet in the WorkSpaces Applications console, ' +
      'then deploy again, or raise `readinessTimeout` of the ApplicationsFleet.');
  });

  test('a fleet something stopped after CloudFormation started it: waited for until the deadline, then a failure that says so and how to start it', async () => {
    const { fake, run } = world();
    fake.seedFleet(NAME, { desired: 2, startingSeconds: 300 });
    fake.after(200, () => fake.stopFleet(NAME));

    const result = await run(createEvent({ ...BASE, timeoutSeconds: 900 }));

    expect(result.outcome).toBe('FAILED');
    expect(result.virtualSeconds).toBe(930);
    expect(result.error).toMatch(/was not RUNNING at its desired capacity within the readinessTimeout of 15 min: it is STOPPED, 0 of 2 instance\(s\) running/);
    expect(result.error).toContain('Something stopped the fleet that CloudFormation had just started');
    expect(result.error).toContain('`aws appstream start-fleet --name call-centre`');
    expect(fake.statesOf(NAME)).toEqual(['STARTING', 'STOPPING', 'STOPPED']);
    expect(operations(result)).toEqual(['DescribeFleets']);
  });

  test('a fleet created stopped (startOnCreate false, a successor of a STOPPED pool): the create ends at once, the fleet left stopped', async () => {
    const { fake, run } = world();
    fake.seedFleet(NAME, { desired: 2, stopped: true });

    const result = await run(createEvent({ ...BASE, startOnCreate: false }));

    expect(result.outcome).toBe('SUCCESS');
    expect(result.virtualSeconds).toBe(0);
    expect(result.data).toMatchObject({ State: 'STOPPED' });
    expect(fake.logEvents().filter(e => e.event === 'left-stopped')).toEqual([expect.objectContaining({
      reason: 'the fleet was created stopped (startOnCreate false): it runs once a schedule or a person starts it',
    })]);
    expect(fake.statesOf(NAME)).toEqual(['STOPPED']);
    expect(operations(result)).toEqual(['DescribeFleets']);
  });

  test('a fleet created stopped that a person starts at once is waited for like any other', async () => {
    const { fake, run } = world();
    fake.seedFleet(NAME, { desired: 1, startingSeconds: 120, instanceSeconds: 60 });

    const result = await run(createEvent({ ...BASE, desiredInstances: 1, startOnCreate: false }));

    expect(result.outcome).toBe('SUCCESS');
    expect(result.data).toMatchObject({ State: 'RUNNING', RunningCapacity: '1' });
    expect(result.virtualSeconds).toBe(180);
  });

  test('a fleet stopped and started again by a person before the deadline: ready', async () => {
    const { fake, run } = world();
    fake.seedFleet(NAME, { desired: 1, startingSeconds: 300, instanceSeconds: 60 });
    fake.after(100, () => fake.stopFleet(NAME));
    fake.after(500, () => fake.startFleet(NAME));

    const result = await run(createEvent(BASE));

    expect(result.outcome).toBe('SUCCESS');
    expect(waitingStates(fake)).toEqual(expect.arrayContaining(['STOPPING', 'STOPPED']));
    expect(result.virtualSeconds).toBe(870);
  });

  test.each<FleetFakeOptions['missingFleet']>(['not-found', 'empty-list'])('a fleet that does not exist (DescribeFleets answers %s): fails after the visibility grace, saying so', async missingFleet => {
    const { run } = world({ missingFleet });

    const result = await run(createEvent(BASE));

    expect(result.outcome).toBe('FAILED');
    expect(result.virtualSeconds).toBe(120);
    expect(result.error).toMatch(/^WorkSpaces Applications fleet 'call-centre' does not exist: it was deleted outside CloudFormation, or never made\./);
  });
});

describe('update', () => {
  test('a capacity change waits again, until the new desired capacity runs', async () => {
    const { fake, run } = world();
    fake.seedFleet(NAME, { desired: 2, startingSeconds: 60, instanceSeconds: 120 });
    fake.advance(3600);
    // CloudFormation's UpdateFleet has raised the capacity before the waiter's update.
    fake.setDesired(NAME, 4);

    const result = await run(updateEvent(NAME, { ...BASE, desiredInstances: 2 }, { ...BASE, desiredInstances: 4 }));

    expect(result.outcome).toBe('SUCCESS');
    expect(result.virtualSeconds).toBe(240);
    expect(result.data).toMatchObject({ DesiredCapacity: '4', RunningCapacity: '4' });
  });

  test.each(['STOPPED', 'STOPPING'])('a %s fleet completes at once, is not started, and the log says why', async state => {
    const { fake, run } = world();
    fake.seedFleet(NAME, { desired: 2, startingSeconds: 60, instanceSeconds: 60, stoppingSeconds: state === 'STOPPING' ? 600 : 1 });
    fake.advance(600);
    fake.stopFleet(NAME);
    fake.advance(5);

    const result = await run(updateEvent(NAME, { ...BASE, imageArn: 'arn:aws:appstream:us-east-1:123456789012:image/old' }, BASE));

    expect(result.outcome).toBe('SUCCESS');
    expect(result.isCompleteCalls).toBe(1);
    expect(result.data).toMatchObject({ FleetName: NAME, State: state, RunningCapacity: '0' });
    expect(fake.fleet(NAME)?.State).toBe(state);
    expect(operations(result)).toEqual(['DescribeFleets', 'DescribeStacks']);
    const left = fake.logEvents().find(e => e.event === 'left-stopped');
    expect(left).toMatchObject({ fleet: NAME, state });
    expect(left?.reason).toMatch(/a stop schedule, or a person.*does not start it/);
  });

  test('an update that replaced the fleet (a new name) waits for the new fleet like a create: a stopped one is not the end', async () => {
    const { fake, run } = world();
    fake.seedFleet('call-centre-2', { desired: 1, stopped: true });

    const result = await run(updateEvent(NAME, BASE, { ...BASE, fleetName: 'call-centre-2', timeoutSeconds: 300 }));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toContain('`aws appstream start-fleet --name call-centre-2`');
    expect(fake.logEvents()[0]).toMatchObject({ event: 'new-fleet', fleet: 'call-centre-2', replaces: NAME });
  });
});

describe('rollback', () => {
  const BROKEN: FleetError[] = [{ ErrorCode: 'IMAGE_NOT_FOUND', ErrorMessage: 'The image new-image was not found.' }];

  test('the update that fails on FleetErrors fails; the rollback\'s update back to the old image ends its wait, logged, instead of failing the rollback', async () => {
    const { fake, run } = world();
    fake.seedFleet(NAME, { desired: 2, startingSeconds: 60, instanceSeconds: 30, errors: { afterSeconds: 600, errors: BROKEN, runningCap: 1 } });
    fake.advance(300);
    fake.setDesired(NAME, 3);
    fake.advance(300);
    const oldTemplate = { ...BASE, desiredInstances: 2 };
    const newTemplate = { ...BASE, desiredInstances: 3, imageArn: 'arn:aws:appstream:us-east-1:123456789012:image/new-image' };

    const forward = await run(updateEvent(NAME, oldTemplate, newTemplate));
    expect(forward.outcome).toBe('FAILED');
    expect(forward.error).toContain('IMAGE_NOT_FOUND: The image new-image was not found.');

    fake.stackStatus = 'UPDATE_ROLLBACK_IN_PROGRESS';
    const rollback = await run(updateEvent(NAME, newTemplate, oldTemplate));

    expect(rollback.outcome).toBe('SUCCESS');
    expect(fake.logEvents()).toContainEqual(expect.objectContaining({ event: 'rollback', stackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS' }));
    expect(fake.logEvents()).toContainEqual(expect.objectContaining({ event: 'rollback-not-ready', reason: expect.stringContaining('IMAGE_NOT_FOUND') }));
    expect(operations(rollback)).toEqual(['DescribeFleets', 'DescribeStacks']);
  });

  test('a rollback\'s update of a healthy fleet still waits for it to run', async () => {
    const { fake, run } = world();
    fake.seedFleet(NAME, { desired: 1, startingSeconds: 300, instanceSeconds: 60 });
    fake.stackStatus = 'UPDATE_ROLLBACK_IN_PROGRESS';

    const result = await run(updateEvent(NAME, BASE, { ...BASE, desiredInstances: 1 }));

    expect(result.outcome).toBe('SUCCESS');
    expect(result.virtualSeconds).toBe(360);
    expect(result.data).toMatchObject({ State: 'RUNNING', RunningCapacity: '1' });
  });
});

describe('delete', () => {
  test('does nothing and calls nothing, whatever the properties', async () => {
    const { fake, run } = world();
    fake.seedFleet(NAME);

    const result = await run({ ...deleteEvent(NAME, BASE), ResourceProperties: { ServiceToken: 'token', FleetName: 'not a fleet name!' } });

    expect(result.outcome).toBe('SUCCESS');
    expect(result.apiCalls.total).toBe(0);
    expect(fake.statesOf(NAME)).toEqual(['STARTING']);
  });
});
