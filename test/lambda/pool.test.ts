import { createHash } from 'crypto';
import {
  AccessDeniedException,
  CreateTagsCommand,
  CreateWorkspacesPoolCommand,
  DeleteTagsCommand,
  DescribeTagsCommand,
  DescribeWorkspacesPoolSessionsCommand,
  DescribeWorkspacesPoolsCommand,
  InvalidParameterValuesException,
  InvalidResourceStateException,
  OperationInProgressException,
  OperationNotSupportedException,
  ResourceAlreadyExistsException,
  ResourceLimitExceededException,
  ResourceNotFoundException,
  StartWorkspacesPoolCommand,
  StopWorkspacesPoolCommand,
  TerminateWorkspacesPoolCommand,
  TerminateWorkspacesPoolSessionCommand,
  UpdateWorkspacesPoolCommand,
  ValidationException,
  WorkSpacesClient,
  WorkSpacesServiceException,
  type DescribeWorkspacesPoolsCommandInput,
  type WorkspacesPool,
  type WorkspacesPoolSession,
} from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  CREATE_REQUEST_TAG,
  CREATE_VISIBILITY_GRACE_MS,
  OPERATION_TAG,
  PoolHandler,
  RESTART_TAG,
  STACK_RESOURCE_TAG,
  STACK_TAG,
  UPDATE_REQUEST_TAG,
  stackResourceId,
} from '../../lambda/pool/handler';
import { END_OF_SUPPORT_URL, TROUBLESHOOTING_URL } from '../../lambda/pool/messages';
import { PLAN_FIELD, type PoolPlan } from '../../lambda/pool/plan';
import { ORPHAN_SEARCH_WINDOW_MS } from '../../lambda/shared/ownership';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse, RequestType, ResourceProperties } from '../../lambda/shared/types';
import { overrideRequestBuilders } from '../support/provider-driver';

// ---------------------------------------------------------------------------
// fixtures
// ---------------------------------------------------------------------------

const NOW = Date.parse('2026-03-02T09:00:00.000Z');
const MINUTE = 60 * 1000;
const POOL_ID = 'wspool-abc123def';
const NEW_POOL_ID = 'wspool-xyz987uvw';
const POOL_ARN = `arn:aws:workspaces:eu-west-1:111122223333:workspacespool/${POOL_ID}`;
const BUNDLE_ID = 'wsb-0123456789';
const DIRECTORY_ID = 'wsd-0123456789';
const REQUEST_ID = '5d2c8f0e-3b7a-4c1d-9e6f-0a1b2c3d4e5f';
const OTHER_REQUEST_ID = 'c0ffee00-1234-4abc-8def-0123456789ab';
const SERVICE_TOKEN = 'arn:aws:lambda:eu-west-1:111122223333:function:IntegSharedProvider-framework-onEvent';
const STACK_ID = 'arn:aws:cloudformation:eu-west-1:111122223333:stack/CallCentre/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
/** The value of the stack-resource tag for STACK_ID and logical id Pool, computed here, not by the handler. */
const STACK_RESOURCE = createHash('sha256').update(`${STACK_ID}/Pool`).digest('hex');
const SESSION_IDS = [
  '3f2a9c1e-7b4d-4e8a-9c6f-1d2e3f4a5b6c',
  '8e7d6c5b-4a39-4281-b7c6-d5e4f3a2b1c0',
  'a1b2c3d4-e5f6-4071-8293-a4b5c6d7e8f9',
];
const LABEL = `'call-centre' (${POOL_ID})`;
/** The tags of a pool this stack resource created: its stack resource, and its stack (on which the role's permissions are conditioned). */
const STACK_ID_TAG = { Key: 'cdk-workspaces-constructs:stack-id', Value: STACK_ID };
const OWNED_TAGS = [{ Key: STACK_RESOURCE_TAG, Value: STACK_RESOURCE }, STACK_ID_TAG];
/** The tag this request sets when it takes charge of the pool at NOW. */
const MARK = { Key: 'cdk-workspaces-constructs:operation', Value: `${NOW}/${REQUEST_ID}` };

/** Resource properties as CloudFormation passes them: every scalar a string. `undefined` removes a key. */
function properties(overrides: Record<string, unknown> = {}): ResourceProperties {
  const merged: Record<string, unknown> = {
    ServiceToken: SERVICE_TOKEN,
    PoolName: 'call-centre',
    Description: 'Call centre agents',
    BundleId: BUNDLE_ID,
    DirectoryId: DIRECTORY_ID,
    DesiredUserSessions: '10',
    RunningMode: 'AUTO_STOP',
    DesiredState: 'RUNNING',
    TimeoutSeconds: '3600',
    Tags: [{ Key: 'team', Value: 'support' }],
    ...overrides,
  };
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined)) as ResourceProperties;
}

const { request, createEvent, updateEvent, deleteEvent } = overrideRequestBuilders({
  stackId: STACK_ID,
  resourceType: 'Custom::WorkspacesPool',
  logicalResourceId: 'Pool',
  properties,
  requestId: REQUEST_ID,
  physicalResourceId: POOL_ID,
});

/** What the Provider framework hands isComplete: the request with onEvent's answer merged in. */
function afterOnEvent(event: OnEventRequest, response: OnEventResponse): IsCompleteRequest {
  return { ...event, ...response } as IsCompleteRequest;
}

function planOf(response: OnEventResponse): PoolPlan {
  return (response as unknown as Record<string, PoolPlan>)[PLAN_FIELD];
}

function plan(overrides: Partial<PoolPlan> = {}): PoolPlan {
  const startedAt = NOW - 5 * MINUTE;
  return { operation: 'create', startedAt, deadline: startedAt + 60 * MINUTE, target: 'RUNNING', expectCapacity: 10, knownErrors: [], ...overrides };
}

/** An isComplete request carrying `p`, as the framework builds it for every poll. */
function poll(p: PoolPlan, props: Record<string, unknown> = {}): IsCompleteRequest {
  const requestType: RequestType = p.operation === 'delete' || p.operation === 'none' ? 'Delete' : p.operation === 'update' ? 'Update' : 'Create';
  return { ...request(requestType, props), PhysicalResourceId: POOL_ID, [PLAN_FIELD]: p } as IsCompleteRequest;
}

function pool(overrides: Partial<WorkspacesPool> = {}): WorkspacesPool {
  return {
    PoolId: POOL_ID,
    PoolArn: POOL_ARN,
    PoolName: 'call-centre',
    Description: 'Call centre agents',
    State: 'RUNNING',
    CreatedAt: new Date(NOW - 24 * 60 * MINUTE),
    BundleId: BUNDLE_ID,
    DirectoryId: DIRECTORY_ID,
    RunningMode: 'AUTO_STOP',
    CapacityStatus: { AvailableUserSessions: 10, DesiredUserSessions: 10, ActualUserSessions: 10, ActiveUserSessions: 0 },
    ...overrides,
  };
}

function session(sessionId: string, userId: string): WorkspacesPoolSession {
  return { SessionId: sessionId, PoolId: POOL_ID, UserId: userId, ConnectionState: 'CONNECTED', StartTime: new Date(NOW - 30 * MINUTE) };
}

// Errors the way the SDK rejects: an exception object whose name is the service's error code.
const meta = { httpStatusCode: 400, requestId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d', attempts: 6, totalRetryDelay: 9000 };
const notFound = () => new ResourceNotFoundException({ message: `The resource ${POOL_ID} could not be found.`, ResourceId: POOL_ID, $metadata: meta });
const throttling = () => new WorkSpacesServiceException({ name: 'ThrottlingException', $fault: 'client', message: 'Rate exceeded', $metadata: meta });
const unavailable = () => new WorkSpacesServiceException({
  name: 'UnknownError', $fault: 'server', message: 'Service Unavailable', $metadata: { ...meta, httpStatusCode: 503 },
});
const inProgress = () => new OperationInProgressException({ message: 'The properties of this pool are currently being modified.', $metadata: meta });
const invalidState = () => new InvalidResourceStateException({ message: 'The pool is not in a valid state for this operation', $metadata: meta });
const invalidParameter = (message: string) => new InvalidParameterValuesException({ message, $metadata: meta });
const accessDenied = (message: string) => new AccessDeniedException({ message, $metadata: meta });

const transientFaults: Array<[string, () => Error]> = [
  ['throttling', throttling],
  ['a 503', unavailable],
  ['OperationInProgressException', inProgress],
];

// ---------------------------------------------------------------------------
// harness
// ---------------------------------------------------------------------------

const ws = mockClient(WorkSpacesClient);
let now: number;
let logs: string[];
let handler: PoolHandler;
/** What DescribeWorkspacesPools by id returns; undefined: an empty list. */
let observed: WorkspacesPool | undefined;
/** What DescribeWorkspacesPools by name returns. */
let sameName: WorkspacesPool[];

beforeEach(() => {
  ws.reset();
  now = NOW;
  logs = [];
  observed = pool();
  sameName = [];
  handler = new PoolHandler(new WorkSpacesClient({ region: 'eu-west-1' }), { now: () => now, log: line => logs.push(line) });
  ws.on(DescribeWorkspacesPoolsCommand).callsFake((input: DescribeWorkspacesPoolsCommandInput) => {
    if (input.PoolIds) {
      return { WorkspacesPools: observed && input.PoolIds.includes(observed.PoolId ?? '') ? [observed] : [] };
    }
    return { WorkspacesPools: sameName };
  });
  ws.on(DescribeWorkspacesPoolSessionsCommand).resolves({ Sessions: [] });
  // The pool is this stack resource's unless a test says otherwise.
  ws.on(DescribeTagsCommand).resolves({ TagList: OWNED_TAGS });
  ws.on(CreateWorkspacesPoolCommand).resolves({ WorkspacesPool: pool({ State: 'CREATING' }) });
  ws.on(UpdateWorkspacesPoolCommand).resolves({ WorkspacesPool: pool({ State: 'UPDATING' }) });
  ws.on(StartWorkspacesPoolCommand).resolves({});
  ws.on(StopWorkspacesPoolCommand).resolves({});
  ws.on(TerminateWorkspacesPoolCommand).resolves({});
  ws.on(TerminateWorkspacesPoolSessionCommand).resolves({});
  ws.on(CreateTagsCommand).resolves({});
  ws.on(DeleteTagsCommand).resolves({});
});

/** The inputs of the UpdateWorkspacesPool calls, in order. */
const updatesSent = () => ws.commandCalls(UpdateWorkspacesPoolCommand).map(call => call.args[0].input);
/** A CreateTags call that only marks the pool as in an operation's charge. */
const markOnly = (input: { Tags?: Array<{ Key?: string }> }) => (input.Tags ?? []).every(tag => tag.Key === OPERATION_TAG);
/** The inputs of the CreateTags calls, in order, without the operation marks. */
const tagsSet = () => ws.commandCalls(CreateTagsCommand).map(call => call.args[0].input).filter(input => !markOnly(input));
/** The inputs of the CreateTags calls that mark the pool as in an operation's charge. */
const marksSet = () => ws.commandCalls(CreateTagsCommand).map(call => call.args[0].input).filter(markOnly);
/** The CreateTags call that records this request's update on the pool. */
const UPDATE_TAGGED = { ResourceId: POOL_ID, Tags: [{ Key: UPDATE_REQUEST_TAG, Value: REQUEST_ID }] };

/** The log lines of one kind, parsed. */
function logged(event: string): Array<Record<string, unknown>> {
  return logs.map(line => JSON.parse(line) as Record<string, unknown>).filter(entry => entry.event === event);
}

/** The handler changed nothing: no call that starts, stops, updates, tags, creates or terminates. */
function expectNoActions(): void {
  expect(ws).not.toHaveReceivedCommand(CreateWorkspacesPoolCommand);
  expect(ws).not.toHaveReceivedCommand(UpdateWorkspacesPoolCommand);
  expect(ws).not.toHaveReceivedCommand(StartWorkspacesPoolCommand);
  expect(ws).not.toHaveReceivedCommand(StopWorkspacesPoolCommand);
  expect(ws).not.toHaveReceivedCommand(TerminateWorkspacesPoolCommand);
  expect(ws).not.toHaveReceivedCommand(TerminateWorkspacesPoolSessionCommand);
  expect(ws).not.toHaveReceivedCommand(CreateTagsCommand);
  expect(ws).not.toHaveReceivedCommand(DeleteTagsCommand);
}

/** No change to the pool but the mark of this request's update (onEvent takes charge of the pool it updates). */
function expectOnlyMarked(): void {
  expect(marksSet()).toEqual([{ ResourceId: POOL_ID, Tags: [MARK] }]);
  expect(tagsSet()).toEqual([]);
  expect(ws).not.toHaveReceivedCommand(UpdateWorkspacesPoolCommand);
  expect(ws).not.toHaveReceivedCommand(StartWorkspacesPoolCommand);
  expect(ws).not.toHaveReceivedCommand(StopWorkspacesPoolCommand);
  expect(ws).not.toHaveReceivedCommand(TerminateWorkspacesPoolCommand);
  expect(ws).not.toHaveReceivedCommand(DeleteTagsCommand);
}

async function expectIncomplete(p: PoolPlan, props: Record<string, unknown> = {}): Promise<void> {
  await expect(handler.isComplete(poll(p, props))).resolves.toEqual({ IsComplete: false });
}

function complete(state: string): IsCompleteResponse {
  return { IsComplete: true, Data: { PoolId: POOL_ID, PoolArn: POOL_ARN, PoolName: 'call-centre', State: state } };
}

// ---------------------------------------------------------------------------
// onEvent
// ---------------------------------------------------------------------------

describe('Create', () => {
  test('creates the pool from the template\'s strings, tagged with the create request and the stack resource, and plans to wait for RUNNING', async () => {
    const response = await handler.onEvent(createEvent({
      RunningMode: 'ALWAYS_ON',
      DesiredUserSessions: '25',
      DisconnectTimeoutInSeconds: '900',
      IdleDisconnectTimeoutInSeconds: '600',
      MaxUserDurationInSeconds: '28800',
      ApplicationSettingsStatus: 'ENABLED',
      ApplicationSettingsGroup: 'call-centre-settings',
      Tags: [{ Key: 'team', Value: 'support' }, { Key: 'cost-centre', Value: '4711' }],
    }));

    expect(ws).toHaveReceivedCommandTimes(CreateWorkspacesPoolCommand, 1);
    expect(ws.commandCalls(CreateWorkspacesPoolCommand)[0].args[0].input).toEqual({
      PoolName: 'call-centre',
      Description: 'Call centre agents',
      BundleId: BUNDLE_ID,
      DirectoryId: DIRECTORY_ID,
      Capacity: { DesiredUserSessions: 25 },
      RunningMode: 'ALWAYS_ON',
      TimeoutSettings: { DisconnectTimeoutInSeconds: 900, IdleDisconnectTimeoutInSeconds: 600, MaxUserDurationInSeconds: 28800 },
      ApplicationSettings: { Status: 'ENABLED', SettingsGroup: 'call-centre-settings' },
      Tags: [
        { Key: 'team', Value: 'support' },
        { Key: 'cost-centre', Value: '4711' },
        { Key: CREATE_REQUEST_TAG, Value: REQUEST_ID },
        { Key: STACK_RESOURCE_TAG, Value: STACK_RESOURCE },
        MARK,
        STACK_ID_TAG,
      ],
    });
    expect(response).toEqual({
      PhysicalResourceId: POOL_ID,
      [PLAN_FIELD]: { operation: 'create', startedAt: NOW, deadline: NOW + 3600 * 1000, target: 'RUNNING', expectCapacity: 25, knownErrors: [] },
    });
    expect(response).not.toHaveProperty('Data');
    expect(logged('created')).toEqual([expect.objectContaining({ pool: POOL_ID, poolName: 'call-centre', runningMode: 'ALWAYS_ON' })]);
  });

  test('checks for a pool of the same name before creating one', async () => {
    await handler.onEvent(createEvent());

    expect(ws).toHaveReceivedCommandWith(DescribeWorkspacesPoolsCommand, {
      Filters: [{ Name: 'PoolName', Values: ['call-centre'], Operator: 'EQUALS' }],
    });
    expect(ws).not.toHaveReceivedCommand(DescribeTagsCommand);
  });

  test('leaves timeouts and application settings to the service, and applies the defaults, when the template sets none', async () => {
    const event = createEvent({ RunningMode: undefined, DesiredState: undefined, TimeoutSeconds: undefined, Tags: undefined });
    const response = await handler.onEvent(event);

    const input = ws.commandCalls(CreateWorkspacesPoolCommand)[0].args[0].input;
    expect(input.TimeoutSettings).toBeUndefined();
    expect(input.ApplicationSettings).toBeUndefined();
    expect(input.RunningMode).toBe('AUTO_STOP');
    expect(input.Tags).toEqual([{ Key: CREATE_REQUEST_TAG, Value: REQUEST_ID }, { Key: STACK_RESOURCE_TAG, Value: STACK_RESOURCE },
      MARK, STACK_ID_TAG]);
    expect(planOf(response)).toMatchObject({ target: 'RUNNING', deadline: NOW + 3300 * 1000 });
  });

  test('plans to stop a pool created with desiredState STOPPED, without a capacity to wait for', async () => {
    const response = await handler.onEvent(createEvent({ DesiredState: 'STOPPED' }));

    expect(planOf(response)).toEqual({ operation: 'create', startedAt: NOW, deadline: NOW + 3600 * 1000, target: 'STOPPED', expectCapacity: undefined, knownErrors: [] });
  });

  test('adopts the pool a retried delivery of this Create already made', async () => {
    sameName = [pool({ State: 'CREATING' })];
    ws.on(DescribeTagsCommand, { ResourceId: POOL_ID }).resolves({
      TagList: [{ Key: 'team', Value: 'support' }, { Key: CREATE_REQUEST_TAG, Value: REQUEST_ID }],
    });

    const response = await handler.onEvent(createEvent());

    expect(response.PhysicalResourceId).toBe(POOL_ID);
    expect(planOf(response)).toMatchObject({ operation: 'create', target: 'RUNNING', expectCapacity: 10 });
    expect(ws).not.toHaveReceivedCommand(CreateWorkspacesPoolCommand);
    expect(logged('adopted')).toHaveLength(1);
  });

  test('finds a same-name pool on a later page of DescribeWorkspacesPools', async () => {
    ws.on(DescribeWorkspacesPoolsCommand)
      .resolvesOnce({ WorkspacesPools: [pool({ PoolId: 'wspool-000000001', PoolName: 'call-centre-2' })], NextToken: 'page-2' })
      .resolvesOnce({ WorkspacesPools: [pool()] });
    ws.on(DescribeTagsCommand).resolves({ TagList: [{ Key: CREATE_REQUEST_TAG, Value: REQUEST_ID }] });

    const response = await handler.onEvent(createEvent());

    expect(response.PhysicalResourceId).toBe(POOL_ID);
    expect(ws.commandCalls(DescribeWorkspacesPoolsCommand).map(call => call.args[0].input.NextToken)).toEqual([undefined, 'page-2']);
    expect(ws).not.toHaveReceivedCommand(CreateWorkspacesPoolCommand);
  });

  test('creates the pool when no page holds a pool of that name', async () => {
    ws.on(DescribeWorkspacesPoolsCommand)
      .resolvesOnce({ WorkspacesPools: [], NextToken: 'page-2' })
      .resolvesOnce({ WorkspacesPools: [] });

    await handler.onEvent(createEvent());

    expect(ws).toHaveReceivedCommandTimes(DescribeWorkspacesPoolsCommand, 2);
    expect(ws).toHaveReceivedCommandTimes(CreateWorkspacesPoolCommand, 1);
  });

  test.each([
    ['another request\'s tag', [{ Key: CREATE_REQUEST_TAG, Value: OTHER_REQUEST_ID }]],
    ['no create-request tag', [{ Key: 'team', Value: 'support' }]],
  ])('fails when a same-name pool carries %s', async (_case, tags) => {
    sameName = [pool()];
    ws.on(DescribeTagsCommand).resolves({ TagList: tags });

    await expect(handler.onEvent(createEvent())).rejects.toThrow(
      `A WorkSpaces pool named 'call-centre' already exists in this account and Region (${POOL_ID}, state RUNNING), and this stack resource did not create it (`,
    );
    expect(ws).not.toHaveReceivedCommand(CreateWorkspacesPoolCommand);
  });

  // Only an Update that renames adopts on the stack-resource tag: a Create meeting a pool of this
  // resource (one retained from an earlier life of it, say) must not take it over silently.
  test('fails when a same-name pool carries only this stack resource\'s tag (a Create adopts only what its own request made)', async () => {
    sameName = [pool()];
    ws.on(DescribeTagsCommand).resolves({
      TagList: [{ Key: CREATE_REQUEST_TAG, Value: OTHER_REQUEST_ID }, { Key: STACK_RESOURCE_TAG, Value: STACK_RESOURCE }],
    });

    await expect(handler.onEvent(createEvent())).rejects.toThrow(`A WorkSpaces pool named 'call-centre' already exists in this account and Region (${POOL_ID}`);
    expect(ws).not.toHaveReceivedCommand(CreateWorkspacesPoolCommand);
    expect(logged('adopted')).toHaveLength(0);
  });

  test('explains the end of support when the service denies a new customer', async () => {
    ws.on(CreateWorkspacesPoolCommand).rejects(accessDenied('User: arn:aws:sts::111122223333:assumed-role/Handler is not authorized to perform: workspaces:CreateWorkspacesPool'));

    const failure = handler.onEvent(createEvent());

    await expect(failure).rejects.toThrow(/^Creating WorkSpaces pool 'call-centre' was refused: AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role\/Handler is not authorized/);
    await expect(failure).rejects.toThrow(/end of support on 2027-12-31/);
    await expect(failure).rejects.toThrow(END_OF_SUPPORT_URL);
  });

  test('names the quota when the account is at its limit', async () => {
    ws.on(CreateWorkspacesPoolCommand).rejects(new ResourceLimitExceededException({ message: 'The maximum number of pools has been reached', $metadata: meta }));

    await expect(handler.onEvent(createEvent())).rejects.toThrow(
      'Creating WorkSpaces pool \'call-centre\' was refused: ResourceLimitExceededException: The maximum number of pools has been reached. ' +
      'The account has reached a WorkSpaces quota; request an increase in Service Quotas',
    );
  });

  test.each([
    ['InvalidParameterValuesException', () => invalidParameter(`The bundle ${BUNDLE_ID} is not supported for pools.`)],
    ['ResourceNotFoundException', () => new ResourceNotFoundException({ message: `The directory ${DIRECTORY_ID} could not be found.`, $metadata: meta })],
  ])('names the directory and bundle to check on %s', async (name, error) => {
    ws.on(CreateWorkspacesPoolCommand).rejects(error());

    const failure = handler.onEvent(createEvent());

    await expect(failure).rejects.toThrow(`Creating WorkSpaces pool 'call-centre' was refused: ${name}: `);
    await expect(failure).rejects.toThrow(`Check that directory ${DIRECTORY_ID} is registered with WorkSpaces for pools in this Region and that bundle ${BUNDLE_ID} exists here`);
  });

  test('adopts the pool when an SDK retry of this Create meets the pool its first attempt made', async () => {
    ws.on(CreateWorkspacesPoolCommand).callsFake(async () => {
      sameName = [pool({ State: 'CREATING' })];
      throw new ResourceAlreadyExistsException({ message: 'The pool already exists', $metadata: { ...meta, attempts: 2 } });
    });
    ws.on(DescribeTagsCommand, { ResourceId: POOL_ID }).resolves({ TagList: [{ Key: CREATE_REQUEST_TAG, Value: REQUEST_ID }] });

    const response = await handler.onEvent(createEvent());

    expect(response.PhysicalResourceId).toBe(POOL_ID);
    expect(planOf(response)).toMatchObject({ operation: 'create', target: 'RUNNING' });
    expect(ws).toHaveReceivedCommandTimes(CreateWorkspacesPoolCommand, 1);
  });

  test('refuses the pool an SDK retry meets when another request created it', async () => {
    ws.on(CreateWorkspacesPoolCommand).callsFake(async () => {
      sameName = [pool({ State: 'CREATING' })];
      throw new ResourceAlreadyExistsException({ message: 'The pool already exists', $metadata: meta });
    });
    ws.on(DescribeTagsCommand).resolves({ TagList: [{ Key: CREATE_REQUEST_TAG, Value: OTHER_REQUEST_ID }] });

    await expect(handler.onEvent(createEvent())).rejects.toThrow(`A WorkSpaces pool named 'call-centre' already exists in this account and Region (${POOL_ID}`);
  });

  test('tells to choose another name when the service reports the pool exists', async () => {
    ws.on(CreateWorkspacesPoolCommand).rejects(new ResourceAlreadyExistsException({ message: 'The pool already exists', $metadata: meta }));

    await expect(handler.onEvent(createEvent())).rejects.toThrow(/was refused: ResourceAlreadyExistsException: The pool already exists\. Choose another poolName/);
  });

  test('reports any other failure with the service\'s error', async () => {
    ws.on(CreateWorkspacesPoolCommand).rejects(unavailable());

    await expect(handler.onEvent(createEvent())).rejects.toThrow(
      'Creating WorkSpaces pool \'call-centre\' failed: UnknownError: Service Unavailable. Nothing was created; deploy again once the cause is fixed.',
    );
  });

  // onEvent must not throw once the pool exists: the Provider framework would then ignore the rollback's Delete.
  test('does not throw when CreateWorkspacesPool succeeds without a pool id: answers an id that is not a pool id, and isComplete finds the pool', async () => {
    ws.on(CreateWorkspacesPoolCommand).resolves({});
    const event = createEvent();

    const response = await handler.onEvent(event);

    expect(response.PhysicalResourceId).not.toMatch(/^wspool-/);
    expect(logged('create-unconfirmed')).toEqual([expect.objectContaining({ poolName: 'call-centre', reason: 'CreateWorkspacesPool returned no pool id' })]);
    // The pool this request made is found by name and request tag, and becomes the physical id when complete.
    sameName = [pool()];
    ws.on(DescribeTagsCommand).resolves({
      TagList: [{ Key: CREATE_REQUEST_TAG, Value: REQUEST_ID }, { Key: STACK_RESOURCE_TAG, Value: STACK_RESOURCE }],
    });
    await expect(handler.isComplete(afterOnEvent(event, response))).resolves.toEqual({ ...complete('RUNNING'), PhysicalResourceId: POOL_ID });
  });

  test('does not throw when the lookup after ResourceAlreadyExistsException fails: the pool may be this request\'s', async () => {
    ws.on(CreateWorkspacesPoolCommand).rejects(new ResourceAlreadyExistsException({ message: 'The pool already exists.', $metadata: meta }));
    ws.on(DescribeWorkspacesPoolsCommand).resolvesOnce({ WorkspacesPools: [] }).rejects(throttling());

    const response = await handler.onEvent(createEvent());

    expect(response.PhysicalResourceId).not.toMatch(/^wspool-/);
    expect(logged('create-unconfirmed')).toHaveLength(1);
  });

  test('isComplete fails after the grace period when no pool of this request can be found, and says the rollback deletes it', async () => {
    const event = createEvent();
    const response = { PhysicalResourceId: 'pool-id-unknown-x', [PLAN_FIELD]: plan({ startedAt: NOW - CREATE_VISIBILITY_GRACE_MS - 1 }) } as OnEventResponse;
    sameName = [];

    await expect(handler.isComplete(afterOnEvent(event, response))).rejects.toThrow(
      'WorkSpaces pool \'call-centre\' was created, but no pool of that name made by this request can be found.',
    );
    expectNoActions();
  });

  test.each([['throttling', throttling], ['ResourceNotFoundException', notFound]])(
    'isComplete waits when looking for the pool of this request meets %s', async (_case, fault) => {
      const response = { PhysicalResourceId: 'pool-id-unknown-x', [PLAN_FIELD]: plan({ startedAt: NOW }) } as OnEventResponse;
      ws.on(DescribeWorkspacesPoolsCommand).rejects(fault());

      await expect(handler.isComplete(afterOnEvent(createEvent(), response))).resolves.toEqual({ IsComplete: false });
      expect(logged('waiting')).toEqual([expect.objectContaining({ state: 'not found yet' })]);
      expectNoActions();
    });

  test('isComplete fails when looking for the pool of this request is refused, and names the permissions', async () => {
    const response = { PhysicalResourceId: 'pool-id-unknown-x', [PLAN_FIELD]: plan({ startedAt: NOW }) } as OnEventResponse;
    ws.on(DescribeWorkspacesPoolsCommand).rejects(accessDenied('User is not authorized to perform: workspaces:DescribeWorkspacesPools'));

    await expect(handler.isComplete(afterOnEvent(createEvent(), response))).rejects.toThrow(
      'Looking for the WorkSpaces pool \'call-centre\' this deploy created failed: AccessDeniedException: User is not authorized to perform: workspaces:DescribeWorkspacesPools. ' +
      'Check the handler role\'s workspaces:DescribeWorkspacesPools and workspaces:DescribeTags permissions, then deploy again (the rollback deletes the pool).',
    );
    expectNoActions();
  });

  test('rejects invalid properties before calling the service', async () => {
    await expect(handler.onEvent(createEvent({ DesiredUserSessions: 'ten' }))).rejects.toThrow(
      'Custom::WorkspacesPool property DesiredUserSessions must be a whole number from 0 to 2147483647, in decimal digits, got "ten"',
    );
    expect(ws.calls()).toHaveLength(0);
  });

  test('rejects a blank DesiredUserSessions before calling the service', async () => {
    await expect(handler.onEvent(createEvent({ DesiredUserSessions: '  ' }))).rejects.toThrow(
      'Custom::WorkspacesPool property DesiredUserSessions must be a whole number from 0 to 2147483647, in decimal digits, got "  "',
    );
    expect(ws.calls()).toHaveLength(0);
  });
});

describe('reserved tag keys that reach the handler', () => {
  const forged = [{ Key: 'team', Value: 'support' }, { Key: STACK_RESOURCE_TAG, Value: 'f'.repeat(64) }];

  test('a Create carrying one is refused before any call that creates or tags', async () => {
    await expect(handler.onEvent(createEvent({ Tags: forged }))).rejects.toThrow(
      `Custom::WorkspacesPool property Tags has the tag key "${STACK_RESOURCE_TAG}": keys starting with 'cdk-workspaces-constructs:' are reserved`,
    );
    expectNoActions();
  });

  test('an Update carrying one is refused, and the pool\'s ownership tags are never written over', async () => {
    await expect(handler.onEvent(updateEvent({ Tags: forged }))).rejects.toThrow(/reserved for the ownership tags cdk-workspaces-constructs writes/);
    expectNoActions();
  });
});

describe('stackResourceId', () => {
  test('is the SHA-256 of the stack id and the logical id, in hex: short enough for a tag value', () => {
    const id = stackResourceId({ StackId: STACK_ID, LogicalResourceId: 'Pool' });

    expect(id).toBe(STACK_RESOURCE);
    expect(id).toMatch(/^[0-9a-f]{64}$/);
  });

  test('tells the resources of a stack apart, and the same logical id in two stacks', () => {
    const otherStack = STACK_ID.replace('CallCentre/0f1e2d3c', 'HelpDesk/1a2b3c4d');

    expect(stackResourceId({ StackId: STACK_ID, LogicalResourceId: 'OtherPool' })).not.toBe(STACK_RESOURCE);
    expect(stackResourceId({ StackId: otherStack, LogicalResourceId: 'Pool' })).not.toBe(STACK_RESOURCE);
    expect(stackResourceId({ StackId: otherStack, LogicalResourceId: 'Pool' })).toBe(createHash('sha256').update(`${otherStack}/Pool`).digest('hex'));
  });
});

describe('Update', () => {
  test('changes nothing when only the operation timeout changed, and completes on the pool as it is', async () => {
    const event = updateEvent({ TimeoutSeconds: '3000' });
    const response = await handler.onEvent(event);

    expectOnlyMarked();
    expect(response).toEqual({
      PhysicalResourceId: POOL_ID,
      [PLAN_FIELD]: {
        operation: 'update', startedAt: NOW, deadline: NOW + 3000 * 1000, knownErrors: [], drainUntil: undefined, expectCapacity: undefined, target: undefined,
      },
    });

    await expect(handler.isComplete(afterOnEvent(event, response))).resolves.toEqual(complete('RUNNING'));
    expectOnlyMarked();
  });

  test('leaves a pool that a schedule stopped STOPPED when desiredState did not change', async () => {
    observed = pool({ State: 'STOPPED' });
    const event = updateEvent({ Description: 'Help desk agents' });
    const response = await handler.onEvent(event);
    observed = pool({ State: 'STOPPED', Description: 'Help desk agents' });

    await expect(handler.isComplete(afterOnEvent(event, response))).resolves.toEqual(complete('STOPPED'));
    expect(ws).not.toHaveReceivedCommand(StartWorkspacesPoolCommand);
  });

  test('adds, changes and removes tags, and leaves the create-request tag alone', async () => {
    await handler.onEvent(updateEvent(
      { Tags: [{ Key: 'team', Value: 'helpdesk' }, { Key: 'environment', Value: 'production' }, { Key: 'owner', Value: 'ops' }] },
      { Tags: [{ Key: 'team', Value: 'support' }, { Key: 'cost-centre', Value: '4711' }, { Key: 'owner', Value: 'ops' }] },
    ));

    expect(ws).toHaveReceivedCommandTimes(DeleteTagsCommand, 1);
    expect(ws).toHaveReceivedCommandWith(DeleteTagsCommand, { ResourceId: POOL_ID, TagKeys: ['cost-centre'] });
    expect(tagsSet()).toHaveLength(1);
    expect(tagsSet()[0]).toEqual({
      ResourceId: POOL_ID,
      Tags: [{ Key: 'team', Value: 'helpdesk' }, { Key: 'environment', Value: 'production' }],
    });
    expect(ws).not.toHaveReceivedCommand(UpdateWorkspacesPoolCommand);
    expect(logged('tagged')).toEqual([expect.objectContaining({ set: ['team', 'environment'], removed: ['cost-centre'] })]);
  });

  test('only removes tags when tags were only removed', async () => {
    await handler.onEvent(updateEvent({ Tags: undefined }, { Tags: [{ Key: 'team', Value: 'support' }] }));

    expect(ws).toHaveReceivedCommandWith(DeleteTagsCommand, { ResourceId: POOL_ID, TagKeys: ['team'] });
    expect(tagsSet()).toEqual([]);
  });

  test('sends only Capacity when only the capacity changed, and waits for the pool to report it', async () => {
    const event = updateEvent({ DesiredUserSessions: '20' });
    const response = await handler.onEvent(event);

    expect(ws).toHaveReceivedCommandTimes(UpdateWorkspacesPoolCommand, 1);
    expect(ws.commandCalls(UpdateWorkspacesPoolCommand)[0].args[0].input).toEqual({ PoolId: POOL_ID, Capacity: { DesiredUserSessions: 20 } });
    expect(planOf(response)).toMatchObject({ operation: 'update', changes: { Capacity: { DesiredUserSessions: 20 } }, expectCapacity: 20 });
    expect(planOf(response).target).toBeUndefined();

    observed = pool({ State: 'UPDATING' });
    await expect(handler.isComplete(afterOnEvent(event, response))).resolves.toEqual({ IsComplete: false });
    observed = pool({ CapacityStatus: { AvailableUserSessions: 20, DesiredUserSessions: 20, ActualUserSessions: 12, ActiveUserSessions: 0 } });
    await expect(handler.isComplete(afterOnEvent(event, response))).resolves.toEqual(complete('RUNNING'));
    expect(ws).toHaveReceivedCommandTimes(UpdateWorkspacesPoolCommand, 1);
  });

  test('tags the pool with the update request once it has sent a capacity change', async () => {
    await handler.onEvent(updateEvent({ DesiredUserSessions: '20', Description: 'Help desk agents' }));

    expect(updatesSent()).toEqual([{ PoolId: POOL_ID, Description: 'Help desk agents', Capacity: { DesiredUserSessions: 20 } }]);
    expect(tagsSet()).toEqual([UPDATE_TAGGED]);
    // After the update, not before: the tag says the update went through.
    const commands = ws.calls().map(call => call.args[0]);
    expect(commands.findIndex(c => c instanceof CreateTagsCommand && !markOnly(c.input)))
      .toBeGreaterThan(commands.findIndex(c => c instanceof UpdateWorkspacesPoolCommand));
  });

  test('does not tag the update request when the update changes no capacity', async () => {
    await handler.onEvent(updateEvent({ Description: 'Help desk agents' }));

    expect(ws).toHaveReceivedCommand(UpdateWorkspacesPoolCommand);
    expect(tagsSet()).toEqual([]);
  });

  test.each([
    ['OperationInProgressException', inProgress],
    ['InvalidResourceStateException', invalidState],
  ])('does not tag the update request when the capacity change is deferred on %s', async (_name, error) => {
    ws.on(UpdateWorkspacesPoolCommand).rejects(error());

    await handler.onEvent(updateEvent({ DesiredUserSessions: '20' }));

    expect(tagsSet()).toEqual([]);
    expect(logged('update-deferred')).toHaveLength(1);
  });

  test('does not fail the update when tagging the update request fails: it logs it', async () => {
    ws.on(CreateTagsCommand).rejects(accessDenied('not authorized to perform: workspaces:CreateTags'));

    const response = await handler.onEvent(updateEvent({ DesiredUserSessions: '20' }));

    expect(response.PhysicalResourceId).toBe(POOL_ID);
    expect(planOf(response)).toMatchObject({ operation: 'update', changes: { Capacity: { DesiredUserSessions: 20 } }, expectCapacity: 20 });
    expect(logged('updated')).toHaveLength(1);
    expect(logged('update-tag-failed')).toEqual([expect.objectContaining({ pool: POOL_ID, error: 'AccessDeniedException: not authorized to perform: workspaces:CreateTags' })]);
    expect(logged('update-deferred')).toHaveLength(0);
  });

  test('sends the changed configuration fields and nothing else', async () => {
    await handler.onEvent(updateEvent(
      { Description: 'Help desk agents', BundleId: 'wsb-9876543210', IdleDisconnectTimeoutInSeconds: '1200', ApplicationSettingsStatus: undefined },
      { IdleDisconnectTimeoutInSeconds: '600', ApplicationSettingsStatus: 'ENABLED', ApplicationSettingsGroup: 'call-centre-settings' },
    ));

    expect(ws.commandCalls(UpdateWorkspacesPoolCommand)[0].args[0].input).toEqual({
      PoolId: POOL_ID,
      Description: 'Help desk agents',
      BundleId: 'wsb-9876543210',
      TimeoutSettings: { DisconnectTimeoutInSeconds: undefined, IdleDisconnectTimeoutInSeconds: 1200, MaxUserDurationInSeconds: undefined },
      ApplicationSettings: { Status: 'DISABLED' },
    });
  });

  test('stops a RUNNING pool for a RunningMode change, updates it, and starts it again', async () => {
    const event = updateEvent({ RunningMode: 'ALWAYS_ON' }, { RunningMode: 'AUTO_STOP' });
    const response = await handler.onEvent(event);

    // onEvent only plans: the mode changes only while the pool is STOPPED.
    expect(ws).not.toHaveReceivedCommand(UpdateWorkspacesPoolCommand);
    expect(ws).not.toHaveReceivedCommand(StopWorkspacesPoolCommand);
    expect(planOf(response)).toMatchObject({ operation: 'update', changes: { RunningMode: 'ALWAYS_ON' }, target: 'RUNNING', restoreState: 'RUNNING' });
    const next = () => handler.isComplete(afterOnEvent(event, response));

    // 1. RUNNING in the old mode: stop it.
    await expect(next()).resolves.toEqual({ IsComplete: false });
    expect(ws).toHaveReceivedCommandWith(StopWorkspacesPoolCommand, { PoolId: POOL_ID });
    expect(ws).not.toHaveReceivedCommand(UpdateWorkspacesPoolCommand);

    // 2. STOPPING: wait.
    observed = pool({ State: 'STOPPING' });
    await expect(next()).resolves.toEqual({ IsComplete: false });
    expect(ws).toHaveReceivedCommandTimes(StopWorkspacesPoolCommand, 1);

    // 3. STOPPED in the old mode: update.
    observed = pool({ State: 'STOPPED', CapacityStatus: { AvailableUserSessions: 0, DesiredUserSessions: 0, ActualUserSessions: 0, ActiveUserSessions: 0 } });
    await expect(next()).resolves.toEqual({ IsComplete: false });
    expect(ws).toHaveReceivedCommandWith(UpdateWorkspacesPoolCommand, { PoolId: POOL_ID, RunningMode: 'ALWAYS_ON' });
    expect(ws).not.toHaveReceivedCommand(StartWorkspacesPoolCommand);

    // 4. UPDATING: wait.
    observed = pool({ State: 'UPDATING', RunningMode: 'ALWAYS_ON' });
    await expect(next()).resolves.toEqual({ IsComplete: false });

    // 5. STOPPED in the new mode: restore the state it was in.
    observed = pool({ State: 'STOPPED', RunningMode: 'ALWAYS_ON', CapacityStatus: undefined });
    await expect(next()).resolves.toEqual({ IsComplete: false });
    expect(ws).toHaveReceivedCommandWith(StartWorkspacesPoolCommand, { PoolId: POOL_ID });

    // 6. STARTING, then RUNNING in the new mode: done.
    observed = pool({ State: 'STARTING', RunningMode: 'ALWAYS_ON' });
    await expect(next()).resolves.toEqual({ IsComplete: false });
    observed = pool({ RunningMode: 'ALWAYS_ON' });
    await expect(next()).resolves.toEqual(complete('RUNNING'));

    expect(ws).toHaveReceivedCommandTimes(StopWorkspacesPoolCommand, 1);
    expect(ws).toHaveReceivedCommandTimes(UpdateWorkspacesPoolCommand, 1);
    expect(ws).toHaveReceivedCommandTimes(StartWorkspacesPoolCommand, 1);
  });

  test('plans to end STOPPED when the RunningMode change comes with desiredState STOPPED', async () => {
    const response = await handler.onEvent(updateEvent({ RunningMode: 'ALWAYS_ON', DesiredState: 'STOPPED' }));

    expect(planOf(response)).toMatchObject({ target: 'STOPPED', restoreState: 'RUNNING', changes: { RunningMode: 'ALWAYS_ON' } });
    expect(ws).not.toHaveReceivedCommand(UpdateWorkspacesPoolCommand);
  });

  test('plans to end STOPPED for a RunningMode change that finds the pool STOPPING', async () => {
    observed = pool({ State: 'STOPPING' });

    const response = await handler.onEvent(updateEvent({ RunningMode: 'ALWAYS_ON' }));

    expect(planOf(response)).toMatchObject({ changes: { RunningMode: 'ALWAYS_ON' }, target: 'STOPPED', restoreState: 'STOPPED' });
    expectOnlyMarked();
  });

  test('changes the RunningMode of a STOPPED pool at once', async () => {
    observed = pool({ State: 'STOPPED' });
    const response = await handler.onEvent(updateEvent({ RunningMode: 'ALWAYS_ON' }));

    expect(ws.commandCalls(UpdateWorkspacesPoolCommand)[0].args[0].input).toEqual({ PoolId: POOL_ID, RunningMode: 'ALWAYS_ON' });
    expect(planOf(response)).toMatchObject({ changes: { RunningMode: 'ALWAYS_ON' } });
    expect(planOf(response).restoreState).toBeUndefined();
    expect(planOf(response).target).toBeUndefined();
    expect(ws).not.toHaveReceivedCommand(StopWorkspacesPoolCommand);
  });

  test('starts a STOPPED ALWAYS_ON pool switched back to AUTO_STOP when desiredState is RUNNING', async () => {
    observed = pool({ State: 'STOPPED', RunningMode: 'ALWAYS_ON' });

    const response = await handler.onEvent(updateEvent({ RunningMode: 'AUTO_STOP' }, { RunningMode: 'ALWAYS_ON' }));

    expect(ws.commandCalls(UpdateWorkspacesPoolCommand)[0].args[0].input).toEqual({ PoolId: POOL_ID, RunningMode: 'AUTO_STOP' });
    expect(planOf(response)).toMatchObject({ changes: { RunningMode: 'AUTO_STOP' }, target: 'RUNNING' });
  });

  test('leaves a STOPPED ALWAYS_ON pool switched back to AUTO_STOP stopped when desiredState is STOPPED', async () => {
    observed = pool({ State: 'STOPPED', RunningMode: 'ALWAYS_ON' });

    const response = await handler.onEvent(updateEvent({ RunningMode: 'AUTO_STOP', DesiredState: 'STOPPED' }, { RunningMode: 'ALWAYS_ON', DesiredState: 'STOPPED' }));

    expect(planOf(response).target).toBeUndefined();
  });

  test('drops a RunningMode change the pool already shows (the rollback of an update that never switched it)', async () => {
    const response = await handler.onEvent(updateEvent({ RunningMode: 'AUTO_STOP' }, { RunningMode: 'ALWAYS_ON' }));

    expectOnlyMarked();
    expect(planOf(response).changes).toBeUndefined();
    expect(planOf(response).restoreState).toBeUndefined();
  });

  test('plans the desiredState change with the drain timeout', async () => {
    const response = await handler.onEvent(updateEvent({ DesiredState: 'STOPPED', DrainTimeoutSeconds: '600' }));

    expectOnlyMarked();
    expect(planOf(response)).toMatchObject({ operation: 'update', target: 'STOPPED', drainUntil: NOW + 600 * 1000 });
  });

  test('records the errors the pool already has as known', async () => {
    observed = pool({ Errors: [{ ErrorCode: 'SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES', ErrorMessage: 'Not enough IP addresses' }, { ErrorMessage: 'no code' }] });

    const response = await handler.onEvent(updateEvent({ Description: 'Help desk agents' }));

    expect(planOf(response).knownErrors).toEqual(['SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES', 'UNKNOWN']);
  });

  test('fails with the service\'s answer when it refuses the update', async () => {
    ws.on(UpdateWorkspacesPoolCommand).rejects(invalidParameter('The bundle wsb-9876543210 is not valid'));

    await expect(handler.onEvent(updateEvent({ BundleId: 'wsb-9876543210' }))).rejects.toThrow(
      `Updating WorkSpaces pool ${LABEL} was refused: InvalidParameterValuesException: The bundle wsb-9876543210 is not valid. ` +
      'The pool is unchanged (RUNNING); fix the change and deploy again.',
    );
  });

  // A service message that ends in a period - as AWS messages usually do - is quoted without "..".
  test('quotes a service message that ends in a period without doubling the period', async () => {
    ws.on(UpdateWorkspacesPoolCommand).rejects(invalidParameter('The bundle wsb-9876543210 is not valid.'));

    await expect(handler.onEvent(updateEvent({ BundleId: 'wsb-9876543210' }))).rejects.toThrow(expect.objectContaining({
      message: expect.not.stringContaining('..') as unknown as string,
    }));
  });

  test.each([
    ['OperationInProgressException', inProgress],
    ['InvalidResourceStateException', invalidState],
    ['throttling', throttling],
  ])('defers the update to isComplete on %s', async (_name, error) => {
    ws.on(UpdateWorkspacesPoolCommand).rejectsOnce(error());
    const event = updateEvent({ Description: 'Help desk agents' });

    const response = await handler.onEvent(event);

    expect(planOf(response)).toMatchObject({ changes: { Description: 'Help desk agents' } });
    expect(logged('update-deferred')).toHaveLength(1);

    // The next poll sees the pool without the change and applies it.
    await expect(handler.isComplete(afterOnEvent(event, response))).resolves.toEqual({ IsComplete: false });
    expect(ws.commandCalls(UpdateWorkspacesPoolCommand).map(call => call.args[0].input)).toEqual([
      { PoolId: POOL_ID, Description: 'Help desk agents' },
      { PoolId: POOL_ID, Description: 'Help desk agents' },
    ]);
  });

  test('creates a new pool under a new physical id when the name changes', async () => {
    ws.on(CreateWorkspacesPoolCommand).resolves({ WorkspacesPool: pool({ PoolId: NEW_POOL_ID, PoolName: 'help-desk', State: 'CREATING' }) });

    const response = await handler.onEvent(updateEvent({ PoolName: 'help-desk' }, { PoolName: 'call-centre' }));

    expect(response.PhysicalResourceId).toBe(NEW_POOL_ID);
    expect(planOf(response)).toMatchObject({ operation: 'create', target: 'RUNNING', expectCapacity: 10 });
    expect(ws).toHaveReceivedCommandWith(CreateWorkspacesPoolCommand, { PoolName: 'help-desk' });
    expect(ws).toHaveReceivedCommandWith(DescribeWorkspacesPoolsCommand, { Filters: [{ Name: 'PoolName', Values: ['help-desk'], Operator: 'EQUALS' }] });
    expect(ws).not.toHaveReceivedCommandWith(DescribeWorkspacesPoolsCommand, { PoolIds: [POOL_ID] });
    expect(ws).not.toHaveReceivedCommand(UpdateWorkspacesPoolCommand);
    expect(logged('replacing')).toEqual([expect.objectContaining({ pool: POOL_ID, from: 'call-centre', to: 'help-desk' })]);
  });

  test('tags the new pool of a rename with the update request and the stack resource', async () => {
    ws.on(CreateWorkspacesPoolCommand).resolves({ WorkspacesPool: pool({ PoolId: NEW_POOL_ID, PoolName: 'help-desk', State: 'CREATING' }) });

    await handler.onEvent(updateEvent({ PoolName: 'help-desk' }, { PoolName: 'call-centre' }));

    expect(ws.commandCalls(CreateWorkspacesPoolCommand)[0].args[0].input.Tags).toEqual([
      { Key: 'team', Value: 'support' },
      { Key: CREATE_REQUEST_TAG, Value: REQUEST_ID },
      { Key: STACK_RESOURCE_TAG, Value: STACK_RESOURCE },
      MARK,
      STACK_ID_TAG,
    ]);
  });

  test('adopts this resource\'s previous pool when an Update renames back to its name (CloudFormation rolling back a rename)', async () => {
    // The failed rename made NEW_POOL_ID; the rollback renames back to 'call-centre', whose pool still exists.
    sameName = [pool()];
    ws.on(DescribeTagsCommand, { ResourceId: POOL_ID }).resolves({
      TagList: [{ Key: 'team', Value: 'support' }, { Key: CREATE_REQUEST_TAG, Value: OTHER_REQUEST_ID }, { Key: STACK_RESOURCE_TAG, Value: STACK_RESOURCE }],
    });
    const event = updateEvent({ PoolName: 'call-centre' }, { PoolName: 'help-desk' }, NEW_POOL_ID);

    const response = await handler.onEvent(event);

    expect(response.PhysicalResourceId).toBe(POOL_ID);
    expect(planOf(response)).toMatchObject({ operation: 'create', target: 'RUNNING', expectCapacity: 10 });
    expect(ws).not.toHaveReceivedCommand(CreateWorkspacesPoolCommand);
    expect(logged('adopted')).toEqual([expect.objectContaining({ pool: POOL_ID, reason: 'the previous pool of this stack resource, renamed back' })]);

    await expect(handler.isComplete(afterOnEvent(event, response))).resolves.toEqual(complete('RUNNING'));
    expectNoActions();
  });

  test.each([
    ['no stack-resource tag', [{ Key: 'team', Value: 'support' }, { Key: CREATE_REQUEST_TAG, Value: OTHER_REQUEST_ID }]],
    ['the tag of another resource of this stack', [{ Key: STACK_RESOURCE_TAG, Value: createHash('sha256').update(`${STACK_ID}/OtherPool`).digest('hex') }]],
    ['the tag of this logical id in another stack', [{ Key: STACK_RESOURCE_TAG, Value: createHash('sha256').update(`${STACK_ID.replace('CallCentre', 'HelpDesk')}/Pool`).digest('hex') }]],
  ])('refuses a same-name pool on a rename when it carries %s', async (_case, tags) => {
    sameName = [pool()];
    ws.on(DescribeTagsCommand, { ResourceId: POOL_ID }).resolves({ TagList: tags });

    await expect(handler.onEvent(updateEvent({ PoolName: 'call-centre' }, { PoolName: 'help-desk' }, NEW_POOL_ID))).rejects.toThrow(
      `A WorkSpaces pool named 'call-centre' already exists in this account and Region (${POOL_ID}, state RUNNING), and this stack resource did not create it (`,
    );
    expect(ws).not.toHaveReceivedCommand(CreateWorkspacesPoolCommand);
    expect(logged('adopted')).toHaveLength(0);
  });

  test.each([
    ['an empty list', () => { observed = undefined; }],
    ['ResourceNotFoundException', () => { ws.on(DescribeWorkspacesPoolsCommand).rejects(notFound()); }],
  ])('fails when the pool vanished (%s)', async (_case, arrange) => {
    arrange();

    await expect(handler.onEvent(updateEvent({ Description: 'Help desk agents' }))).rejects.toThrow(
      `WorkSpaces pool ${LABEL} no longer exists: it was deleted outside this stack.`,
    );
    expectNoActions();
  });

  test('fails when the physical id is not a pool id (the Create never completed)', async () => {
    await expect(handler.onEvent(updateEvent({ Description: 'Help desk agents' }, {}, '2026/03/02/[$LATEST]0123456789abcdef'))).rejects.toThrow(
      'Custom::WorkspacesPool Pool has physical id \'2026/03/02/[$LATEST]0123456789abcdef\', which is not a pool id',
    );
    expect(ws.calls()).toHaveLength(0);
  });
});

describe('Delete', () => {
  // CloudFormation makes up the physical id of a create it cancelled; its format is undocumented, so none is assumed.
  describe.each([
    ['a log stream name', '2026/03/02/[$LATEST]0123456789abcdef'],
    ['an empty id', ''],
    ['a stack-style name', 'CallCentre-Pool-1A2B3C4D5E6F'],
  ])('a physical id that is not a pool id (%s)', (_case, physicalId) => {
    test('plans to search by name for the pool a cancelled create made, without calling the service', async () => {
      const response = await handler.onEvent(deleteEvent({}, physicalId));

      expect(response.PhysicalResourceId).toBe(physicalId);
      expect(planOf(response)).toMatchObject({ operation: 'delete', searchUntil: NOW + ORPHAN_SEARCH_WINDOW_MS });
      expect(ws.calls()).toHaveLength(0);
    });

    test('gives a short timeout at least the search window, so a pool found late is still deleted', async () => {
      const response = await handler.onEvent(deleteEvent({ TimeoutSeconds: '120' }, physicalId));

      expect(planOf(response).deadline).toBe(NOW + ORPHAN_SEARCH_WINDOW_MS);
    });

    test('deletes the pool of that name this stack resource owns: marks it, then terminates it', async () => {
      const event = deleteEvent({}, physicalId);
      const response = await handler.onEvent(event);
      sameName = [pool({ CreatedAt: new Date(NOW - 2 * MINUTE) })];

      await expect(handler.isComplete(afterOnEvent(event, response))).resolves.toEqual({ IsComplete: false });

      expect(ws).toHaveReceivedCommandWith(CreateTagsCommand, { ResourceId: POOL_ID, Tags: [MARK] });
      expect(ws).toHaveReceivedCommandWith(TerminateWorkspacesPoolCommand, { PoolId: POOL_ID });
    });

    test('waits while the pool it found is still CREATING, marked but not terminated', async () => {
      const event = deleteEvent({}, physicalId);
      const response = await handler.onEvent(event);
      sameName = [pool({ State: 'CREATING', CreatedAt: new Date(NOW - 2 * MINUTE) })];

      await expect(handler.isComplete(afterOnEvent(event, response))).resolves.toEqual({ IsComplete: false });

      expect(ws).toHaveReceivedCommandWith(CreateTagsCommand, { ResourceId: POOL_ID, Tags: [MARK] });
      expect(ws).not.toHaveReceivedCommand(TerminateWorkspacesPoolCommand);
    });

    test('never removes a pool of that name this stack resource retained from an earlier life (created before the cancelled create could have begun)', async () => {
      const event = deleteEvent({}, physicalId);
      const response = await handler.onEvent(event);
      sameName = [pool({ CreatedAt: new Date(NOW - 62 * MINUTE - 1) })];

      await expect(handler.isComplete(afterOnEvent(event, response))).resolves.toEqual({ IsComplete: true });

      expectNoActions();
      expect(logged('left-alone')).toEqual([expect.objectContaining({
        pool: POOL_ID,
        reason: expect.stringMatching(/^made at 2026-03-02T07:57:59\.999Z, before the operation this cleans up after could have begun \(2026-03-02T07:58:00\.000Z\): an earlier life/) as unknown,
      })]);
    });

    test('never touches a pool of that name another stack resource owns, and says so in the log', async () => {
      const event = deleteEvent({}, physicalId);
      const response = await handler.onEvent(event);
      sameName = [pool()];
      ws.on(DescribeTagsCommand).resolves({ TagList: [{ Key: STACK_RESOURCE_TAG, Value: 'f'.repeat(64) }] });

      await expect(handler.isComplete(afterOnEvent(event, response))).resolves.toEqual({ IsComplete: true });

      expectNoActions();
      expect(logged('left-alone')).toEqual([expect.objectContaining({ pool: POOL_ID, reason: expect.stringContaining('f'.repeat(64)) as unknown })]);
    });

    test('keeps looking while a cancelled create may still make the pool, then completes with nothing to delete', async () => {
      const event = deleteEvent({}, physicalId);
      const response = await handler.onEvent(event);
      sameName = [];

      await expect(handler.isComplete(afterOnEvent(event, response))).resolves.toEqual({ IsComplete: false });
      now = NOW + ORPHAN_SEARCH_WINDOW_MS - 1;
      await expect(handler.isComplete(afterOnEvent(event, response))).resolves.toEqual({ IsComplete: false });
      now = NOW + ORPHAN_SEARCH_WINDOW_MS;
      await expect(handler.isComplete(afterOnEvent(event, response))).resolves.toEqual({ IsComplete: true });

      expectNoActions();
      expect(logged('nothing-to-delete')).toHaveLength(1);
    });
  });

  test('plans the termination without calling the service', async () => {
    const response = await handler.onEvent(deleteEvent({ DrainTimeoutSeconds: '900' }));

    expect(response).toEqual({
      PhysicalResourceId: POOL_ID,
      [PLAN_FIELD]: { operation: 'delete', startedAt: NOW, deadline: NOW + 3600 * 1000, knownErrors: [], drainUntil: NOW + 900 * 1000 },
    });
    expect(ws.calls()).toHaveLength(0);
  });

  test('plans no drain when the template sets none', async () => {
    const response = await handler.onEvent(deleteEvent());

    expect(planOf(response).drainUntil).toBeUndefined();
  });

  test('terminates the pool at the first poll and completes once it is gone', async () => {
    const event = deleteEvent();
    const response = await handler.onEvent(event);

    await expect(handler.isComplete(afterOnEvent(event, response))).resolves.toEqual({ IsComplete: false });
    expect(ws).toHaveReceivedCommandWith(TerminateWorkspacesPoolCommand, { PoolId: POOL_ID });

    observed = pool({ State: 'DELETING' });
    await expect(handler.isComplete(afterOnEvent(event, response))).resolves.toEqual({ IsComplete: false });

    observed = undefined;
    await expect(handler.isComplete(afterOnEvent(event, response))).resolves.toEqual({ IsComplete: true });
    expect(ws).toHaveReceivedCommandTimes(TerminateWorkspacesPoolCommand, 1);
  });
});

// ---------------------------------------------------------------------------
// isComplete
// ---------------------------------------------------------------------------

describe('a Delete whose properties cannot be read', () => {
  const unreadable = { DesiredUserSessions: '1e3', TimeoutSeconds: 'PT1H' };

  test('with a physical id that is not a pool id: does nothing, logs why and succeeds (no Create of such properties made a pool)', async () => {
    const event = deleteEvent(unreadable, 'CreateFailed');

    const response = await handler.onEvent(event);
    await expect(handler.isComplete(afterOnEvent(event, response))).resolves.toEqual({ IsComplete: true });

    expect(planOf(response)).toMatchObject({ operation: 'none' });
    expect(ws.calls()).toHaveLength(0);
    expect(logged('nothing-to-delete')).toEqual([expect.objectContaining({
      physicalResourceId: 'CreateFailed',
      reason: expect.stringMatching(/^the properties cannot be read \(Error: Custom::WorkspacesPool property DesiredUserSessions .*"1e3"/) as unknown,
    })]);
  });

  test('with a pool id: still deletes the pool it owns, by its id, with the default timeout (never orphans it)', async () => {
    const event = deleteEvent(unreadable);

    const response = await handler.onEvent(event);
    expect(planOf(response)).toMatchObject({ operation: 'delete', deadline: NOW + 3300 * 1000, drainUntil: undefined });
    await expect(handler.isComplete(afterOnEvent(event, response))).resolves.toEqual({ IsComplete: false });

    expect(ws).toHaveReceivedCommandWith(TerminateWorkspacesPoolCommand, { PoolId: POOL_ID });
    expect(logged('properties-unreadable')).toEqual([expect.objectContaining({ pool: POOL_ID, reason: expect.stringContaining('"1e3"') as unknown })]);
  });

  test('with a pool id of a pool another stack resource owns: leaves it alone and succeeds', async () => {
    ws.on(DescribeTagsCommand).resolves({ TagList: [{ Key: STACK_RESOURCE_TAG, Value: 'f'.repeat(64) }] });
    const event = deleteEvent(unreadable);

    const response = await handler.onEvent(event);
    await expect(handler.isComplete(afterOnEvent(event, response))).resolves.toEqual({ IsComplete: true });
    expectNoActions();
  });
});

describe('isComplete: looking for what a cancelled operation made', () => {
  test('a refused lookup for the pool a cancelled create made fails the delete and names the permissions', async () => {
    const event = deleteEvent({}, 'e5b0e3a0-6f0c-4f59-8c5e-1d2f3a4b5c6d');
    const response = await handler.onEvent(event);
    ws.on(DescribeWorkspacesPoolsCommand).rejects(accessDenied('User is not authorized to perform: workspaces:DescribeWorkspacesPools'));

    await expect(handler.isComplete(afterOnEvent(event, response))).rejects.toThrow(
      'Looking for the WorkSpaces pool \'call-centre\' that a cancelled create of this resource may have made failed: ' +
      'AccessDeniedException: User is not authorized to perform: workspaces:DescribeWorkspacesPools. ' +
      'Check the handler role\'s workspaces:DescribeWorkspacesPools and workspaces:DescribeTags permissions, then retry the stack operation.',
    );
    expectNoActions();
  });

  test('a refused lookup for the pool a rolled-back rename made fails the update and names the permissions', async () => {
    ws.on(DescribeWorkspacesPoolsCommand).rejects(accessDenied('User is not authorized to perform: workspaces:DescribeWorkspacesPools'));

    await expect(handler.isComplete(poll(plan({ operation: 'update', cleanup: { poolName: 'call-centre-2', keep: POOL_ID, searchUntil: NOW + MINUTE } })))).rejects.toThrow(
      'Looking for the WorkSpaces pool \'call-centre-2\' that the rolled-back rename of this resource may have made failed: ' +
      'AccessDeniedException: User is not authorized to perform: workspaces:DescribeWorkspacesPools. ' +
      'Check the handler role\'s workspaces:DescribeWorkspacesPools and workspaces:DescribeTags permissions, then retry the stack operation.',
    );
    expectNoActions();
  });
});

describe('isComplete: plan', () => {
  test('fails a request that carries no plan', async () => {
    const event = { ...request('Create', {}), PhysicalResourceId: POOL_ID } as IsCompleteRequest;

    await expect(handler.isComplete(event)).rejects.toThrow('The isComplete request carries no pool plan');
    expect(ws.calls()).toHaveLength(0);
  });
});

describe('isComplete: pool states, create and update', () => {
  const transitional = ['CREATING', 'UPDATING', 'STARTING', 'STOPPING'] as const;
  const targets = ['RUNNING', 'STOPPED', undefined] as const;

  describe.each(transitional)('%s', state => {
    test.each(targets)('waits, whatever the target (%s)', async target => {
      observed = pool({ State: state });

      await expectIncomplete(plan({ operation: target ? 'create' : 'update', target }));
      expectNoActions();
      expect(logged('waiting')).toEqual([expect.objectContaining({ state })]);
    });
  });

  test.each(targets)('fails a DELETING pool (target %s): it is being deleted outside the stack', async target => {
    observed = pool({ State: 'DELETING' });

    await expect(handler.isComplete(poll(plan({ target })))).rejects.toThrow(`WorkSpaces pool ${LABEL} is being deleted outside this stack.`);
    expectNoActions();
  });

  test('completes a RUNNING pool when the target is RUNNING and the capacity is there', async () => {
    await expect(handler.isComplete(poll(plan({ target: 'RUNNING', expectCapacity: 10 })))).resolves.toEqual(complete('RUNNING'));
    expectNoActions();
    expect(logged('complete')).toHaveLength(1);
  });

  test('stops a RUNNING pool when the target is STOPPED', async () => {
    await expectIncomplete(plan({ target: 'STOPPED', expectCapacity: undefined }));

    expect(ws).toHaveReceivedCommandWith(StopWorkspacesPoolCommand, { PoolId: POOL_ID });
    expect(ws).toHaveReceivedCommandWith(DescribeWorkspacesPoolSessionsCommand, { PoolId: POOL_ID });
    expect(logged('stopping')).toEqual([expect.objectContaining({ why: 'as desiredState asks' })]);
  });

  test('starts a STOPPED pool when the target is RUNNING', async () => {
    observed = pool({ State: 'STOPPED' });

    await expectIncomplete(plan({ target: 'RUNNING' }));

    expect(ws).toHaveReceivedCommandWith(StartWorkspacesPoolCommand, { PoolId: POOL_ID });
    expect(ws).not.toHaveReceivedCommand(StopWorkspacesPoolCommand);
  });

  test('completes a STOPPED pool when the target is STOPPED', async () => {
    observed = pool({ State: 'STOPPED' });

    await expect(handler.isComplete(poll(plan({ target: 'STOPPED', expectCapacity: undefined })))).resolves.toEqual(complete('STOPPED'));
    expectNoActions();
  });

  test.each(['RUNNING', 'STOPPED'] as const)('completes a %s pool when the update has no target', async state => {
    observed = pool({ State: state });

    await expect(handler.isComplete(poll(plan({ operation: 'update', target: undefined, expectCapacity: undefined })))).resolves.toEqual(complete(state));
    expectNoActions();
  });
});

describe('isComplete: capacity', () => {
  test('waits until the pool reports the expected capacity', async () => {
    observed = pool({ CapacityStatus: { AvailableUserSessions: 5, DesiredUserSessions: 5, ActualUserSessions: 5, ActiveUserSessions: 2 } });

    await expectIncomplete(plan({ expectCapacity: 10 }));

    expectNoActions();
    expect(logged('waiting')).toEqual([expect.objectContaining({ detail: 'waiting for desired capacity 10 (5 of 5 desired sessions provisioned, 2 in use)' })]);
  });

  test('waits when the pool reports no capacity yet', async () => {
    observed = pool({ CapacityStatus: undefined });

    await expectIncomplete(plan({ expectCapacity: 10 }));
  });

  test('does not wait for capacity when the target is STOPPED', async () => {
    observed = pool({ State: 'STOPPED', CapacityStatus: { AvailableUserSessions: 0, DesiredUserSessions: 0, ActualUserSessions: 0, ActiveUserSessions: 0 } });

    await expect(handler.isComplete(poll(plan({ target: 'STOPPED', expectCapacity: 10 })))).resolves.toEqual(complete('STOPPED'));
  });

  test('completes without a capacity expectation whatever the pool reports', async () => {
    observed = pool({ CapacityStatus: { AvailableUserSessions: 3, DesiredUserSessions: 3, ActualUserSessions: 3, ActiveUserSessions: 0 } });

    await expect(handler.isComplete(poll(plan({ expectCapacity: undefined })))).resolves.toEqual(complete('RUNNING'));
  });
});

describe('isComplete: pool errors', () => {
  test('fails on a new error, naming pool, state, target, codes, messages, hints and capacity', async () => {
    observed = pool({
      Errors: [
        { ErrorCode: 'IAM_SERVICE_ROLE_IS_MISSING', ErrorMessage: 'The workspaces_DefaultRole role could not be assumed.' },
        { ErrorCode: 'STS_DISABLED_IN_REGION', ErrorMessage: 'STS is disabled in eu-west-1.' },
      ],
      CapacityStatus: { AvailableUserSessions: 0, DesiredUserSessions: 10, ActualUserSessions: 0, ActiveUserSessions: 0 },
    });

    const failure = handler.isComplete(poll(plan({ target: 'RUNNING' })));

    await expect(failure).rejects.toThrow(`WorkSpaces pool ${LABEL} settled in state RUNNING with errors while this deploy was taking it to RUNNING: `);
    await expect(failure).rejects.toThrow('IAM_SERVICE_ROLE_IS_MISSING: The workspaces_DefaultRole role could not be assumed. (what to do: the account has no IAM role named workspaces_DefaultRole');
    await expect(failure).rejects.toThrow(`STS_DISABLED_IN_REGION: STS is disabled in eu-west-1. (what to do: see ${TROUBLESHOOTING_URL})`);
    await expect(failure).rejects.toThrow('0 of 10 desired sessions provisioned, 0 in use');
    expectNoActions();
  });

  test('names only the new errors when known ones are present too', async () => {
    observed = pool({
      State: 'STOPPED',
      Errors: [
        { ErrorCode: 'SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES', ErrorMessage: 'Not enough IP addresses' },
        { ErrorCode: 'DOMAIN_JOIN_ERROR_LOGON_FAILURE', ErrorMessage: 'The user name or password is incorrect.' },
      ],
    });

    const failure = handler.isComplete(poll(plan({ operation: 'update', target: 'STOPPED', knownErrors: ['SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES'] })));

    await expect(failure).rejects.toThrow('settled in state STOPPED with errors while this deploy was taking it to STOPPED: DOMAIN_JOIN_ERROR_LOGON_FAILURE: The user name or password is incorrect.');
    await expect(failure).rejects.toThrow('ActiveDirectoryConfig');
    await expect(failure).rejects.toThrow(expect.objectContaining({ message: expect.not.stringContaining('SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES') as unknown as string }));
  });

  test('names the stable state as target when the update has none', async () => {
    observed = pool({ Errors: [{ ErrorCode: 'BUNDLE_NOT_FOUND', ErrorMessage: 'Bundle not found' }] });

    await expect(handler.isComplete(poll(plan({ operation: 'update', target: undefined })))).rejects.toThrow('while this deploy was taking it to RUNNING: BUNDLE_NOT_FOUND');
  });

  test('logs known errors and goes on', async () => {
    observed = pool({ Errors: [{ ErrorCode: 'SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES', ErrorMessage: 'Not enough IP addresses' }] });

    await expect(handler.isComplete(poll(plan({ operation: 'update', target: undefined, knownErrors: ['SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES'] }))))
      .resolves.toEqual(complete('RUNNING'));
    expect(logged('known-errors')).toEqual([expect.objectContaining({ errors: expect.stringContaining('SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES') })]);
  });

  test('does not judge errors while the pool is still changing', async () => {
    observed = pool({ State: 'CREATING', Errors: [{ ErrorCode: 'IAM_SERVICE_ROLE_IS_MISSING', ErrorMessage: 'missing' }] });

    await expectIncomplete(plan());
  });

  test('starts a pool that this operation stopped again before failing on a new error', async () => {
    observed = pool({ State: 'STOPPED', Errors: [{ ErrorCode: 'INTERNAL_SERVICE_ERROR', ErrorMessage: 'Internal error' }] });

    await expect(handler.isComplete(poll(plan({ operation: 'update', changes: { RunningMode: 'ALWAYS_ON' }, restoreState: 'RUNNING' }))))
      .rejects.toThrow('INTERNAL_SERVICE_ERROR: Internal error');
    expect(ws).toHaveReceivedCommandWith(StartWorkspacesPoolCommand, { PoolId: POOL_ID });
    expect(logged('restarted-after-failure')).toHaveLength(1);
  });
});

describe('isComplete: deadline', () => {
  test('fails once the deadline passed, with the last state, capacity and errors seen', async () => {
    now = NOW + 2 * 60 * MINUTE;
    observed = pool({
      State: 'UPDATING',
      CapacityStatus: { AvailableUserSessions: 2, DesiredUserSessions: 10, ActualUserSessions: 4, ActiveUserSessions: 1 },
      Errors: [{ ErrorCode: 'WORKSPACES_POOL_INSTANCE_PROVISIONING_FAILURE', ErrorMessage: 'Insufficient capacity' }],
    });

    const failure = handler.isComplete(poll(plan({ startedAt: NOW, deadline: NOW + 60 * MINUTE, target: 'RUNNING' })));

    await expect(failure).rejects.toThrow(`WorkSpaces pool ${LABEL} did not reach RUNNING within the timeout of 1 h: last seen in state UPDATING`);
    await expect(failure).rejects.toThrow('4 of 10 desired sessions provisioned, 1 in use; errors: WORKSPACES_POOL_INSTANCE_PROVISIONING_FAILURE: Insufficient capacity');
    expectNoActions();
  });

  test('still polls at the deadline itself', async () => {
    now = NOW + 60 * MINUTE;
    observed = pool({ State: 'STARTING' });

    await expectIncomplete(plan({ startedAt: NOW, deadline: NOW + 60 * MINUTE }));
  });

  test('names the stable state when the update has no target', async () => {
    now = NOW + 61 * MINUTE;
    observed = pool({ State: 'UPDATING' });

    await expect(handler.isComplete(poll(plan({ operation: 'update', startedAt: NOW, deadline: NOW + 55 * MINUTE, target: undefined }))))
      .rejects.toThrow('did not reach a stable state within the timeout of 55 min: last seen in state UPDATING');
  });

  test('fails a delete that outlasts its deadline', async () => {
    now = NOW + 61 * MINUTE;
    observed = pool({ State: 'DELETING' });

    await expect(handler.isComplete(poll(plan({ operation: 'delete', startedAt: NOW, deadline: NOW + 60 * MINUTE, target: undefined }))))
      .rejects.toThrow(`WorkSpaces pool ${LABEL} did not reach deleted within the timeout of 1 h: last seen in state DELETING`);
  });

  test('fails once the deadline passed even while describing is throttled', async () => {
    now = NOW + 61 * MINUTE;
    ws.on(DescribeWorkspacesPoolsCommand).rejects(throttling());

    await expect(handler.isComplete(poll(plan({ startedAt: NOW, deadline: NOW + 60 * MINUTE })))).rejects.toThrow('did not reach RUNNING within the timeout of 1 h');
  });

  // A describe that keeps failing with throttling or a 5xx says nothing about the pool: the message
  // must not say the pool is gone when it was merely not described.
  test('does not claim the pool was not found when describing it was throttled', async () => {
    now = NOW + 61 * MINUTE;
    ws.on(DescribeWorkspacesPoolsCommand).rejects(throttling());

    await expect(handler.isComplete(poll(plan({ startedAt: NOW, deadline: NOW + 60 * MINUTE })))).rejects.toThrow(expect.objectContaining({
      message: expect.not.stringContaining('not found') as unknown as string,
    }));
  });

  test('says the pool could not be described at the deadline, quoting the describe failure', async () => {
    now = NOW + 61 * MINUTE;
    ws.on(DescribeWorkspacesPoolsCommand).rejects(throttling());

    await expect(handler.isComplete(poll(plan({ startedAt: NOW, deadline: NOW + 60 * MINUTE })))).rejects.toThrow(new Error(
      `WorkSpaces pool ${LABEL} did not reach RUNNING within the timeout of 1 h: the pool could not be described at the deadline (ThrottlingException: Rate exceeded). ` +
      'Check the pool in the WorkSpaces console; if it is still making progress, raise the WorkspacesPool timeout (at most the provider\'s total timeout) and deploy again.',
    ));
  });

  test('says so for a delete too, naming deleted as the target and the 5xx', async () => {
    now = NOW + 61 * MINUTE;
    ws.on(DescribeWorkspacesPoolsCommand).rejects(unavailable());

    await expect(handler.isComplete(poll(plan({ operation: 'delete', startedAt: NOW, deadline: NOW + 60 * MINUTE, target: undefined })))).rejects.toThrow(
      `WorkSpaces pool ${LABEL} did not reach deleted within the timeout of 1 h: the pool could not be described at the deadline (UnknownError: Service Unavailable). `,
    );
    expectNoActions();
  });

  test('quotes a describe failure that ends in a period without doubling it', async () => {
    now = NOW + 61 * MINUTE;
    ws.on(DescribeWorkspacesPoolsCommand).rejects(new WorkSpacesServiceException({
      name: 'InternalFailure', $fault: 'server', message: 'The request processing has failed because of an unknown error.', $metadata: { ...meta, httpStatusCode: 500 },
    }));

    await expect(handler.isComplete(poll(plan({ startedAt: NOW, deadline: NOW + 60 * MINUTE })))).rejects.toThrow(
      'the pool could not be described at the deadline (InternalFailure: The request processing has failed because of an unknown error). Check the pool',
    );
  });
});

describe('isComplete: faults while describing', () => {
  test.each(transientFaults)('answers "not yet" on %s, for create, update and delete', async (_name, error) => {
    ws.on(DescribeWorkspacesPoolsCommand).rejects(error());

    await expectIncomplete(plan({ operation: 'create' }));
    await expectIncomplete(plan({ operation: 'update', target: undefined }));
    await expectIncomplete(plan({ operation: 'delete', target: undefined }));
    expectNoActions();
    expect(logged('not-yet')).toHaveLength(3);
  });

  test('fails on an error that will not go away, naming the permission', async () => {
    ws.on(DescribeWorkspacesPoolsCommand).rejects(accessDenied('User is not authorized to perform: workspaces:DescribeWorkspacesPools'));

    await expect(handler.isComplete(poll(plan()))).rejects.toThrow(
      `Describing WorkSpaces pool ${LABEL} failed: AccessDeniedException: User is not authorized to perform: workspaces:DescribeWorkspacesPools. ` +
      'Check the handler role\'s workspaces:DescribeWorkspacesPools permission.',
    );
  });
});

describe('isComplete: pool not found', () => {
  const absent: Array<[string, () => void]> = [
    ['an empty list', () => { observed = undefined; }],
    ['ResourceNotFoundException', () => { ws.on(DescribeWorkspacesPoolsCommand).rejects(notFound()); }],
  ];

  test.each(absent)('waits for a just-created pool to become visible (%s)', async (_case, arrange) => {
    arrange();
    now = NOW + CREATE_VISIBILITY_GRACE_MS - 1;

    await expectIncomplete(plan({ operation: 'create', startedAt: NOW }));
    expect(logged('waiting')).toEqual([expect.objectContaining({ state: 'not visible yet' })]);
  });

  test.each(absent)('fails a create whose pool stays invisible past the grace period (%s)', async (_case, arrange) => {
    arrange();
    now = NOW + CREATE_VISIBILITY_GRACE_MS;

    await expect(handler.isComplete(poll(plan({ operation: 'create', startedAt: NOW })))).rejects.toThrow(`WorkSpaces pool ${LABEL} no longer exists`);
  });

  test.each(absent)('fails an update of a pool that vanished (%s)', async (_case, arrange) => {
    arrange();

    await expect(handler.isComplete(poll(plan({ operation: 'update', startedAt: NOW })))).rejects.toThrow(
      `WorkSpaces pool ${LABEL} no longer exists: it was deleted outside this stack. Change poolName to create a new pool, or remove the pool from the stack.`,
    );
  });

  test.each(absent)('completes a delete (%s)', async (_case, arrange) => {
    arrange();

    await expect(handler.isComplete(poll(plan({ operation: 'delete', target: undefined })))).resolves.toEqual({ IsComplete: true });
    expectNoActions();
    expect(logged('deleted')).toHaveLength(1);
  });
});

describe('isComplete: delete, pool states', () => {
  const deletePlan = (overrides: Partial<PoolPlan> = {}) => plan({ operation: 'delete', target: undefined, expectCapacity: undefined, ...overrides });

  test('waits while the pool is DELETING, changing nothing', async () => {
    observed = pool({ State: 'DELETING' });

    await expectIncomplete(deletePlan());
    expectNoActions();
  });

  // Marked at once, so that the waiter of a cancelled create or update of this pool stops before its next change.
  test.each(['CREATING', 'UPDATING', 'STARTING', 'STOPPING'] as const)('waits while the pool is %s, marked as being deleted by this request', async state => {
    observed = pool({ State: state });

    await expectIncomplete(deletePlan());
    expect(marksSet()).toEqual([{ ResourceId: POOL_ID, Tags: [MARK] }]);
    expect(ws).not.toHaveReceivedCommand(StopWorkspacesPoolCommand);
    expect(ws).not.toHaveReceivedCommand(TerminateWorkspacesPoolCommand);
  });

  test('does not mark a pool this request has marked already', async () => {
    ws.on(DescribeTagsCommand).resolves({
      TagList: [...OWNED_TAGS, MARK],
    });

    await expectIncomplete(deletePlan());
    expect(ws).not.toHaveReceivedCommand(CreateTagsCommand);
    expect(ws).toHaveReceivedCommandWith(TerminateWorkspacesPoolCommand, { PoolId: POOL_ID });
  });

  test('terminates all the same when the mark cannot be set (50 tags already), and logs it', async () => {
    ws.on(CreateTagsCommand).rejects(new ResourceLimitExceededException({ message: 'The tag limit was exceeded.', $metadata: meta }));

    await expectIncomplete(deletePlan());
    expect(ws).toHaveReceivedCommandWith(TerminateWorkspacesPoolCommand, { PoolId: POOL_ID });
    expect(logged('mark-failed')).toHaveLength(1);
  });

  test.each(['RUNNING', 'STOPPED'] as const)('terminates a %s pool', async state => {
    observed = pool({ State: state });

    await expectIncomplete(deletePlan());
    expect(ws).toHaveReceivedCommandWith(TerminateWorkspacesPoolCommand, { PoolId: POOL_ID });
    expect(ws).not.toHaveReceivedCommand(StopWorkspacesPoolCommand);
    expect(logged('terminating')).toEqual([expect.objectContaining({ why: 'because it was removed from the stack' })]);
  });

  test('ignores the pool\'s errors', async () => {
    observed = pool({ State: 'STOPPED', Errors: [{ ErrorCode: 'SUBNET_NOT_FOUND', ErrorMessage: 'gone' }] });

    await expectIncomplete(deletePlan());
    expect(ws).toHaveReceivedCommand(TerminateWorkspacesPoolCommand);
  });

  test('completes when the pool disappears between describe and terminate', async () => {
    ws.on(TerminateWorkspacesPoolCommand).rejects(notFound());

    await expect(handler.isComplete(poll(deletePlan()))).resolves.toEqual({ IsComplete: true });
  });

  test('stops a RUNNING AUTO_STOP pool first when the service refuses to terminate it in that state', async () => {
    ws.on(TerminateWorkspacesPoolCommand).rejects(invalidState());

    await expectIncomplete(deletePlan({ drainUntil: NOW + 10 * MINUTE }));

    expect(ws).toHaveReceivedCommandWith(StopWorkspacesPoolCommand, { PoolId: POOL_ID });
    expect(logged('stopping')).toEqual([expect.objectContaining({ why: 'before terminating it' })]);

    // Once STOPPED, the next poll terminates it.
    ws.on(TerminateWorkspacesPoolCommand).resolves({});
    observed = pool({ State: 'STOPPED' });
    await expectIncomplete(deletePlan());
    expect(ws).toHaveReceivedCommandTimes(TerminateWorkspacesPoolCommand, 2);
  });

  test.each([
    ['an ALWAYS_ON pool', { RunningMode: 'ALWAYS_ON' as const }],
    ['a STOPPED pool', { State: 'STOPPED' as const }],
  ])('fails when the service refuses to terminate %s', async (_case, overrides) => {
    observed = pool(overrides);
    ws.on(TerminateWorkspacesPoolCommand).rejects(invalidState());

    await expect(handler.isComplete(poll(deletePlan()))).rejects.toThrow(
      /could not be terminated because it was removed from the stack: InvalidResourceStateException: .*Terminate it from the WorkSpaces console or CLI \(aws workspaces terminate-workspaces-pool\)/,
    );
    expect(ws).not.toHaveReceivedCommand(StopWorkspacesPoolCommand);
  });

  test('fails when the stop before terminating is refused too', async () => {
    ws.on(TerminateWorkspacesPoolCommand).rejects(invalidState());
    ws.on(StopWorkspacesPoolCommand).rejects(new ValidationException({ message: 'Pool cannot be stopped', $metadata: meta }));

    await expect(handler.isComplete(poll(deletePlan()))).rejects.toThrow(`WorkSpaces pool ${LABEL} could not be stopped before terminating it: ValidationException: Pool cannot be stopped.`);
  });
});

describe('isComplete: faults during actions', () => {
  test.each(transientFaults)('answers "not yet" when StartWorkspacesPool meets %s', async (_name, error) => {
    observed = pool({ State: 'STOPPED' });
    ws.on(StartWorkspacesPoolCommand).rejects(error());

    await expectIncomplete(plan());
    expect(ws).toHaveReceivedCommand(StartWorkspacesPoolCommand);
  });

  test.each(transientFaults)('answers "not yet" when StopWorkspacesPool meets %s', async (_name, error) => {
    ws.on(StopWorkspacesPoolCommand).rejects(error());

    await expectIncomplete(plan({ target: 'STOPPED' }));
    expect(ws).toHaveReceivedCommand(StopWorkspacesPoolCommand);
  });

  test.each(transientFaults)('answers "not yet" when TerminateWorkspacesPool meets %s', async (_name, error) => {
    ws.on(TerminateWorkspacesPoolCommand).rejects(error());

    await expectIncomplete(plan({ operation: 'delete', target: undefined }));
    expect(ws).toHaveReceivedCommand(TerminateWorkspacesPoolCommand);
  });

  test.each(transientFaults)('answers "not yet" when UpdateWorkspacesPool meets %s', async (_name, error) => {
    ws.on(UpdateWorkspacesPoolCommand).rejects(error());

    await expectIncomplete(plan({ operation: 'update', target: undefined, changes: { Description: 'Help desk agents' } }));
    expect(ws).toHaveReceivedCommand(UpdateWorkspacesPoolCommand);
  });

  test.each(transientFaults)('answers "not yet" when listing sessions meets %s', async (_name, error) => {
    ws.on(DescribeWorkspacesPoolSessionsCommand).rejects(error());

    await expectIncomplete(plan({ target: 'STOPPED' }));
    await expectIncomplete(plan({ operation: 'delete', target: undefined }));
    expect(ws).not.toHaveReceivedCommand(StopWorkspacesPoolCommand);
    expect(ws).not.toHaveReceivedCommand(TerminateWorkspacesPoolCommand);
  });

  test('fails when listing sessions is denied, saying the pool is unchanged', async () => {
    ws.on(DescribeWorkspacesPoolSessionsCommand).rejects(accessDenied('not authorized to perform: workspaces:DescribeWorkspacesPoolSessions'));

    await expect(handler.isComplete(poll(plan({ target: 'STOPPED' })))).rejects.toThrow(
      `Listing the sessions of WorkSpaces pool ${LABEL} before stopping it failed: AccessDeniedException: not authorized to perform: workspaces:DescribeWorkspacesPoolSessions. The pool is RUNNING and unchanged.`,
    );
    await expect(handler.isComplete(poll(plan({ operation: 'delete', target: undefined })))).rejects.toThrow('before terminating it failed');
    expect(ws).not.toHaveReceivedCommand(StopWorkspacesPoolCommand);
  });

  test('fails when the service refuses to stop an ALWAYS_ON pool for desiredState STOPPED', async () => {
    observed = pool({ RunningMode: 'ALWAYS_ON' });
    ws.on(StopWorkspacesPoolCommand).rejects(invalidState());

    await expect(handler.isComplete(poll(plan({ target: 'STOPPED' })))).rejects.toThrow(
      `WorkSpaces pool ${LABEL} could not be stopped as desiredState asks: InvalidResourceStateException: The pool is not in a valid state for this operation. ` +
      'The pool is still RUNNING in ALWAYS_ON mode. Only AUTO_STOP pools can be stopped; keep desiredState RUNNING for ALWAYS_ON pools.',
    );
  });

  test('fails a RunningMode change when the pool cannot be stopped, saying its configuration was not changed', async () => {
    observed = pool({ RunningMode: 'ALWAYS_ON' });
    ws.on(StopWorkspacesPoolCommand).rejects(invalidState());

    const failure = handler.isComplete(poll(plan({ operation: 'update', changes: { RunningMode: 'AUTO_STOP' }, target: 'RUNNING', restoreState: 'RUNNING' })));

    await expect(failure).rejects.toThrow(`WorkSpaces pool ${LABEL} could not be stopped to change its running mode from ALWAYS_ON to AUTO_STOP: the service answered InvalidResourceStateException`);
    await expect(failure).rejects.toThrow(
      'the service answered InvalidResourceStateException: The pool is not in a valid state for this operation. ' +
      'The pool is still RUNNING in ALWAYS_ON mode, and its configuration was not changed. ',
    );
    await expect(failure).rejects.toThrow(expect.objectContaining({ message: expect.not.stringContaining('no change of this deploy') as unknown as string }));
    expect(ws).not.toHaveReceivedCommand(UpdateWorkspacesPoolCommand);
  });

  test('fails a RunningMode change when stopping an AUTO_STOP pool is denied, saying how to stop it', async () => {
    ws.on(StopWorkspacesPoolCommand).rejects(accessDenied('not authorized to perform: workspaces:StopWorkspacesPool'));

    const failure = handler.isComplete(poll(plan({ operation: 'update', changes: { RunningMode: 'ALWAYS_ON' }, target: 'RUNNING', restoreState: 'RUNNING' })));

    await expect(failure).rejects.toThrow('could not be stopped to change its running mode from AUTO_STOP to ALWAYS_ON: the service answered AccessDeniedException');
    await expect(failure).rejects.toThrow('aws workspaces stop-workspaces-pool');
  });

  test('fails when the service refuses a pending update, saying the pool is unchanged', async () => {
    ws.on(UpdateWorkspacesPoolCommand).rejects(invalidParameter('The settings group help-desk-settings does not exist'));

    await expect(handler.isComplete(poll(plan({
      operation: 'update', target: undefined, changes: { ApplicationSettings: { Status: 'ENABLED', SettingsGroup: 'help-desk-settings' } },
    })))).rejects.toThrow(
      `Updating WorkSpaces pool ${LABEL} was refused: InvalidParameterValuesException: The settings group help-desk-settings does not exist. ` +
      'The pool is RUNNING and its configuration unchanged. Fix the change and deploy again.',
    );
    expect(ws).not.toHaveReceivedCommand(StartWorkspacesPoolCommand);
  });

  test('starts a pool it stopped for a RunningMode change again when the update is refused', async () => {
    observed = pool({ State: 'STOPPED' });
    ws.on(UpdateWorkspacesPoolCommand).rejects(new OperationNotSupportedException({ message: 'Running mode cannot be changed', $metadata: meta }));

    await expect(handler.isComplete(poll(plan({ operation: 'update', changes: { RunningMode: 'ALWAYS_ON' }, restoreState: 'RUNNING' })))).rejects.toThrow(
      'was refused: OperationNotSupportedException: Running mode cannot be changed. The pool had been stopped for this update and was started again (StartWorkspacesPool accepted; it is starting).',
    );
    expect(ws).toHaveReceivedCommandWith(StartWorkspacesPoolCommand, { PoolId: POOL_ID });
  });

  test('says how to start the pool when starting it again after a refused update fails too', async () => {
    observed = pool({ State: 'STOPPED' });
    ws.on(UpdateWorkspacesPoolCommand).rejects(new OperationNotSupportedException({ message: 'Running mode cannot be changed', $metadata: meta }));
    ws.on(StartWorkspacesPoolCommand).rejects(invalidState());

    await expect(handler.isComplete(poll(plan({ operation: 'update', changes: { RunningMode: 'ALWAYS_ON' }, restoreState: 'RUNNING' })))).rejects.toThrow(
      'StartWorkspacesPool failed: InvalidResourceStateException: The pool is not in a valid state for this operation; start it from the WorkSpaces console',
    );
    expect(logged('restart-after-failure-failed')).toHaveLength(1);
  });

  test('does not start a pool that was STOPPED before the operation when the update is refused', async () => {
    observed = pool({ State: 'STOPPED' });
    ws.on(UpdateWorkspacesPoolCommand).rejects(invalidParameter('bad'));

    await expect(handler.isComplete(poll(plan({ operation: 'update', changes: { RunningMode: 'ALWAYS_ON' }, restoreState: 'STOPPED', target: 'STOPPED' }))))
      .rejects.toThrow('The pool is STOPPED and its configuration unchanged.');
    expect(ws).not.toHaveReceivedCommand(StartWorkspacesPoolCommand);
  });

  test('fails an AUTO_STOP pool the service refuses to start', async () => {
    observed = pool({ State: 'STOPPED' });
    ws.on(StartWorkspacesPoolCommand).rejects(invalidState());

    await expect(handler.isComplete(poll(plan()))).rejects.toThrow(
      `WorkSpaces pool ${LABEL} is STOPPED (running mode AUTO_STOP) and the service refused to start it: InvalidResourceStateException: The pool is not in a valid state for this operation. ` +
      'Check the pool\'s errors in the WorkSpaces console',
    );
  });
});

describe('isComplete: pending configuration', () => {
  test('applies changes the pool does not show yet, all of them', async () => {
    const changes = { Description: 'Help desk agents', Capacity: { DesiredUserSessions: 10 } };

    await expectIncomplete(plan({ operation: 'update', target: undefined, changes }));

    expect(ws.commandCalls(UpdateWorkspacesPoolCommand)[0].args[0].input).toEqual({ PoolId: POOL_ID, ...changes });
  });

  test('completes when the pool shows every change', async () => {
    observed = pool({ Description: 'Help desk agents' });

    await expect(handler.isComplete(poll(plan({ operation: 'update', target: undefined, changes: { Description: 'Help desk agents' } }))))
      .resolves.toEqual(complete('RUNNING'));
    expectNoActions();
  });

  test('tags the pool with the update request when it applies a pending capacity change', async () => {
    await expectIncomplete(plan({ operation: 'update', target: undefined, changes: { Capacity: { DesiredUserSessions: 20 } }, expectCapacity: 20 }));

    expect(updatesSent()).toEqual([{ PoolId: POOL_ID, Capacity: { DesiredUserSessions: 20 } }]);
    expect(tagsSet()).toEqual([UPDATE_TAGGED]);
  });

  test('does not tag the update request when the pending change has no capacity', async () => {
    await expectIncomplete(plan({ operation: 'update', target: undefined, changes: { Description: 'Help desk agents' } }));

    expect(ws).toHaveReceivedCommand(UpdateWorkspacesPoolCommand);
    expect(ws).not.toHaveReceivedCommand(CreateTagsCommand);
  });

  test('goes on when tagging the update request fails after a pending capacity change: it logs it', async () => {
    ws.on(CreateTagsCommand).rejects(unavailable());

    await expectIncomplete(plan({ operation: 'update', target: undefined, changes: { Capacity: { DesiredUserSessions: 20 } }, expectCapacity: 20 }));

    expect(ws).toHaveReceivedCommandTimes(UpdateWorkspacesPoolCommand, 1);
    expect(logged('update-tag-failed')).toEqual([expect.objectContaining({ error: 'UnknownError: Service Unavailable' })]);
  });
});

// A STOPPED pool may report 0 desired sessions whatever its configured capacity: only the update-request
// tag says whether this request's capacity change reached it.
describe('isComplete: a capacity change a STOPPED pool cannot show', () => {
  const zero = { AvailableUserSessions: 0, DesiredUserSessions: 0, ActualUserSessions: 0, ActiveUserSessions: 0 };
  const capacityPlan = (overrides: Partial<PoolPlan> = {}) =>
    plan({ operation: 'update', target: undefined, changes: { Capacity: { DesiredUserSessions: 20 } }, expectCapacity: 20, ...overrides });
  const owner = { Key: STACK_RESOURCE_TAG, Value: STACK_RESOURCE };
  const thisRequestsTag = { TagList: [owner, STACK_ID_TAG, { Key: 'team', Value: 'support' }, { Key: UPDATE_REQUEST_TAG, Value: REQUEST_ID }] };

  beforeEach(() => {
    observed = pool({ State: 'STOPPED', CapacityStatus: zero });
  });

  test.each([
    ['no update-request tag', [owner, STACK_ID_TAG, { Key: 'team', Value: 'support' }]],
    ['the update-request tag of an earlier request', [owner, STACK_ID_TAG, { Key: UPDATE_REQUEST_TAG, Value: OTHER_REQUEST_ID }]],
  ])('re-sends only the capacity, and tags the pool, when the pool carries %s', async (_case, tags) => {
    ws.on(DescribeTagsCommand, { ResourceId: POOL_ID }).resolves({ TagList: tags });
    // The description is applied already; only the capacity cannot be seen.
    observed = pool({ State: 'STOPPED', CapacityStatus: zero, Description: 'Help desk agents' });

    await expectIncomplete(capacityPlan({ changes: { Description: 'Help desk agents', Capacity: { DesiredUserSessions: 20 } } }));

    expect(ws).toHaveReceivedCommandWith(DescribeTagsCommand, { ResourceId: POOL_ID });
    expect(updatesSent()).toEqual([{ PoolId: POOL_ID, Capacity: { DesiredUserSessions: 20 } }]);
    expect(tagsSet()).toEqual([UPDATE_TAGGED]);
    expect(ws).not.toHaveReceivedCommand(StartWorkspacesPoolCommand);
  });

  test('re-sends it on a pool that reports no capacity at all', async () => {
    observed = pool({ State: 'STOPPED', CapacityStatus: undefined });

    await expectIncomplete(capacityPlan());

    expect(ws).toHaveReceivedCommandWith(UpdateWorkspacesPoolCommand, { PoolId: POOL_ID, Capacity: { DesiredUserSessions: 20 } });
  });

  test('completes a pool the update leaves STOPPED once it carries this request\'s tag, changing nothing', async () => {
    ws.on(DescribeTagsCommand, { ResourceId: POOL_ID }).resolves(thisRequestsTag);

    await expect(handler.isComplete(poll(capacityPlan()))).resolves.toEqual(complete('STOPPED'));
    expectNoActions();
  });

  test('starts the pool when the plan asks for RUNNING, after re-sending the capacity first', async () => {
    await expectIncomplete(capacityPlan({ target: 'RUNNING' }));
    expect(ws).toHaveReceivedCommand(UpdateWorkspacesPoolCommand);
    expect(ws).not.toHaveReceivedCommand(StartWorkspacesPoolCommand);

    ws.on(DescribeTagsCommand, { ResourceId: POOL_ID }).resolves(thisRequestsTag);
    await expectIncomplete(capacityPlan({ target: 'RUNNING' }));
    expect(ws).toHaveReceivedCommandTimes(UpdateWorkspacesPoolCommand, 1);
    expect(ws).toHaveReceivedCommandWith(StartWorkspacesPoolCommand, { PoolId: POOL_ID });
  });

  test('re-sends once: the polls after it find the tag the re-sent update set, and complete', async () => {
    const tags = new Map<string, string>([['team', 'support'], [STACK_RESOURCE_TAG, STACK_RESOURCE], [STACK_ID_TAG.Key, STACK_ID_TAG.Value]]);
    ws.on(CreateTagsCommand).callsFake(input => {
      for (const tag of input.Tags ?? []) tags.set(tag.Key, tag.Value);
      return {};
    });
    ws.on(DescribeTagsCommand).callsFake(() => ({ TagList: [...tags].map(([Key, Value]) => ({ Key, Value })) }));
    const next = () => handler.isComplete(poll(capacityPlan()));

    await expect(next()).resolves.toEqual({ IsComplete: false });
    observed = pool({ State: 'UPDATING', CapacityStatus: zero });
    await expect(next()).resolves.toEqual({ IsComplete: false });
    observed = pool({ State: 'STOPPED', CapacityStatus: zero });
    await expect(next()).resolves.toEqual(complete('STOPPED'));
    await expect(next()).resolves.toEqual(complete('STOPPED'));

    expect(ws).toHaveReceivedCommandTimes(UpdateWorkspacesPoolCommand, 1);
    expect(ws).toHaveReceivedCommandTimes(CreateTagsCommand, 1);
  });

  test('does not read the tags when the STOPPED pool reports the new capacity', async () => {
    observed = pool({ State: 'STOPPED', CapacityStatus: { ...zero, DesiredUserSessions: 20 } });

    await expect(handler.isComplete(poll(capacityPlan()))).resolves.toEqual(complete('STOPPED'));
    expect(ws).not.toHaveReceivedCommand(DescribeTagsCommand);
    expectNoActions();
  });

  test('does not read the tags when the plan changes no capacity', async () => {
    await expect(handler.isComplete(poll(capacityPlan({ changes: { Description: 'Call centre agents' }, expectCapacity: undefined }))))
      .resolves.toEqual(complete('STOPPED'));
    expect(ws).not.toHaveReceivedCommand(DescribeTagsCommand);
    expectNoActions();
  });

  test.each(transientFaults)('answers "not yet" when the re-sent capacity update meets %s', async (_name, error) => {
    ws.on(UpdateWorkspacesPoolCommand).rejects(error());

    await expectIncomplete(capacityPlan());
    expect(ws).toHaveReceivedCommand(UpdateWorkspacesPoolCommand);
    expect(ws).not.toHaveReceivedCommand(CreateTagsCommand);
  });

  test('fails when the service refuses the re-sent capacity update, naming the pool and the capacity', async () => {
    ws.on(UpdateWorkspacesPoolCommand).rejects(invalidParameter('DesiredUserSessions exceeds the quota for this account.'));

    await expect(handler.isComplete(poll(capacityPlan()))).rejects.toThrow(
      `Updating the capacity of WorkSpaces pool ${LABEL} to 20 was refused: InvalidParameterValuesException: DesiredUserSessions exceeds the quota for this account. The pool is STOPPED;`,
    );
    expect(ws).not.toHaveReceivedCommand(CreateTagsCommand);
  });

  test('goes on when tagging after the re-sent capacity update is throttled: it logs it and polls again', async () => {
    ws.on(CreateTagsCommand).rejects(throttling());

    await expectIncomplete(capacityPlan());
    expect(ws).toHaveReceivedCommandTimes(UpdateWorkspacesPoolCommand, 1);
    expect(logged('update-tag-failed')).toHaveLength(1);
  });

  test('fails, rather than re-sending at every poll, when the service refuses the tag', async () => {
    ws.on(CreateTagsCommand).rejects(invalidParameter('The resource already has 50 tags.'));

    const failure = handler.isComplete(poll(capacityPlan()));

    await expect(failure).rejects.toThrow(`The capacity of STOPPED WorkSpaces pool ${LABEL} was set to 20, but tagging the pool to record it failed: `);
    await expect(failure).rejects.toThrow('Check the pool\'s tags (at most 50)');
    expect(ws).toHaveReceivedCommandTimes(UpdateWorkspacesPoolCommand, 1);
  });

  test('fails with the permission to check when reading the tags is refused', async () => {
    ws.on(DescribeTagsCommand).rejects(accessDenied('not authorized to perform workspaces:DescribeTags'));

    await expect(handler.isComplete(poll(capacityPlan()))).rejects.toThrow(
      `Reading the tags of WorkSpaces pool ${LABEL} failed: AccessDeniedException: not authorized to perform workspaces:DescribeTags. Check the handler role's workspaces:DescribeTags permission.`,
    );
    expect(ws).not.toHaveReceivedCommand(UpdateWorkspacesPoolCommand);
  });

  // Throttling or a 5xx that outlasts the SDK's retries while reading the tags means "not yet".
  test('answers "not yet" when reading the tags is throttled', async () => {
    ws.on(DescribeTagsCommand).rejects(throttling());

    await expectIncomplete(capacityPlan());
  });
});

describe('isComplete: sessions', () => {
  const stopPlan = (overrides: Partial<PoolPlan> = {}) => plan({ operation: 'update', target: 'STOPPED', expectCapacity: undefined, ...overrides });

  test('reads every page of sessions and, after the drain timeout, ends them all before stopping', async () => {
    ws.on(DescribeWorkspacesPoolSessionsCommand)
      .resolvesOnce({ Sessions: [session(SESSION_IDS[0], 'alice'), session(SESSION_IDS[1], 'bob')], NextToken: 'sessions-page-2' })
      .resolvesOnce({ Sessions: [session(SESSION_IDS[2], 'carol')] });
    now = NOW + 11 * MINUTE;

    await expectIncomplete(stopPlan({ drainUntil: NOW + 10 * MINUTE }));

    expect(ws).toHaveReceivedCommandTimes(DescribeWorkspacesPoolSessionsCommand, 2);
    expect(ws.commandCalls(DescribeWorkspacesPoolSessionsCommand).map(call => call.args[0].input)).toEqual([
      { PoolId: POOL_ID, NextToken: undefined },
      { PoolId: POOL_ID, NextToken: 'sessions-page-2' },
    ]);
    expect(ws.commandCalls(TerminateWorkspacesPoolSessionCommand).map(call => call.args[0].input.SessionId)).toEqual(SESSION_IDS);
    expect(ws).toHaveReceivedCommand(StopWorkspacesPoolCommand);
    expect(logged('sessions-terminated')).toEqual([expect.objectContaining({ count: 3, of: 3, reason: 'drain timeout reached' })]);
  });

  describe('ownership is checked again right before the stop or terminate', () => {
    const otherOwner = { TagList: [{ Key: STACK_RESOURCE_TAG, Value: 'f'.repeat(64) }] };
    const newerUpdate = { TagList: [...OWNED_TAGS, { Key: OPERATION_TAG, Value: `${NOW + 10 * MINUTE}/${OTHER_REQUEST_ID}` }] };

    beforeEach(() => {
      ws.on(DescribeWorkspacesPoolSessionsCommand).resolves({ Sessions: [session(SESSION_IDS[0], 'alice'), session(SESSION_IDS[1], 'bob')] });
      now = NOW + 11 * MINUTE;
    });

    test('a pool that became another stack resource\'s while its sessions were ended is not stopped', async () => {
      ws.on(DescribeTagsCommand).resolvesOnce({ TagList: OWNED_TAGS }).resolves(otherOwner);

      await expect(handler.isComplete(poll(stopPlan({ drainUntil: NOW + 10 * MINUTE })))).rejects.toThrow(
        `WorkSpaces pool ${LABEL} does not belong to this stack resource: its ${STACK_RESOURCE_TAG} tag is ${'f'.repeat(64)}`,
      );
      expect(ws).toHaveReceivedCommandTimes(DescribeTagsCommand, 2);
      expect(ws).not.toHaveReceivedCommand(StopWorkspacesPoolCommand);
    });

    test('a pool a newer operation took charge of while its sessions were ended is not stopped', async () => {
      ws.on(DescribeTagsCommand).resolvesOnce({ TagList: OWNED_TAGS }).resolves(newerUpdate);

      await expect(handler.isComplete(poll(stopPlan({ drainUntil: NOW + 10 * MINUTE })))).rejects.toThrow(
        `has been in the charge of CloudFormation request ${OTHER_REQUEST_ID}`,
      );
      expect(ws).not.toHaveReceivedCommand(StopWorkspacesPoolCommand);
    });

    test('a pool that became another stack resource\'s while its sessions were ended is not terminated: the delete leaves it alone', async () => {
      ws.on(DescribeTagsCommand).resolvesOnce({ TagList: OWNED_TAGS }).resolves(otherOwner);

      await expect(handler.isComplete(poll(plan({ operation: 'delete', target: undefined, drainUntil: NOW + 10 * MINUTE })))).resolves.toEqual({ IsComplete: true });
      expect(ws).not.toHaveReceivedCommand(TerminateWorkspacesPoolCommand);
      expect(logged('left-alone')).toEqual([expect.objectContaining({ pool: POOL_ID })]);
    });

    test('a pool still this stack resource\'s is stopped after a second read of its tags', async () => {
      await expectIncomplete(stopPlan({ drainUntil: NOW + 10 * MINUTE }));

      const calls = ws.calls().map(call => call.args[0].constructor.name);
      expect(calls.lastIndexOf('DescribeTagsCommand')).toBeGreaterThan(calls.lastIndexOf('TerminateWorkspacesPoolSessionCommand'));
      expect(calls.lastIndexOf('DescribeTagsCommand')).toBeLessThan(calls.indexOf('StopWorkspacesPoolCommand'));
    });
  });

  test('waits for sessions to end until the drain timeout', async () => {
    ws.on(DescribeWorkspacesPoolSessionsCommand).resolves({ Sessions: [session(SESSION_IDS[0], 'alice'), session(SESSION_IDS[1], 'bob')] });
    now = NOW + 4 * MINUTE;

    await expectIncomplete(stopPlan({ drainUntil: NOW + 10 * MINUTE }));

    expect(ws).not.toHaveReceivedCommand(TerminateWorkspacesPoolSessionCommand);
    expect(ws).not.toHaveReceivedCommand(StopWorkspacesPoolCommand);
    expect(logged('waiting')).toEqual([expect.objectContaining({
      detail: 'waiting for 2 session(s) to end before stopping the pool (until 2026-03-02T09:10:00.000Z)',
    })]);
  });

  test('waits for sessions before terminating on delete too', async () => {
    ws.on(DescribeWorkspacesPoolSessionsCommand).resolves({ Sessions: [session(SESSION_IDS[0], 'alice')] });

    await expectIncomplete(plan({ operation: 'delete', target: undefined, drainUntil: NOW + 10 * MINUTE }));

    expect(ws).not.toHaveReceivedCommand(TerminateWorkspacesPoolCommand);
    expect(logged('waiting')).toEqual([expect.objectContaining({ detail: expect.stringContaining('before terminating the pool') })]);
  });

  test('stops at once when no session is left, drain timeout or not', async () => {
    await expectIncomplete(stopPlan({ drainUntil: NOW + 10 * MINUTE }));

    expect(ws).toHaveReceivedCommand(StopWorkspacesPoolCommand);
    expect(ws).not.toHaveReceivedCommand(TerminateWorkspacesPoolSessionCommand);
  });

  test('reads a page without a Sessions field as no sessions', async () => {
    ws.on(DescribeWorkspacesPoolSessionsCommand).resolves({});

    await expectIncomplete(stopPlan({ drainUntil: NOW + 10 * MINUTE }));

    expect(ws).toHaveReceivedCommand(StopWorkspacesPoolCommand);
  });

  test('ends the remaining sessions after the drain even when some are gone or refused', async () => {
    ws.on(DescribeWorkspacesPoolSessionsCommand).resolves({ Sessions: SESSION_IDS.map((id, i) => session(id, `agent-${i}`)) });
    ws.on(TerminateWorkspacesPoolSessionCommand, { SessionId: SESSION_IDS[0] }).rejects(
      new ResourceNotFoundException({ message: `Session ${SESSION_IDS[0]} not found`, $metadata: meta }),
    );
    ws.on(TerminateWorkspacesPoolSessionCommand, { SessionId: SESSION_IDS[1] }).rejects(accessDenied('not authorized'));
    now = NOW + 11 * MINUTE;

    await expectIncomplete(plan({ operation: 'delete', target: undefined, drainUntil: NOW + 10 * MINUTE }));

    expect(ws).toHaveReceivedCommandTimes(TerminateWorkspacesPoolSessionCommand, 3);
    expect(logged('session-terminate-failed')).toEqual([expect.objectContaining({ sessionId: SESSION_IDS[1], error: 'AccessDeniedException: not authorized' })]);
    expect(logged('sessions-terminated')).toEqual([expect.objectContaining({ count: 1, of: 3 })]);
    expect(ws).toHaveReceivedCommand(TerminateWorkspacesPoolCommand);
  });

  test('cuts the sessions without a drain timeout, and says how many, never whose', async () => {
    ws.on(DescribeWorkspacesPoolSessionsCommand).resolves({ Sessions: [session(SESSION_IDS[0], 'alice'), session(SESSION_IDS[1], 'bob')] });

    await expectIncomplete(stopPlan({ drainUntil: undefined }));

    expect(ws).not.toHaveReceivedCommand(TerminateWorkspacesPoolSessionCommand);
    expect(ws).toHaveReceivedCommand(StopWorkspacesPoolCommand);
    expect(logs.join('\n')).not.toMatch(/alice|bob/);
    expect(logged('sessions-cut')).toEqual([expect.objectContaining({
      count: 2,
      note: 'the stop ends 2 active session(s); set drainTimeout on the WorkspacesPool to let users finish first',
    })]);
  });
});

describe('isComplete: ALWAYS_ON start refusal', () => {
  const stoppedCapacity = { AvailableUserSessions: 0, DesiredUserSessions: 0, ActualUserSessions: 0, ActiveUserSessions: 0 };
  const advice = 'The service starts only AUTO_STOP pools on request (it refused StartWorkspacesPool), and this ALWAYS_ON pool did not start by itself. ';
  const rollback = 'CloudFormation\'s rollback of this deploy switches it back to AUTO_STOP and starts it. ';
  const wayOut = 'To have a running pool, set runningMode to AUTO_STOP and deploy again.';

  beforeEach(() => {
    observed = pool({ State: 'STOPPED', RunningMode: 'ALWAYS_ON', CapacityStatus: stoppedCapacity });
  });

  test.each([
    ['InvalidResourceStateException', invalidState, 'InvalidResourceStateException: The pool is not in a valid state for this operation'],
    [
      'OperationNotSupportedException',
      () => new OperationNotSupportedException({ message: 'ALWAYS_ON pools cannot be started.', $metadata: meta }),
      'OperationNotSupportedException: ALWAYS_ON pools cannot be started',
    ],
    ['ValidationException', () => new ValidationException({ message: 'Invalid request.', $metadata: meta }), 'ValidationException: Invalid request'],
    ['InvalidParameterValuesException', () => invalidParameter('Invalid pool.'), 'InvalidParameterValuesException: Invalid pool'],
  ])('waits, right up to the deadline, while the service refuses with %s', async (_name, error, quoted) => {
    ws.on(StartWorkspacesPoolCommand).rejects(error());

    for (const at of [NOW + 5 * MINUTE, NOW + 30 * MINUTE, NOW + 60 * MINUTE]) {
      now = at;
      await expectIncomplete(plan({ startedAt: NOW, deadline: NOW + 60 * MINUTE }));
    }

    expect(ws).toHaveReceivedCommandTimes(StartWorkspacesPoolCommand, 3);
    expect(logged('waiting')).toEqual(Array(3).fill(expect.objectContaining({
      state: 'STOPPED',
      detail: `StartWorkspacesPool refused for an ALWAYS_ON pool (${quoted}); waiting for it to start by itself`,
    })));
  });

  test('waits for an ALWAYS_ON pool however long CREATING took', async () => {
    ws.on(StartWorkspacesPoolCommand).rejects(invalidState());
    now = NOW + 40 * MINUTE; // CREATING took 40 minutes; this is the first poll that sees the pool STOPPED.

    await expectIncomplete(plan({ startedAt: NOW, deadline: NOW + 60 * MINUTE }));
  });

  test('fails at the deadline with the advice for a pool that did not start by itself, without the rollback sentence on a create', async () => {
    ws.on(StartWorkspacesPoolCommand).rejects(invalidState());
    now = NOW + 60 * MINUTE + 1;

    await expect(handler.isComplete(poll(plan({ startedAt: NOW, deadline: NOW + 60 * MINUTE })))).rejects.toThrow(new Error(
      `WorkSpaces pool ${LABEL} did not reach RUNNING within the timeout of 1 h: last seen in state STOPPED (0 of 0 desired sessions provisioned, 0 in use). ` +
      advice + wayOut,
    ));
    // The deadline is checked before anything is sent.
    expectNoActions();
  });

  test('fails at the deadline saying that the rollback switches the pool back when this deploy switched it to ALWAYS_ON', async () => {
    ws.on(StartWorkspacesPoolCommand).rejects(invalidState());
    now = NOW + 60 * MINUTE + 1;

    await expect(handler.isComplete(poll(plan({
      operation: 'update', startedAt: NOW, deadline: NOW + 60 * MINUTE, changes: { RunningMode: 'ALWAYS_ON' }, target: 'RUNNING', restoreState: 'RUNNING',
    })))).rejects.toThrow(new Error(
      `WorkSpaces pool ${LABEL} did not reach RUNNING within the timeout of 1 h: last seen in state STOPPED (0 of 0 desired sessions provisioned, 0 in use). ` +
      advice + rollback + wayOut,
    ));
  });

  test('leaves the rollback sentence out when the update did not switch the running mode', async () => {
    now = NOW + 60 * MINUTE + 1;

    const failure = handler.isComplete(poll(plan({
      operation: 'update', startedAt: NOW, deadline: NOW + 60 * MINUTE, changes: { Description: 'Call centre agents' }, target: 'RUNNING',
    })));

    await expect(failure).rejects.toThrow(advice + wayOut);
    await expect(failure).rejects.toThrow(expect.objectContaining({ message: expect.not.stringContaining('rollback') as unknown as string }));
  });

  test.each([
    ['an AUTO_STOP pool STOPPED at the deadline', { State: 'STOPPED' as const, RunningMode: 'AUTO_STOP' as const }, 'RUNNING' as const],
    ['an ALWAYS_ON pool still STARTING at the deadline', { State: 'STARTING' as const, RunningMode: 'ALWAYS_ON' as const }, 'RUNNING' as const],
    ['an ALWAYS_ON pool STOPPED at the deadline of a stop', { State: 'STOPPED' as const, RunningMode: 'ALWAYS_ON' as const }, 'STOPPED' as const],
  ])('gives the usual timeout advice for %s', async (_case, overrides, target) => {
    observed = pool({ ...overrides, CapacityStatus: stoppedCapacity });
    now = NOW + 60 * MINUTE + 1;

    const failure = handler.isComplete(poll(plan({ startedAt: NOW, deadline: NOW + 60 * MINUTE, target })));

    await expect(failure).rejects.toThrow('raise the WorkspacesPool timeout (at most the provider\'s total timeout) and deploy again.');
    await expect(failure).rejects.toThrow(expect.objectContaining({ message: expect.not.stringContaining('did not start by itself') as unknown as string }));
  });

  test('fails at once on an error that is not a refusal', async () => {
    ws.on(StartWorkspacesPoolCommand).rejects(accessDenied('not authorized to perform: workspaces:StartWorkspacesPool'));

    await expect(handler.isComplete(poll(plan({ startedAt: NOW })))).rejects.toThrow(
      `WorkSpaces pool ${LABEL} is STOPPED (running mode ALWAYS_ON) and the service refused to start it: AccessDeniedException: not authorized to perform: workspaces:StartWorkspacesPool. ` +
      'Check the pool\'s errors in the WorkSpaces console, fix the cause and deploy again.',
    );
  });

  test('answers "not yet" when the Start of an ALWAYS_ON pool is throttled', async () => {
    ws.on(StartWorkspacesPoolCommand).rejects(throttling());

    await expectIncomplete(plan({ startedAt: NOW }));
  });
});

// AWS messages usually end in a period, and the handler's sentence that follows starts after ". ".
describe('quoting a service message that ends in a period', () => {
  const quota = () => new ResourceLimitExceededException({ message: 'The maximum number of pools has been reached.', $metadata: meta });

  test('in a refused create', async () => {
    ws.on(CreateWorkspacesPoolCommand).rejects(quota());

    const failure = handler.onEvent(createEvent());

    await expect(failure).rejects.toThrow('was refused: ResourceLimitExceededException: The maximum number of pools has been reached. The account has reached a WorkSpaces quota');
    await expect(failure).rejects.toThrow(expect.objectContaining({ message: expect.not.stringContaining('..') as unknown as string }));
  });

  test('in the end-of-support story of a denied create', async () => {
    ws.on(CreateWorkspacesPoolCommand).rejects(accessDenied('WorkSpaces Pools is no longer available to new customers.'));

    await expect(handler.onEvent(createEvent())).rejects.toThrow(
      'was refused: AccessDeniedException: WorkSpaces Pools is no longer available to new customers. WorkSpaces Pools refuses new customers from 2026-07-31',
    );
  });

  test('in a refused start of an AUTO_STOP pool', async () => {
    observed = pool({ State: 'STOPPED' });
    ws.on(StartWorkspacesPoolCommand).rejects(new InvalidResourceStateException({ message: 'The pool is in an invalid state.', $metadata: meta }));

    const failure = handler.isComplete(poll(plan()));

    await expect(failure).rejects.toThrow('the service refused to start it: InvalidResourceStateException: The pool is in an invalid state. Check the pool');
    await expect(failure).rejects.toThrow(expect.objectContaining({ message: expect.not.stringContaining('..') as unknown as string }));
  });

  test('in a refused pending update, and in the failed restart after it', async () => {
    observed = pool({ State: 'STOPPED' });
    ws.on(UpdateWorkspacesPoolCommand).rejects(new OperationNotSupportedException({ message: 'Running mode cannot be changed.', $metadata: meta }));
    ws.on(StartWorkspacesPoolCommand).rejects(new InvalidResourceStateException({ message: 'The pool is in an invalid state.', $metadata: meta }));

    const failure = handler.isComplete(poll(plan({ operation: 'update', changes: { RunningMode: 'ALWAYS_ON' }, restoreState: 'RUNNING' })));

    await expect(failure).rejects.toThrow(
      'was refused: OperationNotSupportedException: Running mode cannot be changed. The pool had been stopped for this update and was started again ' +
      '(StartWorkspacesPool failed: InvalidResourceStateException: The pool is in an invalid state; start it from the WorkSpaces console). ',
    );
    await expect(failure).rejects.toThrow(expect.objectContaining({ message: expect.not.stringContaining('..') as unknown as string }));
  });

  test('in a refused stop', async () => {
    observed = pool({ RunningMode: 'ALWAYS_ON' });
    ws.on(StopWorkspacesPoolCommand).rejects(new InvalidResourceStateException({ message: 'The pool is in an invalid state.', $metadata: meta }));

    await expect(handler.isComplete(poll(plan({ target: 'STOPPED' })))).rejects.toThrow(
      'could not be stopped as desiredState asks: InvalidResourceStateException: The pool is in an invalid state. The pool is still RUNNING',
    );
  });
});

describe('isComplete: Data on completion', () => {
  test('carries PoolId, PoolArn, PoolName and State', async () => {
    const response = await handler.isComplete(poll(plan()));

    expect(response.IsComplete).toBe(true);
    expect(response.Data).toEqual({ PoolId: POOL_ID, PoolArn: POOL_ARN, PoolName: 'call-centre', State: 'RUNNING' });
  });

  test('has every key even when the pool lacks a field', async () => {
    observed = pool({ PoolArn: undefined, PoolName: undefined });

    const response = await handler.isComplete(poll(plan()));

    expect(Object.keys(response.Data ?? {}).sort()).toEqual(['PoolArn', 'PoolId', 'PoolName', 'State']);
    expect(response.Data).toMatchObject({ PoolArn: '', PoolName: '' });
  });
});

describe('index', () => {
  test('serves onEvent and isComplete through one PoolHandler', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const index = require('../../lambda/pool') as typeof import('../../lambda/pool');
      const event = deleteEvent({}, 'CreateFailed');

      const response = await index.onEvent(event);
      expect(planOf(response)).toMatchObject({ operation: 'delete', searchUntil: expect.any(Number) as unknown });
      await expect(index.isComplete(afterOnEvent(event, response))).resolves.toEqual({ IsComplete: false });
      expect(ws).toHaveReceivedCommandWith(DescribeWorkspacesPoolsCommand, { Filters: [{ Name: 'PoolName', Values: ['call-centre'], Operator: 'EQUALS' }] });

      const deleting = deleteEvent();
      observed = undefined;
      const deleteResponse = await index.onEvent(deleting);
      await expect(index.isComplete(afterOnEvent(deleting, deleteResponse))).resolves.toEqual({ IsComplete: true });
      expect(ws).toHaveReceivedCommandWith(DescribeWorkspacesPoolsCommand, { PoolIds: [POOL_ID] });
    } finally {
      log.mockRestore();
    }
  });
});

describe('ownership before every change', () => {
  const otherOwner = 'f'.repeat(64);
  const foreignTags: Array<[string, Array<{ Key: string; Value: string }>]> = [
    ['another stack resource\'s tag', [{ Key: STACK_RESOURCE_TAG, Value: otherOwner }]],
    ['no stack-resource tag (made outside this library)', [{ Key: 'team', Value: 'support' }]],
  ];

  test.each(foreignTags)('an Update of a pool with %s fails before any change, naming the owner found', async (_case, tagList) => {
    ws.on(DescribeTagsCommand).resolves({ TagList: tagList });

    await expect(handler.onEvent(updateEvent({ Description: 'Help desk agents', DesiredUserSessions: '20' }))).rejects.toThrow(
      `WorkSpaces pool ${LABEL} does not belong to this stack resource: `,
    );
    expectNoActions();
  });

  test('the Update failure names the other owner\'s tag value', async () => {
    ws.on(DescribeTagsCommand).resolves({ TagList: [{ Key: STACK_RESOURCE_TAG, Value: otherOwner }] });

    await expect(handler.onEvent(updateEvent({ Description: 'Help desk agents' }))).rejects.toThrow(otherOwner);
  });

  test.each(foreignTags)('a Delete of a pool with %s completes without any change, and logs that it left it alone', async (_case, tagList) => {
    ws.on(DescribeTagsCommand).resolves({ TagList: tagList });

    await expect(handler.isComplete(poll(plan({ operation: 'delete', target: undefined, expectCapacity: undefined })))).resolves.toEqual({ IsComplete: true });
    expectNoActions();
    expect(logged('left-alone')).toHaveLength(1);
  });

  test.each(foreignTags)('an isComplete that would start a pool with %s fails without starting it', async (_case, tagList) => {
    ws.on(DescribeTagsCommand).resolves({ TagList: tagList });
    observed = pool({ State: 'STOPPED' });

    await expect(handler.isComplete(poll(plan({ operation: 'update', target: 'RUNNING', expectCapacity: undefined })))).rejects.toThrow('does not belong to this stack resource');
    expectNoActions();
  });

  test.each(foreignTags)('an isComplete that would stop a pool with %s fails without stopping it', async (_case, tagList) => {
    ws.on(DescribeTagsCommand).resolves({ TagList: tagList });

    await expect(handler.isComplete(poll(plan({ operation: 'update', target: 'STOPPED', expectCapacity: undefined })))).rejects.toThrow('does not belong to this stack resource');
    expectNoActions();
  });

  test('reads the tags once per poll, however many changes the poll makes', async () => {
    observed = pool({ State: 'STOPPED', Description: 'Call centre agents' });

    await expectIncomplete(plan({ operation: 'update', target: 'RUNNING', expectCapacity: undefined, changes: { Description: 'Help desk agents' } }));

    expect(ws).toHaveReceivedCommandTimes(DescribeTagsCommand, 1);
  });

  describe('the waiter of a cancelled create or update', () => {
    const markedByDelete = [{ Key: STACK_RESOURCE_TAG, Value: STACK_RESOURCE }, { Key: OPERATION_TAG, Value: `${NOW}/${OTHER_REQUEST_ID}` }];

    test('stops without starting the pool once a Delete has marked it', async () => {
      ws.on(DescribeTagsCommand).resolves({ TagList: markedByDelete });
      observed = pool({ State: 'STOPPED' });

      await expect(handler.isComplete(poll(plan()))).rejects.toThrow(
        `WorkSpaces pool ${LABEL} has been in the charge of CloudFormation request ${OTHER_REQUEST_ID} since 2026-03-02T09:00:00.000Z, which began after this operation ` +
        '(this operation was cancelled or superseded, typically by a rollback): this operation stops without changing it.',
      );
      expectNoActions();
    });

    test('stops without applying its changes once a Delete has marked the pool', async () => {
      ws.on(DescribeTagsCommand).resolves({ TagList: markedByDelete });

      await expect(handler.isComplete(poll(plan({ operation: 'update', changes: { Description: 'Help desk agents' } })))).rejects.toThrow('has been in the charge of CloudFormation request');
      expectNoActions();
    });

    test('does not restart a pool it stopped for a RunningMode change once a Delete has marked it', async () => {
      ws.on(DescribeTagsCommand).resolves({ TagList: markedByDelete });
      observed = pool({ State: 'STOPPED', Errors: [{ ErrorCode: 'IAM_SERVICE_ROLE_IS_MISSING', ErrorMessage: 'missing' }] });

      await expect(handler.isComplete(poll(plan({ operation: 'update', restoreState: 'RUNNING', changes: { RunningMode: 'ALWAYS_ON' } })))).rejects.toThrow(
        'IAM_SERVICE_ROLE_IS_MISSING',
      );
      expectNoActions();
      expect(logged('not-restarted')).toHaveLength(1);
    });

    test('goes on when the mark is an older operation\'s (an earlier deploy\'s update)', async () => {
      ws.on(DescribeTagsCommand).resolves({ TagList: [{ Key: STACK_RESOURCE_TAG, Value: STACK_RESOURCE }, { Key: OPERATION_TAG, Value: `${NOW - 24 * 60 * MINUTE}/${OTHER_REQUEST_ID}` }] });
      observed = pool({ State: 'STOPPED' });

      await expectIncomplete(plan());
      expect(ws).toHaveReceivedCommandWith(StartWorkspacesPoolCommand, { PoolId: POOL_ID });
    });

    test('changes nothing when it finds the pool DELETING', async () => {
      observed = pool({ State: 'DELETING' });

      await expect(handler.isComplete(poll(plan()))).rejects.toThrow('is being deleted outside this stack');
      expectNoActions();
    });

    test('changes nothing when the pool is gone', async () => {
      observed = undefined;

      await expect(handler.isComplete(poll(plan({ startedAt: NOW - CREATE_VISIBILITY_GRACE_MS - 1 })))).rejects.toThrow('no longer exists');
      expectNoActions();
    });
  });
});

describe('a RunningMode change interrupted half-way', () => {
  test('the stop for a RunningMode change of a RUNNING pool first tags the pool as stopped for it', async () => {
    await expectIncomplete(plan({ operation: 'update', changes: { RunningMode: 'ALWAYS_ON' }, target: 'RUNNING', restoreState: 'RUNNING', expectCapacity: undefined }));

    expect(tagsSet()).toEqual([{ ResourceId: POOL_ID, Tags: [{ Key: RESTART_TAG, Value: REQUEST_ID }] }]);
    const commands = ws.calls().map(call => call.args[0]);
    expect(commands.findIndex(c => c instanceof CreateTagsCommand)).toBeLessThan(commands.findIndex(c => c instanceof StopWorkspacesPoolCommand));
  });

  test('when that tag cannot be set, the stop goes on, and says so in the log', async () => {
    ws.on(CreateTagsCommand).rejects(accessDenied('User is not authorized to perform: workspaces:CreateTags'));

    await expectIncomplete(plan({ operation: 'update', changes: { RunningMode: 'ALWAYS_ON' }, target: 'RUNNING', restoreState: 'RUNNING', expectCapacity: undefined }));

    expect(ws).toHaveReceivedCommandWith(StopWorkspacesPoolCommand, { PoolId: POOL_ID });
    expect(logged('restart-tag-failed')).toEqual([expect.objectContaining({ error: expect.stringContaining('AccessDeniedException') })]);
  });

  test('throttling while setting that tag is not yet: nothing is stopped', async () => {
    ws.on(CreateTagsCommand).rejects(throttling());

    await expectIncomplete(plan({ operation: 'update', changes: { RunningMode: 'ALWAYS_ON' }, target: 'RUNNING', restoreState: 'RUNNING', expectCapacity: undefined }));

    expect(ws).not.toHaveReceivedCommand(StopWorkspacesPoolCommand);
    expect(logged('waiting')).toEqual([expect.objectContaining({ state: 'RUNNING', detail: 'ThrottlingException: Rate exceeded' })]);
  });

  test('a stop for desiredState STOPPED sets no such tag', async () => {
    await expectIncomplete(plan({ operation: 'update', target: 'STOPPED', expectCapacity: undefined }));

    expect(ws).toHaveReceivedCommand(StopWorkspacesPoolCommand);
    expect(tagsSet()).toEqual([]);
  });

  test.each(['STOPPED', 'STOPPING'] as const)('an update (the rollback) that finds the pool %s with that tag plans to start it again', async state => {
    observed = pool({ State: state });
    ws.on(DescribeTagsCommand).resolves({
      TagList: [{ Key: STACK_RESOURCE_TAG, Value: STACK_RESOURCE }, { Key: RESTART_TAG, Value: OTHER_REQUEST_ID }],
    });

    const response = await handler.onEvent(updateEvent({ RunningMode: 'AUTO_STOP' }, { RunningMode: 'ALWAYS_ON' }));

    expect(planOf(response)).toMatchObject({ target: 'RUNNING', restoreState: 'RUNNING' });
    expect(logged('resuming-interrupted-change')).toHaveLength(1);
  });

  test('starting the pool again removes the tag', async () => {
    observed = pool({ State: 'STOPPED' });

    await expectIncomplete(plan({ operation: 'update', target: 'RUNNING', restoreState: 'RUNNING', expectCapacity: undefined }));

    expect(ws).toHaveReceivedCommandWith(StartWorkspacesPoolCommand, { PoolId: POOL_ID });
    expect(ws).toHaveReceivedCommandWith(DeleteTagsCommand, { ResourceId: POOL_ID, TagKeys: [RESTART_TAG] });
  });
});

describe('the stack tag the role\'s pool permissions are conditioned on', () => {
  const deletePlan = () => plan({ operation: 'delete', target: undefined, expectCapacity: undefined });
  /** A pool this stack resource created with an older version of the library: no stack tag. */
  const olderPool = { TagList: [{ Key: STACK_RESOURCE_TAG, Value: STACK_RESOURCE }] };

  test('is the stack id, put on the pool by CreateWorkspacesPool itself', async () => {
    expect(STACK_TAG).toBe('cdk-workspaces-constructs:stack-id');
    await handler.onEvent(createEvent());
    expect(ws.commandCalls(CreateWorkspacesPoolCommand)[0].args[0].input.Tags).toContainEqual({ Key: STACK_TAG, Value: STACK_ID });
  });

  test('is added to a pool this stack resource made with an older version before it is terminated', async () => {
    ws.on(DescribeTagsCommand).resolves(olderPool);

    await expectIncomplete(deletePlan());

    const calls = ws.calls().map(call => call.args[0].constructor.name);
    expect(ws).toHaveReceivedCommandWith(CreateTagsCommand, { ResourceId: POOL_ID, Tags: [{ Key: STACK_TAG, Value: STACK_ID }] });
    expect(calls.indexOf('CreateTagsCommand')).toBeLessThan(calls.indexOf('TerminateWorkspacesPoolCommand'));
    expect(logged('required-tag-added')).toEqual([expect.objectContaining({ pool: POOL_ID, key: STACK_TAG, reason: 'made before the tag existed' })]);
  });

  test('is added before an update changes an older pool', async () => {
    ws.on(DescribeTagsCommand).resolves(olderPool);

    await handler.onEvent(updateEvent({ DesiredUserSessions: '20' }));

    const calls = ws.calls().map(call => call.args[0].constructor.name);
    expect(ws).toHaveReceivedCommandWith(CreateTagsCommand, { ResourceId: POOL_ID, Tags: [{ Key: STACK_TAG, Value: STACK_ID }] });
    expect(calls.indexOf('CreateTagsCommand')).toBeLessThan(calls.indexOf('UpdateWorkspacesPoolCommand'));
  });

  test('fails the delete with the tag to add by hand when adding it is refused, terminating nothing', async () => {
    ws.on(DescribeTagsCommand).resolves(olderPool);
    ws.on(CreateTagsCommand).rejects(new ResourceLimitExceededException({ message: 'The resource already has 50 tags.', $metadata: meta }));

    await expect(handler.isComplete(poll(deletePlan()))).rejects.toThrow(
      `WorkSpaces pool ${LABEL} lacks the tag ${STACK_TAG} = ${STACK_ID}, on which the provider role's permission to change it is conditioned ` +
      '(it was made by an older version of cdk-workspaces-constructs, before that tag existed), and adding it failed: ResourceLimitExceededException: The resource already has 50 tags. ' +
      `Nothing was changed. Add the tag yourself (aws workspaces create-tags --resource-id ${POOL_ID} --tags Key=${STACK_TAG},Value=${STACK_ID}), then retry the stack operation.`,
    );
    expect(ws).not.toHaveReceivedCommand(TerminateWorkspacesPoolCommand);
  });

  test('polls again when adding it is throttled', async () => {
    ws.on(DescribeTagsCommand).resolves(olderPool);
    ws.on(CreateTagsCommand).rejects(throttling());

    await expectIncomplete(deletePlan());
    expect(ws).not.toHaveReceivedCommand(TerminateWorkspacesPoolCommand);
  });

  test('is never added to a pool another stack resource owns', async () => {
    ws.on(DescribeTagsCommand).resolves({ TagList: [{ Key: STACK_RESOURCE_TAG, Value: 'f'.repeat(64) }] });

    await expect(handler.isComplete(poll(deletePlan()))).resolves.toEqual({ IsComplete: true });
    expectNoActions();
  });

  test('is named when the service denies the terminate', async () => {
    ws.on(TerminateWorkspacesPoolCommand).rejects(accessDenied('User is not authorized to perform: workspaces:TerminateWorkspacesPool'));

    await expect(handler.isComplete(poll(deletePlan()))).rejects.toThrow(
      `The provider role may update, start, stop or terminate a pool only when it carries the tag ${STACK_TAG} = ${STACK_ID}`,
    );
  });
});
