/**
 * The one table that says how an update applies each field of the pool spec
 * (lambda/pool/plan.ts): every field is classified, and every field changed
 * in place reaches the pool through exactly the UpdateWorkspacesPool call
 * that applies it, and counts as applied only once the pool shows it. And
 * the cases of an in-place update, the rollbacks among them, by name.
 */
import { createHash } from 'crypto';
import {
  CreateTagsCommand,
  DescribeTagsCommand,
  DescribeWorkspacesPoolsCommand,
  DescribeWorkspacesPoolSessionsCommand,
  UpdateWorkspacesPoolCommand,
  WorkSpacesClient,
  type WorkspacesPool,
} from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import { PoolHandler, RESTART_TAG, STACK_RESOURCE_TAG, classifyUpdate, type UpdateCase } from '../../lambda/pool/handler';
import {
  POOL_FIELDS,
  REQUEST_FIELDS,
  configurationChanges,
  pendingChanges,
  updateRequest,
  type PoolChanges,
  type RequestFieldTable,
  type SpecFieldTable,
  type UpdateField,
} from '../../lambda/pool/plan';
import { PROPERTY, parseSpec, type PoolSpec } from '../../lambda/pool/spec';
import type { IsCompleteRequest, OnEventRequest, OnEventResponse, ResourceProperties } from '../../lambda/shared/types';

const NOW = Date.parse('2026-03-02T09:00:00.000Z');
const POOL_ID = 'wspool-abc123def';
const SERVICE_TOKEN = 'arn:aws:lambda:eu-west-1:111122223333:function:IntegSharedProvider-framework-onEvent';
const STACK_ID = 'arn:aws:cloudformation:eu-west-1:111122223333:stack/CallCentre/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const OWNED_TAGS = [
  { Key: STACK_RESOURCE_TAG, Value: createHash('sha256').update(`${STACK_ID}/Pool`).digest('hex') },
  { Key: 'cdk-workspaces-constructs:stack-id', Value: STACK_ID },
];

/** A spec that sets every field, optional ones included. */
const FULL: Required<PoolSpec> = {
  poolName: 'call-centre',
  description: 'Call centre agents',
  bundleId: 'wsb-0123456789',
  directoryId: 'wsd-0123456789',
  desiredUserSessions: 10,
  runningMode: 'AUTO_STOP',
  desiredState: 'RUNNING',
  disconnectTimeoutInSeconds: 900,
  idleDisconnectTimeoutInSeconds: 600,
  maxUserDurationInSeconds: 28800,
  applicationSettingsStatus: 'ENABLED',
  applicationSettingsGroup: 'call-centre-settings',
  tags: [{ Key: 'team', Value: 'support' }],
  drainTimeoutSeconds: 300,
  timeoutSeconds: 3600,
};

/** Another value for every field of FULL. */
const OTHER: Required<PoolSpec> = {
  poolName: 'help-desk',
  description: 'Help desk agents',
  bundleId: 'wsb-9876543210',
  directoryId: 'wsd-9876543210',
  desiredUserSessions: 20,
  runningMode: 'ALWAYS_ON',
  desiredState: 'STOPPED',
  disconnectTimeoutInSeconds: 1800,
  idleDisconnectTimeoutInSeconds: 1200,
  maxUserDurationInSeconds: 36000,
  applicationSettingsStatus: 'DISABLED',
  applicationSettingsGroup: 'help-desk-settings',
  tags: [{ Key: 'team', Value: 'helpdesk' }],
  drainTimeoutSeconds: 600,
  timeoutSeconds: 7200,
};

const SPEC_KEYS = Object.keys(POOL_FIELDS) as Array<keyof PoolSpec>;
const IN_PLACE = SPEC_KEYS.flatMap(key => {
  const rule = POOL_FIELDS[key];
  return 'field' in rule ? [[key, rule.field] as [keyof PoolSpec, UpdateField]] : [];
});
const NOT_IN_PLACE = SPEC_KEYS.filter(key => !('field' in POOL_FIELDS[key]));

/** The spec FULL with one field changed to its OTHER value. */
const changing = (key: keyof PoolSpec): PoolSpec => ({ ...FULL, [key]: OTHER[key] });

/** The custom resource's properties for `spec`, as CloudFormation passes them (every scalar a string). */
function propertiesOf(spec: PoolSpec): ResourceProperties {
  const properties: Record<string, unknown> = { ServiceToken: SERVICE_TOKEN };
  for (const key of Object.keys(spec) as Array<keyof PoolSpec>) {
    const value = spec[key];
    properties[PROPERTY[key]] = typeof value === 'number' ? String(value) : value;
  }
  return properties as ResourceProperties;
}

/** A pool that shows `spec`'s configuration. */
function poolShowing(spec: PoolSpec, state: WorkspacesPool['State']): WorkspacesPool {
  return {
    PoolId: POOL_ID,
    PoolArn: `arn:aws:workspaces:eu-west-1:111122223333:workspacespool/${POOL_ID}`,
    PoolName: spec.poolName,
    Description: spec.description,
    State: state,
    CreatedAt: new Date('2026-03-01T09:00:00Z'),
    BundleId: spec.bundleId,
    DirectoryId: spec.directoryId,
    RunningMode: spec.runningMode,
    CapacityStatus: { AvailableUserSessions: 0, DesiredUserSessions: spec.desiredUserSessions, ActualUserSessions: 0, ActiveUserSessions: 0 },
    TimeoutSettings: {
      DisconnectTimeoutInSeconds: spec.disconnectTimeoutInSeconds,
      IdleDisconnectTimeoutInSeconds: spec.idleDisconnectTimeoutInSeconds,
      MaxUserDurationInSeconds: spec.maxUserDurationInSeconds,
    },
    ApplicationSettings: { Status: spec.applicationSettingsStatus ?? 'DISABLED', SettingsGroup: spec.applicationSettingsGroup },
  };
}

/** What applies the change of one in-place field: its request field, built from the new spec. */
function expectedChange(field: UpdateField, newSpec: PoolSpec): PoolChanges {
  return { [field]: REQUEST_FIELDS[field].value(newSpec) ?? REQUEST_FIELDS[field].removed };
}

describe('the table of pool spec fields', () => {
  test('classifies every field of a full spec, as parseSpec reads it from every property', () => {
    const parsed = parseSpec(propertiesOf(FULL));
    expect(parsed).toEqual(FULL);
    expect(SPEC_KEYS.sort()).toEqual(Object.keys(parsed).sort());
  });

  test('names every request field for at least one spec field, and only request fields it can build and check', () => {
    expect([...new Set(IN_PLACE.map(([, field]) => field))].sort()).toEqual(Object.keys(REQUEST_FIELDS).sort());
  });

  test('makes a missing field a type error', () => {
    const { description: _description, ...withoutDescription } = POOL_FIELDS;
    // @ts-expect-error a spec field without a rule (say, one added to PoolSpec and forgotten here)
    const specTable: SpecFieldTable = withoutDescription;
    const { Capacity: _capacity, ...withoutCapacity } = REQUEST_FIELDS;
    // @ts-expect-error a request field without a way to build it and to see it in the pool
    const requestTable: RequestFieldTable = withoutCapacity;
    const { shows: _shows, ...withoutShows } = REQUEST_FIELDS.Description;
    // @ts-expect-error a request field that cannot tell whether the pool shows it
    const unchecked: RequestFieldTable = { ...REQUEST_FIELDS, Description: withoutShows };
    expect([specTable, requestTable, unchecked]).toHaveLength(3);
  });

  test.each(IN_PLACE)('%s changes in place, through %s only', (key, field) => {
    const newSpec = changing(key);
    const changes = configurationChanges(FULL, newSpec);

    expect(changes).toEqual(expectedChange(field, newSpec));
    expect(changes[field]).toBeDefined();
    // No other request field reads it.
    for (const other of Object.keys(REQUEST_FIELDS) as UpdateField[]) {
      if (other !== field) {
        expect(REQUEST_FIELDS[other].value(newSpec)).toEqual(REQUEST_FIELDS[other].value(FULL));
      }
    }
    // Not applied while the pool shows the old value; applied once it shows the new one.
    expect(pendingChanges(poolShowing(FULL, 'RUNNING'), changes)).toEqual(changes);
    expect(pendingChanges(poolShowing(newSpec, 'RUNNING'), changes)).toBeUndefined();
    expect(updateRequest(POOL_ID, changes)).toEqual({ PoolId: POOL_ID, ...expectedChange(field, newSpec) });
  });

  test.each(NOT_IN_PLACE)('%s is no configuration change', key => {
    expect(configurationChanges(FULL, changing(key))).toEqual({});
  });
});

describe('an update of one in-place field, through the handler', () => {
  const ws = mockClient(WorkSpacesClient);
  let observed: WorkspacesPool;
  let handler: PoolHandler;

  beforeEach(() => {
    ws.reset();
    handler = new PoolHandler(new WorkSpacesClient({ region: 'eu-west-1' }), { now: () => NOW, log: () => undefined });
    ws.on(DescribeWorkspacesPoolsCommand).callsFake(() => ({ WorkspacesPools: [observed] }));
    ws.on(DescribeWorkspacesPoolSessionsCommand).resolves({ Sessions: [] });
    ws.on(DescribeTagsCommand).resolves({ TagList: OWNED_TAGS });
    ws.on(CreateTagsCommand).resolves({});
    ws.on(UpdateWorkspacesPoolCommand).resolves({});
  });

  const updatesSent = () => ws.commandCalls(UpdateWorkspacesPoolCommand).map(call => call.args[0].input);

  test.each(IN_PLACE)('%s: sends exactly the update that applies it, again until the pool shows it', async (key, field) => {
    const newSpec = changing(key);
    const event: OnEventRequest = {
      RequestType: 'Update',
      ServiceToken: SERVICE_TOKEN,
      ResponseURL: 'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/presigned?X-Amz-Signature=abc123',
      StackId: STACK_ID,
      RequestId: '5d2c8f0e-3b7a-4c1d-9e6f-0a1b2c3d4e5f',
      ResourceType: 'Custom::WorkspacesPool',
      LogicalResourceId: 'Pool',
      PhysicalResourceId: POOL_ID,
      ResourceProperties: propertiesOf(newSpec),
      OldResourceProperties: propertiesOf(FULL),
    };
    // STOPPED: a running mode changes in place only while the pool is stopped.
    observed = poolShowing(FULL, 'STOPPED');
    const response: OnEventResponse = await handler.onEvent(event);
    const expected = { PoolId: POOL_ID, ...expectedChange(field, newSpec) };
    expect(updatesSent()).toEqual([expected]);

    const poll = { ...event, ...response } as IsCompleteRequest;
    await expect(handler.isComplete(poll)).resolves.toEqual({ IsComplete: false });
    expect(updatesSent()).toEqual([expected, expected]);

    observed = poolShowing(newSpec, 'STOPPED');
    await expect(handler.isComplete(poll)).resolves.toMatchObject({ IsComplete: true });
    expect(updatesSent()).toHaveLength(2);
  });
});

describe('classifyUpdate names the rollback cases', () => {
  const restartTag = new Map([[RESTART_TAG, '5d2c8f0e-3b7a-4c1d-9e6f-0a1b2c3d4e5f']]);
  const none = new Map<string, string>();
  const alwaysOnStopped = { ...poolShowing(OTHER, 'STOPPED'), RunningMode: 'ALWAYS_ON' as const };

  test.each<[string, UpdateCase, PoolSpec, PoolSpec, WorkspacesPool, Map<string, string>]>([
    ['a change of the configuration', 'forward', FULL, changing('description'), poolShowing(FULL, 'RUNNING'), none],
    ['a change of desiredState, even of a pool with RESTART_TAG', 'forward', { ...FULL, desiredState: 'STOPPED' }, FULL, poolShowing(FULL, 'STOPPED'), restartTag],
    ['a pool a schedule stopped (no RESTART_TAG)', 'forward', FULL, changing('description'), poolShowing(FULL, 'STOPPED'), none],
    ['a pool stopped with RESTART_TAG', 'resume-running-mode-change', FULL, changing('description'), poolShowing(FULL, 'STOPPED'), restartTag],
    ['a pool stopping with RESTART_TAG', 'resume-running-mode-change', FULL, FULL, poolShowing(FULL, 'STOPPING'), restartTag],
    ['a pool with RESTART_TAG the template wants STOPPED', 'forward', { ...FULL, desiredState: 'STOPPED' }, { ...FULL, desiredState: 'STOPPED' }, poolShowing(FULL, 'STOPPED'), restartTag],
    ['back to AUTO_STOP from a STOPPED ALWAYS_ON pool', 'restart-after-always-on', { ...FULL, runningMode: 'ALWAYS_ON' }, FULL, alwaysOnStopped, none],
    ['back to AUTO_STOP from a RUNNING ALWAYS_ON pool', 'forward', { ...FULL, runningMode: 'ALWAYS_ON' }, FULL, { ...alwaysOnStopped, State: 'RUNNING' }, none],
  ])('%s: %s', (_case, expected, oldSpec, newSpec, subject, tags) => {
    expect(classifyUpdate(oldSpec, newSpec, subject, tags, configurationChanges(oldSpec, newSpec))).toBe(expected);
  });
});
