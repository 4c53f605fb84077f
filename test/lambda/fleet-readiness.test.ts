/**
 * The fleet readiness waiter, call by call, with aws-sdk-client-mock: what
 * onEvent plans (and that it calls nothing), the parser of its properties,
 * the failures the SDK rejects with, and its route in the provider.
 */
import { AppStreamClient, AppStreamServiceException, DescribeFleetsCommand, type Fleet } from '@aws-sdk/client-appstream';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { FLEET_PLAN_FIELD, FleetReadinessHandler, type FleetReadinessPlan } from '../../lambda/applications/fleet-readiness';
import { DEFAULT_TIMEOUT_SECONDS, parseSpec } from '../../lambda/applications/fleet-spec';
import type { IsCompleteRequest, OnEventRequest, RequestType } from '../../lambda/shared/types';

const NOW = Date.parse('2026-12-01T09:00:00.000Z');
const MINUTE = 60 * 1000;
const meta = { httpStatusCode: 400, requestId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d', attempts: 6, totalRetryDelay: 9000 };
const serviceError = (name: string, message: string) => new AppStreamServiceException({ name, $fault: 'client', message, $metadata: meta });

function request(type: RequestType, props: Record<string, unknown> = {}, oldProps?: Record<string, unknown>): OnEventRequest {
  const properties = (p: Record<string, unknown>) => ({ ServiceToken: 'token', FleetName: 'call-centre', FleetType: 'ALWAYS_ON', DesiredInstances: '2', TimeoutSeconds: '1800', ...p });
  return {
    RequestType: type,
    ServiceToken: 'arn:aws:lambda:eu-west-1:111122223333:function:framework-onEvent',
    ResponseURL: 'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/presigned',
    StackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/Apps/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
    RequestId: '5d2c8f0e-3b7a-4c1d-9e6f-0a1b2c3d4e5f',
    ResourceType: 'Custom::ApplicationsFleetReadiness',
    LogicalResourceId: 'FleetReadiness',
    ResourceProperties: properties(props),
    ...(type !== 'Create' ? { PhysicalResourceId: 'call-centre' } : {}),
    ...(oldProps ? { OldResourceProperties: properties(oldProps) } : {}),
  };
}

function poll(plan: Partial<FleetReadinessPlan> = {}, props: Record<string, unknown> = {}): IsCompleteRequest {
  const full: FleetReadinessPlan = { operation: 'create', startedAt: NOW - MINUTE, deadline: NOW + 29 * MINUTE, justStarted: true, ...plan };
  return { ...request('Create', props), PhysicalResourceId: 'call-centre', [FLEET_PLAN_FIELD]: full } as IsCompleteRequest;
}

const appStream = mockClient(AppStreamClient);
const cloudFormation = mockClient(CloudFormationClient);
let now: number;
let handler: FleetReadinessHandler;
let logs: string[];

beforeEach(() => {
  appStream.reset();
  cloudFormation.reset();
  cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'Apps', StackStatus: 'UPDATE_IN_PROGRESS', CreationTime: new Date(NOW) }] });
  now = NOW;
  logs = [];
  handler = new FleetReadinessHandler(
    { appStream: new AppStreamClient({ region: 'eu-west-1' }), cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }) },
    { now: () => now, log: line => logs.push(line) },
  );
});

const fleet = (extra: Partial<Fleet> = {}): Fleet => ({
  Name: 'call-centre',
  FleetType: 'ALWAYS_ON',
  InstanceType: 'stream.standard.medium',
  State: 'RUNNING',
  ComputeCapacityStatus: { Desired: 2, Running: 2, InUse: 1, Available: 1 },
  ...extra,
} as Fleet);

describe('onEvent', () => {
  test('Create returns at once with the fleet name and a plan to the timeout, calling nothing', async () => {
    const response = await handler.onEvent(request('Create', { TimeoutSeconds: '600' }));

    expect(response).toEqual({
      PhysicalResourceId: 'call-centre',
      [FLEET_PLAN_FIELD]: { operation: 'create', startedAt: NOW, deadline: NOW + 600 * 1000, justStarted: true },
    });
    expect(appStream.calls()).toHaveLength(0);
    expect(cloudFormation.calls()).toHaveLength(0);
  });

  test.each([
    ['the same fleet (an image or capacity change)', {}, false],
    ['a new fleet name (the fleet was replaced)', { FleetName: 'call-centre-old' }, true],
  ])('Update of %s returns at once, reading only its own stack\'s status', async (_name, oldProps, justStarted) => {
    const response = await handler.onEvent(request('Update', {}, oldProps));

    expect(response).toMatchObject({ PhysicalResourceId: 'call-centre', [FLEET_PLAN_FIELD]: { operation: 'update', justStarted } });
    expect((response as Record<string, any>)[FLEET_PLAN_FIELD]).not.toHaveProperty('rollback');
    expect(appStream.calls()).toHaveLength(0);
    expect(cloudFormation).toHaveReceivedCommandWith(DescribeStacksCommand, { StackName: request('Update').StackId });
  });

  test('an Update while the stack rolls back plans a wait that never fails', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'Apps', StackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS', CreationTime: new Date(NOW) }] });

    const response = await handler.onEvent(request('Update', {}, { ImageArn: 'arn:aws:appstream:eu-west-1:111122223333:image/new' }));

    expect(response).toMatchObject({ [FLEET_PLAN_FIELD]: { operation: 'update', rollback: true } });
    expect(logs.map(l => JSON.parse(l))).toContainEqual(expect.objectContaining({ event: 'rollback', stackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS' }));
  });

  test('an Update whose stack status cannot be read is waited for as any other, and the log says why', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(serviceError('AccessDenied', 'not authorized to perform cloudformation:DescribeStacks'));

    const response = await handler.onEvent(request('Update'));

    expect((response as Record<string, any>)[FLEET_PLAN_FIELD]).not.toHaveProperty('rollback');
    expect(logs.map(l => JSON.parse(l))).toContainEqual(expect.objectContaining({ event: 'stack-status-unknown', error: expect.stringMatching(/^AccessDenied/) }));
  });

  test('Delete plans nothing and calls nothing, even with properties it cannot read; isComplete then completes without a call', async () => {
    const response = await handler.onEvent({ ...request('Delete'), ResourceProperties: { ServiceToken: 'token' } });

    expect(response).toMatchObject({ PhysicalResourceId: 'call-centre', [FLEET_PLAN_FIELD]: { operation: 'none' } });
    await expect(handler.isComplete({ ...request('Delete'), ...response } as IsCompleteRequest)).resolves.toEqual({ IsComplete: true });
    expect(appStream.calls()).toHaveLength(0);
    expect(cloudFormation.calls()).toHaveLength(0);
  });
});

describe('isComplete', () => {
  test('reads the fleet by name, and completes with its attributes', async () => {
    appStream.on(DescribeFleetsCommand).resolves({ Fleets: [fleet()] });

    await expect(handler.isComplete(poll())).resolves.toEqual({
      IsComplete: true,
      Data: { FleetName: 'call-centre', State: 'RUNNING', DesiredCapacity: '2', RunningCapacity: '2', InUseCapacity: '1', AvailableCapacity: '1' },
    });
    expect(appStream).toHaveReceivedCommandWith(DescribeFleetsCommand, { Names: ['call-centre'] });
  });

  test('an ALWAYS_ON fleet below its desired capacity is not ready; an ON_DEMAND one is', async () => {
    const below = fleet({ ComputeCapacityStatus: { Desired: 3, Running: 1 } });
    appStream.on(DescribeFleetsCommand).resolves({ Fleets: [below] });
    await expect(handler.isComplete(poll())).resolves.toEqual({ IsComplete: false });

    appStream.on(DescribeFleetsCommand).resolves({ Fleets: [{ ...below, FleetType: 'ON_DEMAND' }] });
    await expect(handler.isComplete(poll({}, { FleetType: 'ON_DEMAND' }))).resolves.toMatchObject({ IsComplete: true, Data: { RunningCapacity: '1', DesiredCapacity: '3' } });
  });

  test('FLEET_STOPPED on a stopped fleet only restates its state: a create waits on, an update completes', async () => {
    const stopped = fleet({ State: 'STOPPED', ComputeCapacityStatus: { Desired: 2, Running: 0 }, FleetErrors: [{ ErrorCode: 'FLEET_STOPPED', ErrorMessage: 'The fleet is stopped.' }] });
    appStream.on(DescribeFleetsCommand).resolves({ Fleets: [stopped] });

    await expect(handler.isComplete(poll())).resolves.toEqual({ IsComplete: false });
    await expect(handler.isComplete(poll({ operation: 'update', justStarted: false }))).resolves.toMatchObject({ IsComplete: true, Data: { State: 'STOPPED' } });
  });

  test('a refusal that waiting does not fix (access denied) fails at once, naming the permission', async () => {
    appStream.on(DescribeFleetsCommand).rejects(serviceError('AccessDeniedException', 'User is not authorized to perform: appstream:DescribeFleets'));

    await expect(handler.isComplete(poll())).rejects.toThrow(
      "Reading WorkSpaces Applications fleet 'call-centre' failed: AccessDeniedException: User is not authorized to perform: appstream:DescribeFleets. " +
      "Check the provider role's appstream:DescribeFleets permission, then deploy again.",
    );
  });

  test('throttling polls again before the deadline and fails after it', async () => {
    appStream.on(DescribeFleetsCommand).rejects(serviceError('ThrottlingException', 'Rate exceeded'));

    await expect(handler.isComplete(poll())).resolves.toEqual({ IsComplete: false });
    now = NOW + 30 * MINUTE;
    await expect(handler.isComplete(poll())).rejects.toThrow('the fleet could not be read at the deadline (ThrottlingException: Rate exceeded)');
  });

  test.each<[string, () => void, Partial<FleetReadinessPlan>]>([
    ['FleetErrors', () => appStream.on(DescribeFleetsCommand).resolves({
      Fleets: [fleet({ ComputeCapacityStatus: { Desired: 2, Running: 1 }, FleetErrors: [{ ErrorCode: 'IMAGE_NOT_FOUND', ErrorMessage: 'The image was not found.' }] })],
    }), {}],
    ['the deadline', () => appStream.on(DescribeFleetsCommand).resolves({ Fleets: [fleet({ ComputeCapacityStatus: { Desired: 2, Running: 1 } })] }), { deadline: NOW - 1 }],
    ['a missing fleet', () => appStream.on(DescribeFleetsCommand).resolves({ Fleets: [] }), { startedAt: NOW - 10 * MINUTE }],
    ['a refused read', () => appStream.on(DescribeFleetsCommand).rejects(serviceError('AccessDeniedException', 'denied')), {}],
  ])('a rollback\'s wait ends where a forward one fails: %s (logged)', async (_name, arrange, plan) => {
    arrange();

    await expect(handler.isComplete(poll({ operation: 'update', justStarted: false, ...plan }))).rejects.toThrow(/fleet 'call-centre'/);
    await expect(handler.isComplete(poll({ operation: 'update', justStarted: false, rollback: true, ...plan }))).resolves.toEqual({ IsComplete: true });
    expect(logs.map(l => JSON.parse(l))).toContainEqual(expect.objectContaining({ event: 'rollback-not-ready', reason: expect.stringMatching(/fleet 'call-centre'/) }));
  });

  test('fails when the plan is missing (a request of another version)', async () => {
    await expect(handler.isComplete({ ...request('Create'), PhysicalResourceId: 'call-centre' } as IsCompleteRequest)).rejects.toThrow(/carries no fleet readiness plan/);
  });
});

describe('parseSpec', () => {
  test('reads every property, as CloudFormation passes them', () => {
    expect(parseSpec({
      ServiceToken: 't', FleetName: 'call-centre', FleetType: 'ON_DEMAND', ImageArn: 'arn:aws:appstream:eu-west-1:111122223333:image/x', DesiredSessions: '20', TimeoutSeconds: '600',
    })).toEqual({
      fleetName: 'call-centre', fleetType: 'ON_DEMAND', imageArn: 'arn:aws:appstream:eu-west-1:111122223333:image/x', desiredSessions: 20, startOnCreate: true, timeoutSeconds: 600,
    });
    expect(parseSpec({ ServiceToken: 't', FleetName: 'f', FleetType: 'ALWAYS_ON', StartOnCreate: 'false' }).startOnCreate).toBe(false);
    expect(parseSpec({ ServiceToken: 't', FleetName: 'f', FleetType: 'ALWAYS_ON' }).timeoutSeconds).toBe(DEFAULT_TIMEOUT_SECONDS);
  });

  test('reads an Elastic fleet\'s properties: its type, and neither image nor capacity', () => {
    expect(parseSpec({ ServiceToken: 't', FleetName: 'browser', FleetType: 'ELASTIC', TimeoutSeconds: '1800' })).toEqual({
      fleetName: 'browser', fleetType: 'ELASTIC', imageArn: undefined, desiredInstances: undefined, desiredSessions: undefined, startOnCreate: true, timeoutSeconds: 1800,
    });
  });

  test.each([
    [{ FleetName: '-bad' }, /FleetName must be a fleet name/],
    [{ FleetType: 'SPOT' }, /FleetType must be one of ALWAYS_ON, ON_DEMAND, ELASTIC, got "SPOT"/],
    [{ TimeoutSeconds: '7200' }, /TimeoutSeconds must be a whole number from 1 to 3600/],
    [{ DesiredInstances: '1e3' }, /DesiredInstances must be a whole number/],
  ])('refuses %j, naming the resource type and the construct', (props, error) => {
    expect(() => parseSpec({ ServiceToken: 't', FleetName: 'f', FleetType: 'ALWAYS_ON', ...props })).toThrow(error);
    expect(() => parseSpec({ ServiceToken: 't', FleetName: 'f', FleetType: 'ALWAYS_ON', ...props })).toThrow(/Custom::ApplicationsFleetReadiness property .*ApplicationsFleet construct/);
  });
});

describe('route', () => {
  /* eslint-disable @typescript-eslint/no-require-imports */
  test('the provider routes Custom::ApplicationsFleetReadiness to the applications bundle\'s handler, on the image handler\'s module', () => {
    const { ROUTES } = require('../../lambda/provider/routes') as typeof import('../../lambda/provider/routes');
    const applications = require('../../lambda/provider/applications.bundle') as typeof import('../../lambda/provider/applications.bundle');
    const route = ROUTES['Custom::ApplicationsFleetReadiness']();
    expect(route).toBe(applications.fleetReadiness);
    expect(route).toBe(applications.image.fleetReadiness);
    expect(route).toBeInstanceOf(FleetReadinessHandler);
  });

  test('neither the WorkSpaces nor the Secure Browser bundle carries it', () => {
    const bundles = [require('../../lambda/provider/workspaces.bundle'), require('../../lambda/provider/secure-browser.bundle')] as Record<string, unknown>[];
    for (const bundle of bundles) {
      const handlers = Object.values(bundle).flatMap(m => (typeof m === 'object' && m !== null ? Object.values(m) : [m]));
      expect(handlers.some(h => h instanceof FleetReadinessHandler)).toBe(false);
    }
  });
  /* eslint-enable @typescript-eslint/no-require-imports */
});
