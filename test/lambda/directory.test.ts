import { createHash } from 'crypto';
import {
  AccessDeniedException,
  AssociateIpGroupsCommand,
  CreateTagsCommand,
  DeleteTagsCommand,
  DeregisterWorkspaceDirectoryCommand,
  DescribeTagsCommand,
  DescribeWorkspaceDirectoriesCommand,
  DescribeWorkspacesCommand,
  DescribeWorkspacesPoolsCommand,
  DisassociateIpGroupsCommand,
  InvalidParameterValuesException,
  InvalidResourceStateException,
  ModifyCertificateBasedAuthPropertiesCommand,
  ModifyEndpointEncryptionModeCommand,
  ModifySamlPropertiesCommand,
  ModifySelfservicePermissionsCommand,
  ModifyStreamingPropertiesCommand,
  ModifyWorkspaceAccessPropertiesCommand,
  ModifyWorkspaceCreationPropertiesCommand,
  OperationInProgressException,
  OperationNotSupportedException,
  RegisterWorkspaceDirectoryCommand,
  ResourceAlreadyExistsException,
  ResourceLimitExceededException,
  ResourceNotFoundException,
  UnsupportedNetworkConfigurationException,
  WorkSpacesClient,
  WorkSpacesServiceException,
  WorkspacesDefaultRoleNotFoundException,
  type DescribeWorkspaceDirectoriesCommandInput,
  type Tag,
  type WorkspaceDirectory,
} from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  CREATE_REQUEST_TAG,
  DEFAULT_ROLE_GRACE_MS,
  OPERATION_TAG,
  DirectoryHandler,
  REGISTER_RETRY_WINDOW_MS,
  REGISTER_VISIBILITY_GRACE_MS,
  STACK_RESOURCE_TAG,
  USAGE_MAX_PAGES,
} from '../../lambda/directory/handler';
import { DEFAULT_ROLE_DOC_URL, formatSeconds, partitionOf } from '../../lambda/directory/messages';
import { canonical, PLAN_FIELD, type DirectoryChanges, type DirectoryPlan } from '../../lambda/directory/plan';
import { parseSpec } from '../../lambda/directory/spec';
import { ORPHAN_SEARCH_WINDOW_MS } from '../../lambda/shared/ownership';
import type { IsCompleteRequest, OnEventRequest, OnEventResponse, RequestType, ResourceProperties } from '../../lambda/shared/types';
import { overrideRequestBuilders } from '../support/provider-driver';

// ---------------------------------------------------------------------------
// fixtures
// ---------------------------------------------------------------------------

const NOW = Date.parse('2026-03-02T09:00:00.000Z');
const MINUTE = 60 * 1000;
const DIRECTORY_ID = 'd-9067a1b2c3';
const NEW_DIRECTORY_ID = 'd-90670000ff';
const REQUEST_ID = '5d2c8f0e-3b7a-4c1d-9e6f-0a1b2c3d4e5f';
const OTHER_REQUEST_ID = 'c0ffee00-1234-4abc-8def-0123456789ab';
const SERVICE_TOKEN = 'arn:aws:lambda:eu-west-1:111122223333:function:IntegSharedProvider-framework-onEvent';
const STACK_ID = 'arn:aws:cloudformation:eu-west-1:111122223333:stack/Desktops/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
/** The value of the stack-resource tag for STACK_ID and logical id Registration, computed here, not by the handler. */
const STACK_RESOURCE = createHash('sha256').update(`${STACK_ID}/Registration`).digest('hex');
const SUBNETS = ['subnet-0aa11bb22cc33dd44', 'subnet-0ee55ff66aa77bb88'];
const CA_ARN = 'arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e';
const OURS: Tag[] = [{ Key: CREATE_REQUEST_TAG, Value: REQUEST_ID }, { Key: STACK_RESOURCE_TAG, Value: STACK_RESOURCE }];
/** The tag this request sets when it takes charge of the registration at NOW. */
const MARK = { Key: 'cdk-workspaces-constructs:operation', Value: `${NOW}/${REQUEST_ID}` };

/** Resource properties as CloudFormation passes them: every scalar a string. `undefined` removes a key. */
function properties(overrides: Record<string, unknown> = {}): ResourceProperties {
  const merged: Record<string, unknown> = {
    ServiceToken: SERVICE_TOKEN,
    DirectoryId: DIRECTORY_ID,
    TimeoutSeconds: '3600',
    Tags: [{ Key: 'team', Value: 'desktops' }],
    ...overrides,
  };
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined)) as ResourceProperties;
}

const { request, createEvent, updateEvent, deleteEvent } = overrideRequestBuilders({
  stackId: STACK_ID,
  resourceType: 'Custom::WorkspaceDirectoryRegistration',
  logicalResourceId: 'Registration',
  properties,
  requestId: REQUEST_ID,
  physicalResourceId: DIRECTORY_ID,
});

function afterOnEvent(event: OnEventRequest, response: OnEventResponse): IsCompleteRequest {
  return { ...event, ...response } as IsCompleteRequest;
}

function planOf(response: OnEventResponse): DirectoryPlan {
  return (response as unknown as Record<string, DirectoryPlan>)[PLAN_FIELD];
}

function plan(overrides: Partial<DirectoryPlan> = {}): DirectoryPlan {
  const startedAt = NOW - 5 * MINUTE;
  return { operation: 'create', startedAt, deadline: startedAt + 60 * MINUTE, changes: {}, ...overrides };
}

/** An isComplete request carrying `p`, as the framework builds it for every poll. */
function poll(p: DirectoryPlan, props: Record<string, unknown> = {}, extra: Partial<OnEventRequest> = {}): IsCompleteRequest {
  const requestType: RequestType = p.operation === 'delete' || p.operation === 'none' ? 'Delete' : p.operation === 'update' ? 'Update' : 'Create';
  return { ...request(requestType, props), PhysicalResourceId: DIRECTORY_ID, ...extra, [PLAN_FIELD]: p } as IsCompleteRequest;
}

function directory(overrides: Partial<WorkspaceDirectory> = {}): WorkspaceDirectory {
  return {
    DirectoryId: DIRECTORY_ID,
    Alias: 'corp-desktops',
    DirectoryName: 'corp.example.com',
    RegistrationCode: 'SLiad+A1B2C3',
    SubnetIds: SUBNETS,
    DnsIpAddresses: ['10.0.1.10', '10.0.2.10'],
    CustomerUserName: 'Administrator',
    IamRoleId: 'arn:aws:iam::111122223333:role/workspaces_DefaultRole',
    DirectoryType: 'SIMPLE_AD',
    WorkspaceSecurityGroupId: 'sg-0123456789abcdef0',
    State: 'REGISTERED',
    Tenancy: 'SHARED',
    WorkspaceCreationProperties: { EnableInternetAccess: false, UserEnabledAsLocalAdministrator: true, EnableMaintenanceMode: true },
    WorkspaceAccessProperties: { DeviceTypeWindows: 'ALLOW', DeviceTypeWeb: 'DENY' },
    SelfservicePermissions: { RestartWorkspace: 'ENABLED', RebuildWorkspace: 'DISABLED' },
    SamlProperties: { Status: 'DISABLED' },
    CertificateBasedAuthProperties: { Status: 'DISABLED' },
    EndpointEncryptionMode: 'STANDARD_TLS',
    ipGroupIds: [],
    ...overrides,
  };
}

const DATA = {
  DirectoryId: DIRECTORY_ID,
  Alias: 'corp-desktops',
  RegistrationCode: 'SLiad+A1B2C3',
  WorkspaceSecurityGroupId: 'sg-0123456789abcdef0',
  DirectoryName: 'corp.example.com',
  DirectoryType: 'SIMPLE_AD',
  CustomerUserName: 'Administrator',
  IamRoleId: 'arn:aws:iam::111122223333:role/workspaces_DefaultRole',
  DnsIpAddresses: '10.0.1.10,10.0.2.10',
};

// Errors the way the SDK rejects: an exception object whose name is the service's error code.
const meta = { httpStatusCode: 400, requestId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d', attempts: 6, totalRetryDelay: 9000 };
const throttling = () => new WorkSpacesServiceException({ name: 'ThrottlingException', $fault: 'client', message: 'Rate exceeded', $metadata: meta });
const unavailable = () => new WorkSpacesServiceException({
  name: 'UnknownError', $fault: 'server', message: 'Service Unavailable', $metadata: { ...meta, httpStatusCode: 503 },
});
const inProgress = () => new OperationInProgressException({ message: 'The directory is being modified.', $metadata: meta });
const invalidState = (message = `The directory ${DIRECTORY_ID} is not in a valid state: Creating.`) => new InvalidResourceStateException({ message, $metadata: meta });
const notFound = (message = `The directory ${DIRECTORY_ID} could not be found.`) => new ResourceNotFoundException({ message, ResourceId: DIRECTORY_ID, $metadata: meta });
const accessDenied = () => new AccessDeniedException({ message: 'User is not authorized to perform this action.', $metadata: meta });
const roleMissing = () => new WorkspacesDefaultRoleNotFoundException({ message: 'The workspaces_DefaultRole role could not be found.', $metadata: meta });
const invalidParameter = (message: string) => new InvalidParameterValuesException({ message, $metadata: meta });

const notYetFaults: Array<[string, () => Error]> = [
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
let handler: DirectoryHandler;
/** What DescribeWorkspaceDirectories by id returns; undefined: an empty list. */
let observed: WorkspaceDirectory | undefined;
/** What DescribeTags returns. */
let tags: Tag[];

beforeEach(() => {
  ws.reset();
  now = NOW;
  logs = [];
  observed = directory();
  tags = OURS;
  handler = new DirectoryHandler(new WorkSpacesClient({ region: 'eu-west-1' }), { now: () => now, log: line => logs.push(line) });
  ws.on(DescribeWorkspaceDirectoriesCommand).callsFake((input: DescribeWorkspaceDirectoriesCommandInput) =>
    ({ Directories: observed && (input.DirectoryIds ?? []).includes(observed.DirectoryId ?? '') ? [observed] : [] }));
  ws.on(DescribeTagsCommand).callsFake(() => ({ TagList: tags }));
  ws.on(RegisterWorkspaceDirectoryCommand).resolves({ DirectoryId: DIRECTORY_ID, State: 'REGISTERING' });
  ws.on(DeregisterWorkspaceDirectoryCommand).resolves({});
  ws.on(ModifyWorkspaceCreationPropertiesCommand).resolves({});
  ws.on(ModifyWorkspaceAccessPropertiesCommand).resolves({});
  ws.on(ModifySelfservicePermissionsCommand).resolves({});
  ws.on(ModifySamlPropertiesCommand).resolves({});
  ws.on(ModifyCertificateBasedAuthPropertiesCommand).resolves({});
  ws.on(ModifyStreamingPropertiesCommand).resolves({});
  ws.on(ModifyEndpointEncryptionModeCommand).resolves({});
  ws.on(AssociateIpGroupsCommand).resolves({});
  ws.on(DisassociateIpGroupsCommand).resolves({});
  ws.on(CreateTagsCommand).resolves({});
  ws.on(DeleteTagsCommand).resolves({});
  ws.on(DescribeWorkspacesCommand).resolves({ Workspaces: [] });
  ws.on(DescribeWorkspacesPoolsCommand).resolves({ WorkspacesPools: [] });
});

function logged(event: string): Array<Record<string, unknown>> {
  return logs.map(line => JSON.parse(line) as Record<string, unknown>).filter(entry => entry.event === event);
}

/** The handler changed nothing: no call that registers, deregisters, modifies or tags. */
function expectNoActions(): void {
  expect(ws).not.toHaveReceivedCommand(RegisterWorkspaceDirectoryCommand);
  expect(ws).not.toHaveReceivedCommand(DeregisterWorkspaceDirectoryCommand);
  expect(ws).not.toHaveReceivedCommand(ModifyWorkspaceCreationPropertiesCommand);
  expect(ws).not.toHaveReceivedCommand(ModifyWorkspaceAccessPropertiesCommand);
  expect(ws).not.toHaveReceivedCommand(ModifySelfservicePermissionsCommand);
  expect(ws).not.toHaveReceivedCommand(ModifySamlPropertiesCommand);
  expect(ws).not.toHaveReceivedCommand(ModifyCertificateBasedAuthPropertiesCommand);
  expect(ws).not.toHaveReceivedCommand(ModifyStreamingPropertiesCommand);
  expect(ws).not.toHaveReceivedCommand(ModifyEndpointEncryptionModeCommand);
  expect(ws).not.toHaveReceivedCommand(AssociateIpGroupsCommand);
  expect(ws).not.toHaveReceivedCommand(DisassociateIpGroupsCommand);
  expect(ws).not.toHaveReceivedCommand(CreateTagsCommand);
  expect(ws).not.toHaveReceivedCommand(DeleteTagsCommand);
}

/** The names of the commands sent, in order, without the reads. */
function actionsSent(): string[] {
  return ws.calls().map(call => (call.args[0] as { constructor: { name: string } }).constructor.name.replace(/Command$/, ''))
    .filter(name => !name.startsWith('Describe'));
}

async function expectIncomplete(event: IsCompleteRequest): Promise<void> {
  await expect(handler.isComplete(event)).resolves.toEqual({ IsComplete: false });
}

// ---------------------------------------------------------------------------
// onEvent
// ---------------------------------------------------------------------------

describe('Create', () => {
  beforeEach(() => {
    observed = undefined;
  });

  test('registers the directory with the template\'s settings, tagged with the create request and the stack resource', async () => {
    const response = await handler.onEvent(createEvent({
      SubnetIds: SUBNETS,
      EnableSelfService: 'true',
      Tenancy: 'DEDICATED',
      Tags: [{ Key: 'team', Value: 'desktops' }, { Key: 'cost-centre', Value: '4711' }],
      EndpointEncryptionMode: 'FIPS_VALIDATED',
    }));

    expect(ws).toHaveReceivedCommandTimes(RegisterWorkspaceDirectoryCommand, 1);
    expect(ws.commandCalls(RegisterWorkspaceDirectoryCommand)[0].args[0].input).toEqual({
      DirectoryId: DIRECTORY_ID,
      SubnetIds: SUBNETS,
      EnableSelfService: true,
      Tenancy: 'DEDICATED',
      Tags: [
        { Key: 'team', Value: 'desktops' },
        { Key: 'cost-centre', Value: '4711' },
        { Key: CREATE_REQUEST_TAG, Value: REQUEST_ID },
        { Key: STACK_RESOURCE_TAG, Value: STACK_RESOURCE },
        MARK,
      ],
    });
    expect(response).toEqual({
      PhysicalResourceId: DIRECTORY_ID,
      [PLAN_FIELD]: { operation: 'create', startedAt: NOW, deadline: NOW + 3600 * 1000, registerPending: undefined, changes: { EndpointEncryptionMode: 'FIPS_VALIDATED' } },
    });
    expect(response).not.toHaveProperty('Data');
    expect(logged('registering')).toEqual([expect.objectContaining({ directory: DIRECTORY_ID, subnetIds: SUBNETS, tenancy: 'DEDICATED' })]);
  });

  test('leaves subnets, self-service and tenancy to the service and applies the default timeout when the template sets none', async () => {
    const response = await handler.onEvent(createEvent({ TimeoutSeconds: undefined, Tags: undefined }));

    expect(ws.commandCalls(RegisterWorkspaceDirectoryCommand)[0].args[0].input).toEqual({
      DirectoryId: DIRECTORY_ID, SubnetIds: undefined, EnableSelfService: undefined, Tenancy: undefined, Tags: [...OURS, MARK],
    });
    expect(planOf(response)).toEqual({ operation: 'create', startedAt: NOW, deadline: NOW + 3300 * 1000, registerPending: undefined, changes: {} });
  });

  test('plans every setting the template asks for, to apply once the directory is REGISTERED', async () => {
    const response = await handler.onEvent(createEvent({
      WorkspaceCreationProperties: { EnableInternetAccess: 'true', DefaultOu: 'OU=Desktops,DC=corp', UserEnabledAsLocalAdministrator: 'false', InstanceIamRoleArn: 'arn:aws:iam::111122223333:role/ws' },
      SamlProperties: { Status: 'ENABLED', UserAccessUrl: 'https://idp.example.com/sso' },
      CertificateBasedAuthProperties: { Status: 'ENABLED', CertificateAuthorityArn: CA_ARN },
      IpGroupIds: ['wsipg-abc123def', 'wsipg-xyz987uvw'],
    }));

    expect(planOf(response).changes).toEqual({
      WorkspaceCreationProperties: { EnableInternetAccess: true, DefaultOu: 'OU=Desktops,DC=corp', UserEnabledAsLocalAdministrator: false, InstanceIamRoleArn: 'arn:aws:iam::111122223333:role/ws' },
      SamlProperties: { set: { Status: 'ENABLED', UserAccessUrl: 'https://idp.example.com/sso' }, remove: [] },
      CertificateBasedAuthProperties: { set: { Status: 'ENABLED', CertificateAuthorityArn: CA_ARN }, remove: [] },
      IpGroups: { associate: ['wsipg-abc123def', 'wsipg-xyz987uvw'], disassociate: [] },
    });
    expect(ws).not.toHaveReceivedCommand(ModifyWorkspaceCreationPropertiesCommand);
    expect(ws).not.toHaveReceivedCommand(AssociateIpGroupsCommand);
  });

  test('checks whether the directory is registered before registering it', async () => {
    await handler.onEvent(createEvent());

    expect(ws).toHaveReceivedCommandWith(DescribeWorkspaceDirectoriesCommand, { DirectoryIds: [DIRECTORY_ID] });
    expect(ws).not.toHaveReceivedCommand(DescribeTagsCommand);
  });

  test('treats ResourceNotFoundException from the describe as not registered', async () => {
    ws.on(DescribeWorkspaceDirectoriesCommand).rejects(notFound());

    const response = await handler.onEvent(createEvent());

    expect(ws).toHaveReceivedCommandTimes(RegisterWorkspaceDirectoryCommand, 1);
    expect(response.PhysicalResourceId).toBe(DIRECTORY_ID);
  });

  test('registers a directory whose previous registration is still DEREGISTERING (WorkSpaces says when it takes it)', async () => {
    observed = directory({ State: 'DEREGISTERING' });
    ws.on(RegisterWorkspaceDirectoryCommand).rejects(invalidState('The directory is being deregistered.'));

    const response = await handler.onEvent(createEvent());

    expect(ws).not.toHaveReceivedCommand(DescribeTagsCommand);
    expect(planOf(response).registerPending).toBe('InvalidResourceStateException: The directory is being deregistered.');
  });

  test.each(['REGISTERING', 'REGISTERED', 'ERROR'] as const)('adopts a %s registration that a retried delivery of this Create already made', async state => {
    observed = directory({ State: state });

    const response = await handler.onEvent(createEvent());

    expect(response.PhysicalResourceId).toBe(DIRECTORY_ID);
    expect(planOf(response)).toMatchObject({ operation: 'create', registerPending: undefined });
    expectNoActions();
    expect(logged('adopted')).toEqual([expect.objectContaining({ state, reason: expect.stringContaining('retried delivery') })]);
  });

  test.each(['REGISTERED', 'ERROR'] as const)('fails when the directory is already registered (%s) by someone else, saying how to use it', async state => {
    observed = directory({ State: state });
    tags = [{ Key: 'owner', Value: 'it-team' }, { Key: CREATE_REQUEST_TAG, Value: OTHER_REQUEST_ID }];

    await expect(handler.onEvent(createEvent())).rejects.toThrow(
      `Directory ${DIRECTORY_ID} is already registered with WorkSpaces in this account and Region (state ${state}), and this stack did not register it. ` +
      'A directory is registered once: use the existing registration with WorkspaceDirectory.fromDirectoryId instead of registering it again, ' +
      'or deregister it first (aws workspaces deregister-workspace-directory) if nothing uses it.',
    );
    expectNoActions();
  });

  test('a Create does not adopt a registration of this stack resource that another request made', async () => {
    observed = directory();
    tags = [{ Key: CREATE_REQUEST_TAG, Value: OTHER_REQUEST_ID }, { Key: STACK_RESOURCE_TAG, Value: STACK_RESOURCE }];

    await expect(handler.onEvent(createEvent())).rejects.toThrow(/already registered with WorkSpaces/);
  });

  test.each([
    ['InvalidResourceStateException (the Directory Service directory is not Active yet)', () => invalidState(), 'InvalidResourceStateException: The directory d-9067a1b2c3 is not in a valid state: Creating.'],
    ['ResourceAlreadyExistsException (an answer lost after the service acted)', () => new ResourceAlreadyExistsException({ message: 'Already registered.', $metadata: meta }), 'ResourceAlreadyExistsException: Already registered.'],
    ['WorkspacesDefaultRoleNotFoundException (a new role not visible yet)', roleMissing, 'WorkspacesDefaultRoleNotFoundException: The workspaces_DefaultRole role could not be found.'],
    ['throttling', throttling, 'ThrottlingException: Rate exceeded'],
    ['a 503', unavailable, 'UnknownError: Service Unavailable'],
    ['OperationInProgressException', inProgress, 'OperationInProgressException: The directory is being modified.'],
  ])('plans to register at the next polls when RegisterWorkspaceDirectory answers %s', async (_what, fault, reason) => {
    ws.on(RegisterWorkspaceDirectoryCommand).rejects(fault());

    const response = await handler.onEvent(createEvent());

    expect(response.PhysicalResourceId).toBe(DIRECTORY_ID);
    expect(planOf(response)).toMatchObject({ operation: 'create', registerPending: reason });
    expect(logged('register-deferred')).toEqual([expect.objectContaining({ reason })]);
  });

  test.each([
    ['ResourceNotFoundException', () => notFound('The directory d-9067a1b2c3 does not exist.'),
      'ResourceNotFoundException: The directory d-9067a1b2c3 does not exist. No AWS Directory Service directory with that id exists in this account and Region: check directoryId, then deploy again.'],
    ['ResourceLimitExceededException', () => new ResourceLimitExceededException({ message: 'Directory limit reached.', $metadata: meta }),
      'ResourceLimitExceededException: Directory limit reached. The account has reached the number of directories it can register with WorkSpaces'],
    ['UnsupportedNetworkConfigurationException', () => new UnsupportedNetworkConfigurationException({ message: 'Subnets in unsupported AZs.', $metadata: meta }),
      'UnsupportedNetworkConfigurationException: Subnets in unsupported AZs. Check the subnets (two, in different Availability Zones that WorkSpaces supports in this Region)'],
    ['OperationNotSupportedException', () => new OperationNotSupportedException({ message: 'Not supported.', $metadata: meta }),
      'OperationNotSupportedException: Not supported. Check the subnets'],
    ['InvalidParameterValuesException', () => invalidParameter('Specify two subnets.'), 'InvalidParameterValuesException: Specify two subnets. Check the subnets'],
    ['AccessDeniedException', accessDenied,
      'AccessDeniedException: User is not authorized to perform this action. The cdk-workspaces-constructs provider role may not register directories: it needs workspaces:RegisterWorkspaceDirectory and workspaces:CreateTags'],
    ['ValidationException', () => new WorkSpacesServiceException({ name: 'ValidationException', $fault: 'client', message: 'Bad request.', $metadata: meta }),
      'ValidationException: Bad request. Nothing was registered; deploy again once the cause is fixed.'],
  ])('fails when RegisterWorkspaceDirectory answers %s, saying what to do', async (_name, fault, expected) => {
    ws.on(RegisterWorkspaceDirectoryCommand).rejects(fault());

    await expect(handler.onEvent(createEvent())).rejects.toThrow(`Registering directory ${DIRECTORY_ID} with WorkSpaces was refused: ${expected}`);
  });

  test('a describe that keeps failing in onEvent fails the Create (the SDK has already retried it)', async () => {
    ws.on(DescribeWorkspaceDirectoriesCommand).rejects(throttling());

    await expect(handler.onEvent(createEvent())).rejects.toThrow('Rate exceeded');
    expectNoActions();
  });
});

describe('Update', () => {
  test('plans only the settings that changed', async () => {
    const response = await handler.onEvent(updateEvent(
      { EndpointEncryptionMode: 'FIPS_VALIDATED', WorkspaceAccessProperties: { DeviceTypeWeb: 'ALLOW' }, StreamingProperties: { StreamingExperiencePreferredProtocol: 'UDP' } },
      { EndpointEncryptionMode: 'STANDARD_TLS', WorkspaceAccessProperties: { DeviceTypeWeb: 'ALLOW' }, StreamingProperties: { StreamingExperiencePreferredProtocol: 'TCP' } },
    ));

    expect(response).toEqual({
      PhysicalResourceId: DIRECTORY_ID,
      [PLAN_FIELD]: {
        operation: 'update',
        startedAt: NOW,
        deadline: NOW + 3600 * 1000,
        changes: { EndpointEncryptionMode: 'FIPS_VALIDATED', StreamingProperties: { StreamingExperiencePreferredProtocol: 'UDP' } },
      },
    });
    // Only marked as in this update's charge; the settings are applied by isComplete.
    expect(actionsSent()).toEqual(['CreateTags']);
    expect(ws).toHaveReceivedCommandWith(CreateTagsCommand, { ResourceId: DIRECTORY_ID, Tags: [MARK] });
    // Neither subnets nor tenancy changed: nothing to check against the directory.
    expect(ws).not.toHaveReceivedCommand(DescribeWorkspaceDirectoriesCommand);
  });

  test('removing SAML fields deletes them; removing SAML turns it off', async () => {
    const changed = planOf(await handler.onEvent(updateEvent(
      { SamlProperties: { Status: 'ENABLED' } },
      { SamlProperties: { Status: 'ENABLED', UserAccessUrl: 'https://idp.example.com/sso', RelayStateParameterName: 'RelayState' } },
    )));
    expect(changed.changes?.SamlProperties).toEqual({
      set: { Status: 'ENABLED' }, remove: ['SAML_PROPERTIES_USER_ACCESS_URL', 'SAML_PROPERTIES_RELAY_STATE_PARAMETER_NAME'],
    });

    const removed = planOf(await handler.onEvent(updateEvent({}, { SamlProperties: { Status: 'ENABLED', UserAccessUrl: 'https://idp.example.com/sso' } })));
    expect(removed.changes?.SamlProperties).toEqual({ set: { Status: 'DISABLED' }, remove: ['SAML_PROPERTIES_USER_ACCESS_URL'] });
  });

  test('removing certificate-based authentication turns it off and deletes the certificate authority', async () => {
    const response = await handler.onEvent(updateEvent({}, { CertificateBasedAuthProperties: { Status: 'ENABLED', CertificateAuthorityArn: CA_ARN } }));

    expect(planOf(response).changes?.CertificateBasedAuthProperties).toEqual({
      set: { Status: 'DISABLED' }, remove: ['CERTIFICATE_BASED_AUTH_PROPERTIES_CERTIFICATE_AUTHORITY_ARN'],
    });
  });

  test('IP groups: associates the new, disassociates the removed; removing the list disassociates them all', async () => {
    const swapped = planOf(await handler.onEvent(updateEvent({ IpGroupIds: ['wsipg-bbbbbbbbb', 'wsipg-ccccccccc'] }, { IpGroupIds: ['wsipg-aaaaaaaaa', 'wsipg-bbbbbbbbb'] })));
    expect(swapped.changes?.IpGroups).toEqual({ associate: ['wsipg-ccccccccc'], disassociate: ['wsipg-aaaaaaaaa'] });

    const removed = planOf(await handler.onEvent(updateEvent({}, { IpGroupIds: ['wsipg-aaaaaaaaa'] })));
    expect(removed.changes?.IpGroups).toEqual({ associate: [], disassociate: ['wsipg-aaaaaaaaa'] });
  });

  test('tags: sets the new and changed, deletes the removed', async () => {
    const response = await handler.onEvent(updateEvent(
      { Tags: [{ Key: 'team', Value: 'vdi' }, { Key: 'project', Value: 'x' }] },
      { Tags: [{ Key: 'team', Value: 'desktops' }, { Key: 'cost', Value: 'cc-1' }] },
    ));

    expect(planOf(response).changes?.Tags).toEqual({ set: [{ Key: 'team', Value: 'vdi' }, { Key: 'project', Value: 'x' }], remove: ['cost'] });
  });

  test('a settings block without an "unset" in the API, removed from the template, is left as the directory has it', async () => {
    const response = await handler.onEvent(updateEvent({}, {
      WorkspaceCreationProperties: { EnableInternetAccess: 'true' },
      EndpointEncryptionMode: 'FIPS_VALIDATED',
    }));

    expect(planOf(response).changes).toEqual({});
    expect(logged('settings-kept')).toEqual([expect.objectContaining({ settings: ['WorkspaceCreationProperties', 'EndpointEncryptionMode'] })]);
  });

  test.each([
    ['true', 'ENABLED'],
    ['false', 'DISABLED'],
  ])('EnableSelfService changed to %s, without SelfservicePermissions: switches the four self-service capabilities to %s', async (flag, value) => {
    const response = await handler.onEvent(updateEvent({ EnableSelfService: flag }, { EnableSelfService: flag === 'true' ? 'false' : 'true' }));

    expect(planOf(response).changes?.SelfservicePermissions).toEqual({
      RebuildWorkspace: value, IncreaseVolumeSize: value, ChangeComputeType: value, SwitchRunningMode: value,
    });
  });

  test('SelfservicePermissions in the template win over an EnableSelfService change', async () => {
    const response = await handler.onEvent(updateEvent(
      { EnableSelfService: 'true', SelfservicePermissions: { RestartWorkspace: 'ENABLED' } },
      { EnableSelfService: 'false', SelfservicePermissions: { RestartWorkspace: 'ENABLED' } },
    ));

    expect(planOf(response).changes).toEqual({});
  });

  test('a new DirectoryId registers that directory, under the new physical id', async () => {
    observed = undefined;
    ws.on(RegisterWorkspaceDirectoryCommand).resolves({ DirectoryId: NEW_DIRECTORY_ID, State: 'REGISTERING' });

    const response = await handler.onEvent(updateEvent({ DirectoryId: NEW_DIRECTORY_ID, EndpointEncryptionMode: 'FIPS_VALIDATED' }, {}));

    expect(response.PhysicalResourceId).toBe(NEW_DIRECTORY_ID);
    expect(planOf(response)).toMatchObject({ operation: 'create', changes: { EndpointEncryptionMode: 'FIPS_VALIDATED' } });
    expect(ws).toHaveReceivedCommandWith(RegisterWorkspaceDirectoryCommand, { DirectoryId: NEW_DIRECTORY_ID });
    expect(logged('replacing')).toEqual([expect.objectContaining({ from: DIRECTORY_ID, to: NEW_DIRECTORY_ID })]);
  });

  test('the rollback of a replacement adopts the previous registration of this stack resource', async () => {
    // Rolling back d-new to d-old: the old registration still exists (CloudFormation deletes it only after success).
    tags = [{ Key: CREATE_REQUEST_TAG, Value: OTHER_REQUEST_ID }, { Key: STACK_RESOURCE_TAG, Value: STACK_RESOURCE }];

    const response = await handler.onEvent(updateEvent({}, { DirectoryId: NEW_DIRECTORY_ID }, NEW_DIRECTORY_ID));

    expect(response.PhysicalResourceId).toBe(DIRECTORY_ID);
    expect(planOf(response)).toMatchObject({ operation: 'create', registerPending: undefined });
    expectNoActions();
    expect(logged('adopted')).toEqual([expect.objectContaining({ reason: expect.stringContaining('replacement rolled back') })]);
  });

  test('fails when the physical id is not a directory id', async () => {
    await expect(handler.onEvent(updateEvent({}, {}, 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED'))).rejects.toThrow(
      'Custom::WorkspaceDirectoryRegistration Registration has physical id \'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED\', which is not a directory id: its Create never completed. Delete and recreate the resource.',
    );
  });

  test('fails when the subnets change', async () => {
    await expect(handler.onEvent(updateEvent({ SubnetIds: [SUBNETS[0], 'subnet-0123456789abcdef0'] }, { SubnetIds: SUBNETS }))).rejects.toThrow(
      `The subnets (from ${SUBNETS.join(', ')} to ${SUBNETS[0]}, subnet-0123456789abcdef0) of WorkSpaces directory ${DIRECTORY_ID} cannot change: ` +
      'WorkSpaces fixes them when a directory is registered, and has no API to change them afterwards. ' +
      'Changing them means deregistering and registering the directory again, which WorkSpaces refuses while any WorkSpace or pool uses the directory.',
    );
    expectNoActions();
  });

  test('subnets that the directory already has are no change, in any order', async () => {
    const response = await handler.onEvent(updateEvent({ SubnetIds: [SUBNETS[1], SUBNETS[0]] }, {}));

    expect(planOf(response).operation).toBe('update');
    expect(ws).toHaveReceivedCommandWith(DescribeWorkspaceDirectoriesCommand, { DirectoryIds: [DIRECTORY_ID] });
  });

  test('subnets removed from the template are no change: the directory keeps its subnets', async () => {
    const response = await handler.onEvent(updateEvent({}, { SubnetIds: SUBNETS, Tenancy: 'DEDICATED' }));

    expect(planOf(response).operation).toBe('update');
    expect(ws).not.toHaveReceivedCommand(DescribeWorkspaceDirectoriesCommand);
  });

  test('fails when the tenancy changes; a tenancy the directory already has is no change', async () => {
    await expect(handler.onEvent(updateEvent({ Tenancy: 'DEDICATED' }, { Tenancy: 'SHARED' }))).rejects.toThrow(
      `The tenancy (from SHARED to DEDICATED) of WorkSpaces directory ${DIRECTORY_ID} cannot change`,
    );

    const response = await handler.onEvent(updateEvent({ Tenancy: 'SHARED' }, {}));
    expect(planOf(response).operation).toBe('update');
  });

  test('an unknown tenancy on the directory is named so', async () => {
    observed = directory({ Tenancy: undefined, SubnetIds: undefined });

    await expect(handler.onEvent(updateEvent({ Tenancy: 'DEDICATED' }, {}))).rejects.toThrow('The tenancy (from unknown to DEDICATED)');
    await expect(handler.onEvent(updateEvent({ SubnetIds: SUBNETS }, {}))).rejects.toThrow(`The subnets (from none to ${SUBNETS.join(', ')})`);
  });

  test.each([
    ['not listed', () => { observed = undefined; }],
    ['DEREGISTERED', () => { observed = directory({ State: 'DEREGISTERED' }); }],
  ])('fails when the subnets change and the directory is %s', async (_what, arrange) => {
    arrange();

    await expect(handler.onEvent(updateEvent({ SubnetIds: SUBNETS }, {}))).rejects.toThrow(
      `WorkSpaces directory ${DIRECTORY_ID} is no longer registered with WorkSpaces: it was deregistered outside this stack.`,
    );
  });
});

describe('Delete', () => {
  test('plans to deregister, within the timeout', async () => {
    const response = await handler.onEvent(deleteEvent({ TimeoutSeconds: '900' }));

    expect(response).toEqual({ PhysicalResourceId: DIRECTORY_ID, [PLAN_FIELD]: { operation: 'delete', startedAt: NOW, deadline: NOW + 900 * 1000 } });
    expectNoActions();
  });

  test('a Delete never fails on properties it does not need: unreadable properties get the default timeout', async () => {
    const response = await handler.onEvent(deleteEvent({ DirectoryId: 'not-a-directory', Tenancy: 'NONE' }));

    expect(planOf(response)).toEqual({ operation: 'delete', startedAt: NOW, deadline: NOW + 3300 * 1000 });
  });

  // CloudFormation makes up the physical id of a create it cancelled; its format is undocumented, so none is assumed.
  describe.each([
    ['a request id', 'e5b0e3a0-6f0c-4f59-8c5e-1d2f3a4b5c6d'],
    ['a stack-style name', 'Desktops-Registration-1A2B3C4D5E6F'],
    ['an empty id', ''],
  ])('a physical id that is not a directory id (%s)', (_case, physicalId) => {
    test('plans to look for the registration a cancelled create made, keeping the physical id, without calling the service', async () => {
      const response = await handler.onEvent(deleteEvent({}, physicalId));

      expect(response.PhysicalResourceId).toBe(physicalId);
      expect(planOf(response)).toMatchObject({ operation: 'delete', searchUntil: NOW + ORPHAN_SEARCH_WINDOW_MS });
      expect(ws.calls()).toHaveLength(0);
    });

    test('marks and deregisters the registration of the directory in the properties that this stack resource made', async () => {
      tags = [...OURS, { Key: OPERATION_TAG, Value: `${NOW - 2 * MINUTE}/${OTHER_REQUEST_ID}` }];
      const event = deleteEvent({}, physicalId);
      const response = await handler.onEvent(event);

      await expect(handler.isComplete(afterOnEvent(event, response))).resolves.toEqual({ IsComplete: false });
      expect(actionsSent()).toEqual(['CreateTags', 'DeregisterWorkspaceDirectory']);
      expect(ws).toHaveReceivedCommandWith(CreateTagsCommand, { ResourceId: DIRECTORY_ID, Tags: [MARK] });
    });

    test('never deregisters a registration this stack resource retained from an earlier life (last marked before the cancelled create could have begun)', async () => {
      tags = [...OURS, { Key: OPERATION_TAG, Value: `${NOW - 2 * 60 * MINUTE}/${OTHER_REQUEST_ID}` }];
      const event = deleteEvent({}, physicalId);
      const response = await handler.onEvent(event);

      await expect(handler.isComplete(afterOnEvent(event, response))).resolves.toEqual({ IsComplete: true });
      expectNoActions();
      expect(logged('left-registered')).toEqual([expect.objectContaining({ reason: expect.stringContaining('an earlier life of this stack resource, retained') as unknown })]);
    });

    test('never deregisters a registration someone else made, and says so in the log', async () => {
      tags = [{ Key: 'owner', Value: 'it-team' }];
      const event = deleteEvent({}, physicalId);
      const response = await handler.onEvent(event);

      await expect(handler.isComplete(afterOnEvent(event, response))).resolves.toEqual({ IsComplete: true });
      expectNoActions();
      expect(logged('left-registered')).toHaveLength(1);
    });

    test('keeps looking while the cancelled create may still register, then completes', async () => {
      observed = undefined;
      const event = deleteEvent({}, physicalId);
      const response = await handler.onEvent(event);

      await expect(handler.isComplete(afterOnEvent(event, response))).resolves.toEqual({ IsComplete: false });
      now = NOW + ORPHAN_SEARCH_WINDOW_MS;
      await expect(handler.isComplete(afterOnEvent(event, response))).resolves.toEqual({ IsComplete: true });
      expectNoActions();
    });
  });

  test('has nothing to look for when the properties name no Directory Service directory', async () => {
    const event = deleteEvent({ DirectoryId: 'not-a-directory' }, 'e5b0e3a0-6f0c-4f59-8c5e-1d2f3a4b5c6d');

    const response = await handler.onEvent(event);
    await expect(handler.isComplete(afterOnEvent(event, response))).resolves.toEqual({ IsComplete: true });

    expect(planOf(response).operation).toBe('none');
    expect(ws.calls()).toHaveLength(0);
  });
});

describe('isComplete: looking for what a cancelled operation made', () => {
  test('a refused lookup for the registration a cancelled create made fails the delete and names the permissions', async () => {
    const event = deleteEvent({}, 'e5b0e3a0-6f0c-4f59-8c5e-1d2f3a4b5c6d');
    const response = await handler.onEvent(event);
    ws.on(DescribeWorkspaceDirectoriesCommand).rejects(accessDenied());

    await expect(handler.isComplete(afterOnEvent(event, response))).rejects.toThrow(
      `Looking for a registration of directory ${DIRECTORY_ID} that a cancelled operation of this resource may have made failed: ` +
      'AccessDeniedException: User is not authorized to perform this action. ' +
      'Check the provider role\'s workspaces:DescribeWorkspaceDirectories and workspaces:DescribeTags permissions, then retry the stack operation.',
    );
    expectNoActions();
  });

  test('the rollback of a replacement first marks and deregisters the registration the replacement made', async () => {
    observed = directory({ DirectoryId: NEW_DIRECTORY_ID });
    tags = [...OURS, { Key: OPERATION_TAG, Value: `${NOW - 6 * MINUTE}/${OTHER_REQUEST_ID}` }];

    await expectIncomplete(poll(plan({ operation: 'update', cleanup: { directoryId: NEW_DIRECTORY_ID, searchUntil: NOW + MINUTE } })));

    expect(actionsSent()).toEqual(['CreateTags', 'DeregisterWorkspaceDirectory']);
    expect(ws).toHaveReceivedCommandWith(DeregisterWorkspaceDirectoryCommand, { DirectoryId: NEW_DIRECTORY_ID });
    expect(ws).not.toHaveReceivedCommandWith(DeregisterWorkspaceDirectoryCommand, { DirectoryId: DIRECTORY_ID });
  });

  test('once the replacement\'s registration is gone and the search is over, the rollback goes on with the directory it keeps', async () => {
    now = NOW + MINUTE;

    await expect(handler.isComplete(poll(plan({ operation: 'update', cleanup: { directoryId: NEW_DIRECTORY_ID, searchUntil: NOW + MINUTE } }))))
      .resolves.toEqual({ IsComplete: true, Data: DATA });
    expect(ws).not.toHaveReceivedCommand(DeregisterWorkspaceDirectoryCommand);
  });
});

describe('properties', () => {
  test('parses every setting from CloudFormation\'s strings', () => {
    const spec = parseSpec(properties({
      SubnetIds: SUBNETS,
      EnableSelfService: 'false',
      Tenancy: 'SHARED',
      WorkspaceCreationProperties: {
        EnableInternetAccess: 'true',
        DefaultOu: 'OU=x',
        CustomSecurityGroupId: 'sg-0123456789abcdef0',
        UserEnabledAsLocalAdministrator: 'false',
        EnableMaintenanceMode: 'true',
        InstanceIamRoleArn: 'arn:aws:iam::111122223333:role/ws',
      },
      WorkspaceAccessProperties: {
        DeviceTypeWindows: 'ALLOW',
        DeviceTypeOsx: 'DENY',
        DeviceTypeWeb: 'ALLOW',
        DeviceTypeIos: 'DENY',
        DeviceTypeAndroid: 'DENY',
        DeviceTypeChromeOs: 'DENY',
        DeviceTypeZeroClient: 'DENY',
        DeviceTypeLinux: 'ALLOW',
        DeviceTypeWorkSpacesThinClient: 'ALLOW',
        AccessEndpointConfig: { AccessEndpoints: [{ AccessEndpointType: 'STREAMING_WSP', VpcEndpointId: 'vpce-0123456789abcdef0' }], InternetFallbackProtocols: ['PCOIP'] },
      },
      SelfservicePermissions: { RestartWorkspace: 'ENABLED', IncreaseVolumeSize: 'DISABLED', ChangeComputeType: 'ENABLED', SwitchRunningMode: 'DISABLED', RebuildWorkspace: 'ENABLED' },
      SamlProperties: { Status: 'ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK', UserAccessUrl: 'https://idp.example.com/sso', RelayStateParameterName: 'RelayState' },
      CertificateBasedAuthProperties: { Status: 'ENABLED', CertificateAuthorityArn: CA_ARN },
      StreamingProperties: {
        StreamingExperiencePreferredProtocol: 'UDP',
        UserSettings: [{ Action: 'CLIPBOARD_COPY_FROM_LOCAL_DEVICE', Permission: 'ENABLED', MaximumLength: '4096' }, { Action: 'SMART_CARD', Permission: 'DISABLED' }],
        StorageConnectors: [{ ConnectorType: 'HOME_FOLDER', Status: 'ENABLED' }],
        GlobalAccelerator: { Mode: 'ENABLED_AUTO', PreferredProtocol: 'TCP' },
      },
      EndpointEncryptionMode: 'FIPS_VALIDATED',
      IpGroupIds: ['wsipg-abc123def'],
    }));

    expect(spec).toEqual({
      directoryId: DIRECTORY_ID,
      subnetIds: SUBNETS,
      enableSelfService: false,
      tenancy: 'SHARED',
      tags: [{ Key: 'team', Value: 'desktops' }],
      workspaceCreationProperties: {
        EnableInternetAccess: true,
        DefaultOu: 'OU=x',
        CustomSecurityGroupId: 'sg-0123456789abcdef0',
        UserEnabledAsLocalAdministrator: false,
        EnableMaintenanceMode: true,
        InstanceIamRoleArn: 'arn:aws:iam::111122223333:role/ws',
      },
      workspaceAccessProperties: {
        DeviceTypeWindows: 'ALLOW',
        DeviceTypeOsx: 'DENY',
        DeviceTypeWeb: 'ALLOW',
        DeviceTypeIos: 'DENY',
        DeviceTypeAndroid: 'DENY',
        DeviceTypeChromeOs: 'DENY',
        DeviceTypeZeroClient: 'DENY',
        DeviceTypeLinux: 'ALLOW',
        DeviceTypeWorkSpacesThinClient: 'ALLOW',
        AccessEndpointConfig: { AccessEndpoints: [{ AccessEndpointType: 'STREAMING_WSP', VpcEndpointId: 'vpce-0123456789abcdef0' }], InternetFallbackProtocols: ['PCOIP'] },
      },
      selfservicePermissions: { RestartWorkspace: 'ENABLED', IncreaseVolumeSize: 'DISABLED', ChangeComputeType: 'ENABLED', SwitchRunningMode: 'DISABLED', RebuildWorkspace: 'ENABLED' },
      samlProperties: { Status: 'ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK', UserAccessUrl: 'https://idp.example.com/sso', RelayStateParameterName: 'RelayState' },
      certificateBasedAuthProperties: { Status: 'ENABLED', CertificateAuthorityArn: CA_ARN },
      streamingProperties: {
        StreamingExperiencePreferredProtocol: 'UDP',
        UserSettings: [{ Action: 'CLIPBOARD_COPY_FROM_LOCAL_DEVICE', Permission: 'ENABLED', MaximumLength: 4096 }, { Action: 'SMART_CARD', Permission: 'DISABLED' }],
        StorageConnectors: [{ ConnectorType: 'HOME_FOLDER', Status: 'ENABLED' }],
        GlobalAccelerator: { Mode: 'ENABLED_AUTO', PreferredProtocol: 'TCP' },
      },
      endpointEncryptionMode: 'FIPS_VALIDATED',
      ipGroupIds: ['wsipg-abc123def'],
      timeoutSeconds: 3600,
    });
  });

  test('an empty settings block counts as not set', () => {
    expect(parseSpec(properties({ SelfservicePermissions: {}, SamlProperties: '' })).selfservicePermissions).toBeUndefined();
  });

  const REWRITE = 'The template was not written by this version of cdk-workspaces-constructs: synthesize it again with the WorkspaceDirectory construct.';

  test.each([
    ['a missing DirectoryId', { DirectoryId: undefined }, 'DirectoryId is required, got undefined.'],
    ['a pools directory id', { DirectoryId: 'wsd-0123456789' }, 'DirectoryId must be an AWS Directory Service directory id (d- followed by 8 or more hex digits), got "wsd-0123456789".'],
    ['a boolean that is not true or false', { EnableSelfService: 'yes' }, 'EnableSelfService must be \'true\' or \'false\', got "yes".'],
    ['an unknown tenancy', { Tenancy: 'HOSTED' }, 'Tenancy must be one of DEDICATED, SHARED, got "HOSTED".'],
    ['a timeout that is not a whole number', { TimeoutSeconds: '90.5' }, 'TimeoutSeconds must be a whole number from 1 to 3600, in decimal digits, got "90.5".'],
    ['a blank timeout', { TimeoutSeconds: ' ' }, 'TimeoutSeconds must be a whole number from 1 to 3600, in decimal digits, got " ".'],
    ['subnets that are not a list of strings', { SubnetIds: 'subnet-1' }, 'SubnetIds must be a list of strings, got "subnet-1".'],
    ['tags that are not { Key, Value }', { Tags: [{ Key: 'team' }] }, 'Tags must be a list of { Key, Value }, got [{"Key":"team"}].'],
    ['tags that are not a list', { Tags: 'team=desktops' }, 'Tags must be a list of { Key, Value }, got "team=desktops".'],
    ['a settings block that is not an object', { SamlProperties: ['ENABLED'] }, 'SamlProperties must be an object, got ["ENABLED"].'],
    ['a nested value of the wrong type', { WorkspaceCreationProperties: { DefaultOu: 7 } }, 'WorkspaceCreationProperties.DefaultOu must be a string, got 7.'],
    ['a device type that is not ALLOW or DENY', { WorkspaceAccessProperties: { DeviceTypeWeb: 'MAYBE' } }, 'WorkspaceAccessProperties.DeviceTypeWeb must be one of ALLOW, DENY, got "MAYBE".'],
    ['access endpoints that are not a list', { WorkspaceAccessProperties: { AccessEndpointConfig: { AccessEndpoints: 'vpce-1' } } },
      'WorkspaceAccessProperties.AccessEndpointConfig.AccessEndpoints must be a list of { AccessEndpointType, VpcEndpointId }, got "vpce-1".'],
    ['an access endpoint that is not an object', { WorkspaceAccessProperties: { AccessEndpointConfig: { AccessEndpoints: ['vpce-1'] } } },
      'WorkspaceAccessProperties.AccessEndpointConfig.AccessEndpoints must be a list of { AccessEndpointType, VpcEndpointId }, got ["vpce-1"].'],
    ['an unknown fallback protocol', { WorkspaceAccessProperties: { AccessEndpointConfig: { AccessEndpoints: [], InternetFallbackProtocols: ['RDP'] } } },
      'WorkspaceAccessProperties.AccessEndpointConfig.InternetFallbackProtocols must be a list of PCOIP, got ["RDP"].'],
    ['a user setting without a permission', { StreamingProperties: { UserSettings: [{ Action: 'SMART_CARD' }] } }, 'StreamingProperties.UserSettings.Permission is required, got undefined.'],
    ['user settings that are not a list', { StreamingProperties: { UserSettings: 'SMART_CARD' } }, 'StreamingProperties.UserSettings must be a list, got "SMART_CARD".'],
    ['a user setting that is not an object', { StreamingProperties: { UserSettings: ['SMART_CARD'] } }, 'StreamingProperties.UserSettings must be a list of objects, got ["SMART_CARD"].'],
    ['an unknown accelerator mode', { StreamingProperties: { GlobalAccelerator: { Mode: 'ON' } } }, 'StreamingProperties.GlobalAccelerator.Mode must be one of ENABLED_AUTO, DISABLED, got "ON".'],
    ['a timeout in exponent form', { TimeoutSeconds: '1e3' }, 'TimeoutSeconds must be a whole number from 1 to 3600, in decimal digits, got "1e3".'],
    ['a timeout in hexadecimal', { TimeoutSeconds: '0x10' }, 'TimeoutSeconds must be a whole number from 1 to 3600, in decimal digits, got "0x10".'],
    ['a clipboard length beyond the API\'s Integer', { StreamingProperties: { UserSettings: [{ Action: 'CLIPBOARD_COPY_FROM_LOCAL_DEVICE', Permission: 'ENABLED', MaximumLength: '1e20' }] } },
      'StreamingProperties.UserSettings.MaximumLength must be a whole number from 1 to 2147483647, in decimal digits, got "1e20".'],
  ])('fails on %s, naming the property and the value', (_what, overrides, expected) => {
    expect(() => parseSpec(properties(overrides))).toThrow(`Custom::WorkspaceDirectoryRegistration property ${expected} ${REWRITE}`);
  });

  test('refuses a reserved tag key that reached the handler (an addPropertyOverride), never writing it over the ownership tags', () => {
    expect(() => parseSpec(properties({ Tags: [{ Key: 'cdk-workspaces-constructs:stack-resource', Value: 'f'.repeat(64) }] }))).toThrow(
      'Custom::WorkspaceDirectoryRegistration property Tags has the tag key "cdk-workspaces-constructs:stack-resource": ' +
      'keys starting with \'cdk-workspaces-constructs:\' are reserved for the ownership tags cdk-workspaces-constructs writes',
    );
  });

  test('booleans may also arrive as JSON booleans', () => {
    expect(parseSpec(properties({ EnableSelfService: true })).enableSelfService).toBe(true);
    const spec = parseSpec(properties({ WorkspaceCreationProperties: { EnableInternetAccess: false } }));
    expect(spec.workspaceCreationProperties).toEqual({ EnableInternetAccess: false });
  });
});

// ---------------------------------------------------------------------------
// isComplete
// ---------------------------------------------------------------------------

describe('isComplete: any operation', () => {
  test('fails when the request carries no plan', async () => {
    const event = { ...request('Create', {}), PhysicalResourceId: DIRECTORY_ID } as IsCompleteRequest;

    await expect(handler.isComplete(event)).rejects.toThrow(
      'The isComplete request carries no directory plan: it was not started by this version of the directory handler. Deploy again; if this repeats, report it with the provider\'s log.',
    );
  });

  test.each(notYetFaults)('%s from the describe is not yet', async (_name, fault) => {
    ws.on(DescribeWorkspaceDirectoriesCommand).rejects(fault());

    await expectIncomplete(poll(plan()));
    expect(logged('waiting')).toEqual([expect.objectContaining({ detail: fault().name + ': ' + fault().message })]);
  });

  test.each([
    ['create', 'REGISTERED with its settings'],
    ['delete', 'deregistered'],
  ] as const)('a %s whose describe still fails at the deadline times out, quoting the failure', async (operation, target) => {
    ws.on(DescribeWorkspaceDirectoriesCommand).rejects(throttling());
    now = plan().deadline + 1;

    await expect(handler.isComplete(poll(plan({ operation })))).rejects.toThrow(
      `WorkSpaces directory ${DIRECTORY_ID} did not reach ${target} within the timeout of 1 h: it could not be described at the deadline (ThrottlingException: Rate exceeded). ` +
      'Check the directory in the WorkSpaces console',
    );
  });

  test('fails when the describe is refused, naming the permission', async () => {
    ws.on(DescribeWorkspaceDirectoriesCommand).rejects(accessDenied());

    await expect(handler.isComplete(poll(plan()))).rejects.toThrow(
      `Describing WorkSpaces directory ${DIRECTORY_ID} failed: AccessDeniedException: User is not authorized to perform this action. Check the provider role's workspaces:DescribeWorkspaceDirectories permission.`,
    );
  });
});

describe('isComplete: Create', () => {
  test('done when REGISTERED, with every attribute', async () => {
    const response = await handler.isComplete(poll(plan()));

    expect(response).toEqual({ IsComplete: true, Data: DATA });
    expectNoActions();
    expect(logged('complete')).toEqual([expect.objectContaining({ directory: DIRECTORY_ID, state: 'REGISTERED' })]);
  });

  test('has every key even when the directory lacks fields', async () => {
    observed = { DirectoryId: DIRECTORY_ID, State: 'REGISTERED' };

    const response = await handler.isComplete(poll(plan()));

    expect(response.Data).toEqual({
      DirectoryId: DIRECTORY_ID,
      Alias: '',
      RegistrationCode: '',
      WorkspaceSecurityGroupId: '',
      DirectoryName: '',
      DirectoryType: '',
      CustomerUserName: '',
      IamRoleId: '',
      DnsIpAddresses: '',
    });
  });

  test('not yet while REGISTERING', async () => {
    observed = directory({ State: 'REGISTERING' });

    await expectIncomplete(poll(plan()));
    expect(logged('waiting')).toEqual([expect.objectContaining({ state: 'REGISTERING' })]);
  });

  test('fails when still REGISTERING after the deadline', async () => {
    observed = directory({ State: 'REGISTERING' });
    now = plan().deadline + 1;

    await expect(handler.isComplete(poll(plan()))).rejects.toThrow(
      `WorkSpaces directory ${DIRECTORY_ID} did not reach REGISTERED within the timeout of 1 h: last seen in state REGISTERING. `,
    );
  });

  test('fails with the directory\'s ErrorMessage when it is in ERROR', async () => {
    observed = directory({ State: 'ERROR', ErrorMessage: 'The subnets are in an unsupported Availability Zone.' });

    await expect(handler.isComplete(poll(plan()))).rejects.toThrow(
      `Registering directory ${DIRECTORY_ID} with WorkSpaces ended in state ERROR: The subnets are in an unsupported Availability Zone. ` +
      'Check that the Directory Service directory is Active and healthy, that its subnets and their Availability Zones are supported by WorkSpaces, ' +
      'and that workspaces_DefaultRole has AmazonWorkSpacesServiceAccess attached; fix the cause and deploy again (CloudFormation deregisters the failed registration on rollback).',
    );
  });

  test('says so when a directory in ERROR has no message', async () => {
    observed = directory({ State: 'ERROR' });

    await expect(handler.isComplete(poll(plan()))).rejects.toThrow('ended in state ERROR: the service gave no error message. Check');
  });

  test('fails when the directory is being deregistered outside the stack', async () => {
    observed = directory({ State: 'DEREGISTERING' });

    await expect(handler.isComplete(poll(plan()))).rejects.toThrow(`WorkSpaces directory ${DIRECTORY_ID} is being deregistered outside this stack.`);
  });

  test('a registration WorkSpaces accepted but does not list yet is not yet, for a grace period', async () => {
    observed = undefined;
    now = NOW;

    await expectIncomplete(poll(plan({ startedAt: NOW - REGISTER_VISIBILITY_GRACE_MS + 1000 })));
    expect(logged('waiting')).toEqual([expect.objectContaining({ state: 'not listed yet' })]);
  });

  test('fails when a registration WorkSpaces accepted is still not listed after the grace period', async () => {
    observed = undefined;

    await expect(handler.isComplete(poll(plan({ startedAt: NOW - REGISTER_VISIBILITY_GRACE_MS - 1000 })))).rejects.toThrow(
      `WorkSpaces directory ${DIRECTORY_ID} is no longer registered with WorkSpaces: it was deregistered outside this stack. ` +
      'Remove the registration from the stack and add it again to register the directory anew, or register it by hand and use it with WorkspaceDirectory.fromDirectoryId.',
    );
  });

  describe('a registration still to be accepted (registerPending)', () => {
    const pending = (overrides: Partial<DirectoryPlan> = {}) =>
      plan({ registerPending: 'InvalidResourceStateException: Creating', startedAt: NOW - MINUTE, deadline: NOW + 59 * MINUTE, ...overrides });

    beforeEach(() => {
      observed = undefined;
    });

    test('registers again; accepted is not yet (REGISTERING comes next)', async () => {
      await expectIncomplete(poll(pending(), { Tenancy: 'DEDICATED' }));

      expect(ws).toHaveReceivedCommandWith(RegisterWorkspaceDirectoryCommand, { DirectoryId: DIRECTORY_ID, Tenancy: 'DEDICATED', Tags: [{ Key: 'team', Value: 'desktops' }, ...OURS, MARK] });
      expect(logged('registering')).toHaveLength(1);
    });

    test('also when the previous registration is still DEREGISTERING', async () => {
      observed = directory({ State: 'DEREGISTERING' });

      await expectIncomplete(poll(pending()));
      expect(ws).toHaveReceivedCommandTimes(RegisterWorkspaceDirectoryCommand, 1);
      expect(ws).not.toHaveReceivedCommand(DescribeTagsCommand);
    });

    test.each([['InvalidResourceStateException', () => invalidState()], ...notYetFaults])('refused again with %s: not yet', async (_name, fault) => {
      ws.on(RegisterWorkspaceDirectoryCommand).rejects(fault());

      await expectIncomplete(poll(pending()));
      expect(logged('waiting')).toEqual([expect.objectContaining({ state: 'not registered', detail: `${fault().name}: ${fault().message}` })]);
    });

    test('fails at the deadline when WorkSpaces still refuses, quoting its answer once (no doubled period)', async () => {
      ws.on(RegisterWorkspaceDirectoryCommand).rejects(invalidState());
      const shortTimeout = pending({ deadline: NOW + MINUTE });
      now = shortTimeout.deadline + 1;

      await expect(handler.isComplete(poll(shortTimeout))).rejects.toThrow(
        `WorkSpaces directory ${DIRECTORY_ID} did not reach a registration WorkSpaces accepts within the timeout of 2 min: ` +
        `RegisterWorkspaceDirectory was still refused with InvalidResourceStateException: The directory ${DIRECTORY_ID} is not in a valid state: Creating. ` +
        'WorkSpaces registers only an Active Directory Service directory: check the directory\'s status in the Directory Service console, then deploy again.',
      );
    });

    // A cancelled deploy's waiter goes on polling; past this window it can no longer register what the rollback's Delete looked for.
    test('stops asking, without registering, once REGISTER_RETRY_WINDOW_MS has passed since the create began', async () => {
      now = NOW - MINUTE + REGISTER_RETRY_WINDOW_MS;

      await expect(handler.isComplete(poll(pending()))).rejects.toThrow(
        `WorkSpaces did not take the registration of directory ${DIRECTORY_ID} within 5 min: RegisterWorkspaceDirectory was still refused with InvalidResourceStateException: Creating. `,
      );
      expectNoActions();
    });

    test('the retry window ends before the search of a cancelled create\'s Delete does', () => {
      expect(REGISTER_RETRY_WINDOW_MS + REGISTER_VISIBILITY_GRACE_MS).toBeLessThanOrEqual(ORPHAN_SEARCH_WINDOW_MS);
    });

    test('workspaces_DefaultRole missing within the grace period is not yet', async () => {
      ws.on(RegisterWorkspaceDirectoryCommand).rejects(roleMissing());
      now = NOW;

      await expectIncomplete(poll(pending({ startedAt: NOW - DEFAULT_ROLE_GRACE_MS + 1000 })));
    });

    test('fails after the grace period with exactly how to create workspaces_DefaultRole, in the stack\'s partition', async () => {
      ws.on(RegisterWorkspaceDirectoryCommand).rejects(roleMissing());
      const stackId = 'arn:aws-cn:cloudformation:cn-north-1:111122223333:stack/Desktops/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';

      await expect(handler.isComplete(poll(pending({ startedAt: NOW - DEFAULT_ROLE_GRACE_MS }), {}, { StackId: stackId }))).rejects.toThrow(
        `Registering directory ${DIRECTORY_ID} with WorkSpaces was refused: WorkspacesDefaultRoleNotFoundException: The workspaces_DefaultRole role could not be found. ` +
        'WorkSpaces needs an IAM role named exactly workspaces_DefaultRole in this account, trusted by workspaces.amazonaws.com, ' +
        'with the AWS managed policies AmazonWorkSpacesServiceAccess and AmazonWorkSpacesSelfServiceAccess attached. ' +
        'Create it with this library (a WorkspacesDefaultRole construct, or createDefaultRole: true on the WorkspaceDirectory), or once per account with the AWS CLI: ' +
        'aws iam create-role --role-name workspaces_DefaultRole --assume-role-policy-document ' +
        '\'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"workspaces.amazonaws.com"},"Action":"sts:AssumeRole"}]}\' && ' +
        'aws iam attach-role-policy --role-name workspaces_DefaultRole --policy-arn arn:aws-cn:iam::aws:policy/AmazonWorkSpacesServiceAccess && ' +
        'aws iam attach-role-policy --role-name workspaces_DefaultRole --policy-arn arn:aws-cn:iam::aws:policy/AmazonWorkSpacesSelfServiceAccess. ' +
        `Then deploy again. See ${DEFAULT_ROLE_DOC_URL}.`,
      );
    });

    test('fails at once on a refusal that waiting does not fix', async () => {
      ws.on(RegisterWorkspaceDirectoryCommand).rejects(notFound());

      await expect(handler.isComplete(poll(pending()))).rejects.toThrow(`Registering directory ${DIRECTORY_ID} with WorkSpaces was refused: ResourceNotFoundException`);
    });

    test('once listed, checks the registration is this request\'s, then goes on', async () => {
      observed = directory({ State: 'REGISTERING' });

      await expectIncomplete(poll(pending()));
      expect(ws).toHaveReceivedCommandWith(DescribeTagsCommand, { ResourceId: DIRECTORY_ID });
      expect(ws).not.toHaveReceivedCommand(RegisterWorkspaceDirectoryCommand);
    });

    test('during the rollback of a replacement, a registration of this stack resource counts as this request\'s', async () => {
      observed = directory();
      tags = [{ Key: STACK_RESOURCE_TAG, Value: STACK_RESOURCE }];

      const response = await handler.isComplete(poll(pending(), {}, { RequestType: 'Update' }));

      expect(response).toEqual({ IsComplete: true, Data: DATA });
    });

    test('fails when someone else registered the directory meanwhile', async () => {
      observed = directory();
      tags = [{ Key: CREATE_REQUEST_TAG, Value: OTHER_REQUEST_ID }];

      await expect(handler.isComplete(poll(pending()))).rejects.toThrow(`Directory ${DIRECTORY_ID} is already registered with WorkSpaces`);
      expectNoActions();
    });

    test.each(notYetFaults)('%s when reading the tags is not yet', async (_name, fault) => {
      observed = directory();
      ws.on(DescribeTagsCommand).rejects(fault());

      await expectIncomplete(poll(pending()));
    });

    test('fails when reading the tags is refused', async () => {
      observed = directory();
      ws.on(DescribeTagsCommand).rejects(accessDenied());

      await expect(handler.isComplete(poll(pending()))).rejects.toThrow(
        `Reading the tags of WorkSpaces directory ${DIRECTORY_ID} failed: AccessDeniedException: User is not authorized to perform this action. Check the provider role's workspaces:DescribeTags permission.`,
      );
    });
  });
});

describe('isComplete: settings', () => {
  const ALL: DirectoryChanges = {
    WorkspaceCreationProperties: { EnableInternetAccess: true },
    WorkspaceAccessProperties: { DeviceTypeWeb: 'ALLOW' },
    SelfservicePermissions: { RebuildWorkspace: 'ENABLED' },
    SamlProperties: { set: { Status: 'ENABLED', UserAccessUrl: 'https://idp.example.com/sso' }, remove: [] },
    CertificateBasedAuthProperties: { set: { Status: 'ENABLED', CertificateAuthorityArn: CA_ARN }, remove: [] },
    StreamingProperties: { StreamingExperiencePreferredProtocol: 'UDP' },
    EndpointEncryptionMode: 'FIPS_VALIDATED',
    IpGroups: { associate: ['wsipg-abc123def'], disassociate: [] },
    Tags: { set: [{ Key: 'team', Value: 'vdi' }], remove: ['cost'] },
  };

  test('applies every setting the directory does not show, in the safe order, then completes', async () => {
    const response = await handler.isComplete(poll(plan({ operation: 'update', changes: ALL })));

    expect(response).toEqual({ IsComplete: true, Data: DATA });
    expect(actionsSent()).toEqual([
      'ModifyWorkspaceCreationProperties', 'ModifyWorkspaceAccessProperties', 'ModifySelfservicePermissions', 'ModifySamlProperties',
      'ModifyCertificateBasedAuthProperties', 'ModifyStreamingProperties', 'ModifyEndpointEncryptionMode', 'AssociateIpGroups', 'DeleteTags', 'CreateTags',
    ]);
    expect(ws).toHaveReceivedCommandWith(ModifyWorkspaceCreationPropertiesCommand, {
      ResourceId: DIRECTORY_ID, WorkspaceCreationProperties: { EnableInternetAccess: true },
    });
    expect(ws).toHaveReceivedCommandWith(ModifyWorkspaceAccessPropertiesCommand, { ResourceId: DIRECTORY_ID, WorkspaceAccessProperties: { DeviceTypeWeb: 'ALLOW' } });
    expect(ws).toHaveReceivedCommandWith(ModifySelfservicePermissionsCommand, { ResourceId: DIRECTORY_ID, SelfservicePermissions: { RebuildWorkspace: 'ENABLED' } });
    expect(ws.commandCalls(ModifySamlPropertiesCommand)[0].args[0].input).toEqual({
      ResourceId: DIRECTORY_ID, SamlProperties: { Status: 'ENABLED', UserAccessUrl: 'https://idp.example.com/sso' }, PropertiesToDelete: undefined,
    });
    expect(ws.commandCalls(ModifyCertificateBasedAuthPropertiesCommand)[0].args[0].input).toEqual({
      ResourceId: DIRECTORY_ID, CertificateBasedAuthProperties: { Status: 'ENABLED', CertificateAuthorityArn: CA_ARN }, PropertiesToDelete: undefined,
    });
    expect(ws).toHaveReceivedCommandWith(ModifyStreamingPropertiesCommand, { ResourceId: DIRECTORY_ID, StreamingProperties: { StreamingExperiencePreferredProtocol: 'UDP' } });
    expect(ws).toHaveReceivedCommandWith(ModifyEndpointEncryptionModeCommand, { DirectoryId: DIRECTORY_ID, EndpointEncryptionMode: 'FIPS_VALIDATED' });
    expect(ws).toHaveReceivedCommandWith(AssociateIpGroupsCommand, { DirectoryId: DIRECTORY_ID, GroupIds: ['wsipg-abc123def'] });
    expect(ws).toHaveReceivedCommandWith(DeleteTagsCommand, { ResourceId: DIRECTORY_ID, TagKeys: ['cost'] });
    expect(ws).toHaveReceivedCommandWith(CreateTagsCommand, { ResourceId: DIRECTORY_ID, Tags: [{ Key: 'team', Value: 'vdi' }] });
    expect(logged('applied').map(e => e.step)).toHaveLength(9);
  });

  test('skips what the directory already shows (only tags, which a description does not show, are always set)', async () => {
    observed = directory({
      WorkspaceCreationProperties: { EnableInternetAccess: true, DefaultOu: 'OU=x' },
      WorkspaceAccessProperties: { DeviceTypeWeb: 'ALLOW', DeviceTypeWindows: 'ALLOW' },
      SelfservicePermissions: { RebuildWorkspace: 'ENABLED' },
      SamlProperties: { Status: 'ENABLED', UserAccessUrl: 'https://idp.example.com/sso' },
      CertificateBasedAuthProperties: { Status: 'ENABLED', CertificateAuthorityArn: CA_ARN },
      StreamingProperties: { StreamingExperiencePreferredProtocol: 'UDP' },
      EndpointEncryptionMode: 'FIPS_VALIDATED',
      ipGroupIds: ['wsipg-abc123def'],
    });

    const response = await handler.isComplete(poll(plan({ operation: 'update', changes: ALL })));

    expect(response.IsComplete).toBe(true);
    expect(actionsSent()).toEqual(['DeleteTags', 'CreateTags']);
  });

  test('SAML fields to delete count as pending while the directory still has them', async () => {
    const changes: DirectoryChanges = { SamlProperties: { set: { Status: 'ENABLED' }, remove: ['SAML_PROPERTIES_RELAY_STATE_PARAMETER_NAME'] } };
    observed = directory({ SamlProperties: { Status: 'ENABLED', RelayStateParameterName: 'RelayState' } });

    await handler.isComplete(poll(plan({ changes })));

    expect(ws).toHaveReceivedCommandWith(ModifySamlPropertiesCommand, {
      ResourceId: DIRECTORY_ID, SamlProperties: { Status: 'ENABLED' }, PropertiesToDelete: ['SAML_PROPERTIES_RELAY_STATE_PARAMETER_NAME'],
    });
  });

  test('turning SAML off turns certificate-based authentication off first, deleting its certificate authority', async () => {
    observed = directory({ SamlProperties: { Status: 'ENABLED' }, CertificateBasedAuthProperties: { Status: 'ENABLED', CertificateAuthorityArn: CA_ARN } });
    const changes: DirectoryChanges = {
      SamlProperties: { set: { Status: 'DISABLED' }, remove: [] },
      CertificateBasedAuthProperties: { set: { Status: 'DISABLED' }, remove: ['CERTIFICATE_BASED_AUTH_PROPERTIES_CERTIFICATE_AUTHORITY_ARN'] },
    };

    await handler.isComplete(poll(plan({ changes })));

    expect(actionsSent()).toEqual(['ModifyCertificateBasedAuthProperties', 'ModifySamlProperties']);
    expect(ws.commandCalls(ModifyCertificateBasedAuthPropertiesCommand)[0].args[0].input).toEqual({
      ResourceId: DIRECTORY_ID, CertificateBasedAuthProperties: { Status: 'DISABLED' }, PropertiesToDelete: ['CERTIFICATE_BASED_AUTH_PROPERTIES_CERTIFICATE_AUTHORITY_ARN'],
    });
  });

  test('IP groups: disassociates those still associated, ignoring one that no longer exists, then associates the missing', async () => {
    observed = directory({ ipGroupIds: ['wsipg-aaaaaaaaa', 'wsipg-bbbbbbbbb'] });
    ws.on(DisassociateIpGroupsCommand).rejects(notFound('The IP group wsipg-aaaaaaaaa could not be found.'));
    const changes: DirectoryChanges = { IpGroups: { associate: ['wsipg-bbbbbbbbb', 'wsipg-ccccccccc'], disassociate: ['wsipg-aaaaaaaaa', 'wsipg-ddddddddd'] } };

    const response = await handler.isComplete(poll(plan({ changes })));

    expect(response.IsComplete).toBe(true);
    expect(ws).toHaveReceivedCommandWith(DisassociateIpGroupsCommand, { DirectoryId: DIRECTORY_ID, GroupIds: ['wsipg-aaaaaaaaa'] });
    expect(ws).toHaveReceivedCommandWith(AssociateIpGroupsCommand, { DirectoryId: DIRECTORY_ID, GroupIds: ['wsipg-ccccccccc'] });
  });

  test('IP groups: another disassociation failure is reported', async () => {
    observed = directory({ ipGroupIds: ['wsipg-aaaaaaaaa'] });
    ws.on(DisassociateIpGroupsCommand).rejects(accessDenied());

    await expect(handler.isComplete(poll(plan({ changes: { IpGroups: { associate: [], disassociate: ['wsipg-aaaaaaaaa'] } } })))).rejects.toThrow(
      `Applying the IP access control groups (AssociateIpGroups / DisassociateIpGroups) to WorkSpaces directory ${DIRECTORY_ID} was refused: AccessDeniedException`,
    );
  });

  test.each([...notYetFaults, ['InvalidResourceStateException', () => invalidState('The directory is busy.')] as [string, () => Error]])(
    '%s from a Modify call is not yet, and the later steps wait for the next poll', async (_name, fault) => {
      ws.on(ModifySamlPropertiesCommand).rejects(fault());

      await expectIncomplete(poll(plan({ changes: ALL })));

      expect(actionsSent()).toEqual(['ModifyWorkspaceCreationProperties', 'ModifyWorkspaceAccessProperties', 'ModifySelfservicePermissions', 'ModifySamlProperties']);
      expect(logged('waiting')).toEqual([expect.objectContaining({ detail: `SamlProperties: ${fault().name}: ${fault().message}` })]);
    });

  test('fails when a Modify call is still throttled at the deadline, naming the setting', async () => {
    ws.on(ModifyStreamingPropertiesCommand).rejects(throttling());
    now = plan().deadline + 1;

    await expect(handler.isComplete(poll(plan({ changes: ALL })))).rejects.toThrow(
      `WorkSpaces directory ${DIRECTORY_ID} did not reach REGISTERED with its settings within the timeout of 1 h: ` +
      'applying the streaming properties (ModifyStreamingProperties) still failed with ThrottlingException: Rate exceeded. ' +
      'The directory is registered; deploy again to apply the remaining settings.',
    );
  });

  test.each([
    [ModifyWorkspaceCreationPropertiesCommand, 'the WorkSpace creation properties (ModifyWorkspaceCreationProperties)',
      'What to do: check the default OU, the custom security group (it must be in the directory\'s VPC) and the instance role (the provider role needs iam:PassRole on it); then deploy again.'],
    [ModifyWorkspaceAccessPropertiesCommand, 'the device access properties (ModifyWorkspaceAccessProperties)', 'Fix the setting and deploy again.'],
    [ModifySelfservicePermissionsCommand, 'the self-service permissions (ModifySelfservicePermissions)', 'Fix the setting and deploy again.'],
    [ModifySamlPropertiesCommand, 'the SAML properties (ModifySamlProperties)', 'What to do: the user access URL must be an http(s) URL of 8 to 200 characters; then deploy again.'],
    [ModifyCertificateBasedAuthPropertiesCommand, 'the certificate-based authentication properties (ModifyCertificateBasedAuthProperties)',
      'What to do: certificate-based authentication needs SAML enabled on the directory and an AWS Private CA certificate authority in this account; check both; then deploy again.'],
    [ModifyStreamingPropertiesCommand, 'the streaming properties (ModifyStreamingProperties)', 'Fix the setting and deploy again.'],
    [ModifyEndpointEncryptionModeCommand, 'the endpoint encryption mode (ModifyEndpointEncryptionMode)', 'Fix the setting and deploy again.'],
    [AssociateIpGroupsCommand, 'the IP access control groups (AssociateIpGroups / DisassociateIpGroups)',
      'What to do: check that every IP access control group exists in this Region (a directory can be associated with at most 25); then deploy again.'],
    [CreateTagsCommand, 'the tags (CreateTags / DeleteTags)', 'Fix the setting and deploy again.'],
  ] as const)('a refused %p fails at once, naming the setting and what to do', async (command, label, advice) => {
    ws.on(command as typeof CreateTagsCommand).rejects(invalidParameter('The value is not valid.'));

    await expect(handler.isComplete(poll(plan({ changes: ALL })))).rejects.toThrow(
      `Applying ${label} to WorkSpaces directory ${DIRECTORY_ID} was refused: InvalidParameterValuesException: The value is not valid. ` +
      'The directory stays registered; the settings before this one in the plan were applied, this one and those after it were not. ' +
      advice,
    );
  });

  test('an update of a directory deregistered outside the stack fails', async () => {
    observed = undefined;

    await expect(handler.isComplete(poll(plan({ operation: 'update', changes: ALL })))).rejects.toThrow(
      `WorkSpaces directory ${DIRECTORY_ID} is no longer registered with WorkSpaces`,
    );
    expectNoActions();
  });

  test('canonical compares lists without regard to order', () => {
    expect(canonical({ b: [2, 1], a: { y: 1, x: undefined } })).toBe(canonical({ a: { y: 1 }, b: [1, 2] }));
    expect(canonical([{ a: 1 }])).not.toBe(canonical([{ a: 2 }]));
  });
});

describe('isComplete: Delete', () => {
  const deleting = (overrides: Partial<DirectoryPlan> = {}) => plan({ operation: 'delete', changes: undefined, ...overrides });

  test('deregisters a registration this stack resource made; not yet until it is gone', async () => {
    await expectIncomplete(poll(deleting()));

    expect(ws).toHaveReceivedCommandWith(DescribeTagsCommand, { ResourceId: DIRECTORY_ID });
    expect(ws).toHaveReceivedCommandWith(DeregisterWorkspaceDirectoryCommand, { DirectoryId: DIRECTORY_ID });
    expect(logged('deregistering')).toHaveLength(1);
  });

  test('deregisters a registration that ended in ERROR', async () => {
    observed = directory({ State: 'ERROR', ErrorMessage: 'failed' });

    await expectIncomplete(poll(deleting()));
    expect(ws).toHaveReceivedCommandTimes(DeregisterWorkspaceDirectoryCommand, 1);
  });

  test.each([
    ['not listed', () => { observed = undefined; }],
    ['DEREGISTERED', () => { observed = directory({ State: 'DEREGISTERED' }); }],
    ['ResourceNotFoundException from the describe', () => { ws.on(DescribeWorkspaceDirectoriesCommand).rejects(notFound()); }],
  ])('done when the directory is %s', async (_what, arrange) => {
    arrange();

    await expect(handler.isComplete(poll(deleting()))).resolves.toEqual({ IsComplete: true });
    expectNoActions();
    expect(logged('deregistered')).toHaveLength(1);
  });

  test.each(['DEREGISTERING', 'REGISTERING'] as const)('not yet while %s, without another call', async state => {
    observed = directory({ State: state });

    await expectIncomplete(poll(deleting()));
    expectNoActions();
    expect(ws).not.toHaveReceivedCommand(DescribeTagsCommand);
  });

  test('fails when still DEREGISTERING after the deadline', async () => {
    observed = directory({ State: 'DEREGISTERING' });
    now = deleting().deadline + 1;

    await expect(handler.isComplete(poll(deleting()))).rejects.toThrow(
      `WorkSpaces directory ${DIRECTORY_ID} did not reach deregistered within the timeout of 1 h: last seen in state DEREGISTERING. ` +
      'Check the directory in the WorkSpaces console, then retry the stack operation.',
    );
  });

  test('leaves registered a directory this stack resource did not register', async () => {
    tags = [{ Key: STACK_RESOURCE_TAG, Value: 'f'.repeat(64) }];

    await expect(handler.isComplete(poll(deleting()))).resolves.toEqual({ IsComplete: true });
    expectNoActions();
    expect(logged('left-registered')).toEqual([expect.objectContaining({ reason: expect.stringContaining('f'.repeat(64)) as unknown })]);
  });

  test('done when the tags say the directory is gone', async () => {
    ws.on(DescribeTagsCommand).rejects(notFound());

    await expect(handler.isComplete(poll(deleting()))).resolves.toEqual({ IsComplete: true });
    expectNoActions();
  });

  test.each(notYetFaults)('%s when reading the tags is not yet', async (_name, fault) => {
    ws.on(DescribeTagsCommand).rejects(fault());

    await expectIncomplete(poll(deleting()));
    expectNoActions();
  });

  test('fails when reading the tags is refused', async () => {
    ws.on(DescribeTagsCommand).rejects(accessDenied());

    await expect(handler.isComplete(poll(deleting()))).rejects.toThrow(
      `Reading the tags of the WorkSpaces registration of directory ${DIRECTORY_ID} before changing it failed: AccessDeniedException: User is not authorized to perform this action. Check the provider role's workspaces:DescribeTags permission; nothing was changed.`,
    );
  });

  test('done when DeregisterWorkspaceDirectory answers ResourceNotFoundException', async () => {
    ws.on(DeregisterWorkspaceDirectoryCommand).rejects(notFound());

    await expect(handler.isComplete(poll(deleting()))).resolves.toEqual({ IsComplete: true });
  });

  test.each([['InvalidResourceStateException', () => invalidState('The directory is in use.')], ...notYetFaults])(
    'DeregisterWorkspaceDirectory refused with %s before the deadline: not yet', async (_name, fault) => {
      ws.on(DeregisterWorkspaceDirectoryCommand).rejects(fault());

      await expectIncomplete(poll(deleting()));
      expect(logged('waiting')).toEqual([expect.objectContaining({ state: 'REGISTERED', detail: `DeregisterWorkspaceDirectory: ${fault().name}: ${fault().message}` })]);
      expect(ws).not.toHaveReceivedCommand(DescribeWorkspacesCommand);
    });

  test('fails at the deadline naming the WorkSpaces and pools that still use the directory', async () => {
    ws.on(DeregisterWorkspaceDirectoryCommand).rejects(invalidState('The directory is in use.'));
    ws.on(DescribeWorkspacesCommand)
      .resolvesOnce({ Workspaces: [{ WorkspaceId: 'ws-000000001' }, { WorkspaceId: 'ws-000000002' }, { WorkspaceId: 'ws-000000003' }], NextToken: 'p2' })
      .resolvesOnce({ Workspaces: [{ WorkspaceId: 'ws-000000004' }, { WorkspaceId: 'ws-000000005' }, { WorkspaceId: 'ws-000000006' }] });
    ws.on(DescribeWorkspacesPoolsCommand)
      .resolvesOnce({ WorkspacesPools: [{ PoolId: 'wspool-abc123def', PoolName: 'call-centre', DirectoryId: DIRECTORY_ID } as never], NextToken: 'p2' })
      .resolvesOnce({ WorkspacesPools: [{ PoolId: 'wspool-xyz987uvw', PoolName: 'elsewhere', DirectoryId: 'wsd-0123456789' } as never] });
    now = deleting().deadline + 1;

    await expect(handler.isComplete(poll(deleting()))).rejects.toThrow(
      `WorkSpaces directory ${DIRECTORY_ID} could not be deregistered within the timeout of 1 h: the service kept answering InvalidResourceStateException: The directory is in use. ` +
      'It is still used by 6 WorkSpaces (ws-000000001, ws-000000002, ws-000000003, ws-000000004, ws-000000005, ...) and 1 WorkSpaces pool (\'call-centre\' (wspool-abc123def)). ' +
      'WorkSpaces deregisters a directory only when no WorkSpace or pool uses it: terminate those WorkSpaces and pools (or move them to another directory), then retry the stack operation. ' +
      'To leave the directory registered instead, retain this resource when CloudFormation offers it after the failed deletion, or set removalPolicy: RemovalPolicy.RETAIN on the WorkspaceDirectory and deploy before deleting.',
    );
    expect(ws.commandCalls(DescribeWorkspacesCommand).map(call => call.args[0].input)).toEqual([
      { DirectoryId: DIRECTORY_ID, NextToken: undefined }, { DirectoryId: DIRECTORY_ID, NextToken: 'p2' },
    ]);
  });

  test('names one WorkSpace in the singular, and says "at least" when there are more pages than it reads', async () => {
    ws.on(DeregisterWorkspaceDirectoryCommand).rejects(invalidState('In use.'));
    let page = 0;
    ws.on(DescribeWorkspacesCommand).callsFake(() => ({ Workspaces: [{ WorkspaceId: `ws-00000000${++page}` }], NextToken: 'more' }));
    now = deleting().deadline + 1;

    await expect(handler.isComplete(poll(deleting()))).rejects.toThrow(
      `It is still used by at least ${USAGE_MAX_PAGES} WorkSpaces (ws-000000001, ws-000000002, ws-000000003, ws-000000004, ws-000000005, ...).`,
    );
    expect(ws).toHaveReceivedCommandTimes(DescribeWorkspacesCommand, USAGE_MAX_PAGES);

    ws.on(DescribeWorkspacesCommand).resolves({ Workspaces: [{ WorkspaceId: 'ws-000000001' }] });
    await expect(handler.isComplete(poll(deleting()))).rejects.toThrow('It is still used by 1 WorkSpace (ws-000000001).');
  });

  test('says so when it finds nothing using the directory, and when it cannot list', async () => {
    ws.on(DeregisterWorkspaceDirectoryCommand).rejects(invalidState('In use.'));
    now = deleting().deadline + 1;
    await expect(handler.isComplete(poll(deleting()))).rejects.toThrow('In use. No WorkSpace or pool was found using it. WorkSpaces deregisters');

    ws.on(DescribeWorkspacesCommand).rejects(accessDenied());
    ws.on(DescribeWorkspacesPoolsCommand).rejects(accessDenied());
    await expect(handler.isComplete(poll(deleting()))).rejects.toThrow(
      'No WorkSpace or pool was found using it. (the WorkSpaces could not be listed: AccessDeniedException: User is not authorized to perform this action; ' +
      'the pools could not be listed: AccessDeniedException: User is not authorized to perform this action.)',
    );
  });

  test('fails at once on a refusal that waiting does not fix, with what uses the directory', async () => {
    ws.on(DeregisterWorkspaceDirectoryCommand).rejects(accessDenied());
    ws.on(DescribeWorkspacesPoolsCommand).resolves({ WorkspacesPools: [{ PoolId: 'wspool-abc123def', PoolName: 'call-centre', DirectoryId: DIRECTORY_ID } as never] });

    await expect(handler.isComplete(poll(deleting()))).rejects.toThrow(
      `Deregistering WorkSpaces directory ${DIRECTORY_ID} was refused: AccessDeniedException: User is not authorized to perform this action. ` +
      'It is still used by 1 WorkSpaces pool (\'call-centre\' (wspool-abc123def)). ' +
      'Fix the cause (the provider role needs workspaces:DeregisterWorkspaceDirectory on the directory), then retry the stack operation.',
    );
  });
});

describe('messages', () => {
  test('formats seconds, minutes and hours', () => {
    expect([formatSeconds(45), formatSeconds(600), formatSeconds(7200)]).toEqual(['45 s', '10 min', '2 h']);
  });

  test('reads the partition from the stack id, aws when it cannot', () => {
    expect([partitionOf('arn:aws-us-gov:cloudformation:us-gov-west-1:1:stack/x/y'), partitionOf(undefined), partitionOf('nonsense')]).toEqual(['aws-us-gov', 'aws', 'aws']);
  });
});

describe('index', () => {
  test('serves onEvent and isComplete through one DirectoryHandler', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const index = require('../../lambda/directory') as typeof import('../../lambda/directory');
      const failedCreate = deleteEvent({ DirectoryId: 'none' }, 'CreateFailed');
      const response = await index.onEvent(failedCreate);
      await expect(index.isComplete(afterOnEvent(failedCreate, response))).resolves.toEqual({ IsComplete: true });

      const deleting = deleteEvent();
      observed = undefined;
      const deleteResponse = await index.onEvent(deleting);
      await expect(index.isComplete(afterOnEvent(deleting, deleteResponse))).resolves.toEqual({ IsComplete: true });
      expect(ws).toHaveReceivedCommandWith(DescribeWorkspaceDirectoriesCommand, { DirectoryIds: [DIRECTORY_ID] });
    } finally {
      log.mockRestore();
    }
  });

  test('the provider routes Custom::WorkspaceDirectoryRegistration to it', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ROUTES } = require('../../lambda/provider/routes') as typeof import('../../lambda/provider/routes');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(ROUTES['Custom::WorkspaceDirectoryRegistration']()).toBe(require('../../lambda/directory'));
  });

  test('logs to the console by default', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const plain = new DirectoryHandler(new WorkSpacesClient({ region: 'eu-west-1' }));
      await plain.isComplete(poll(plan()));
      expect(log).toHaveBeenCalledWith(expect.stringContaining('"event":"complete"'));
    } finally {
      log.mockRestore();
    }
  });
});

describe('ownership before every change', () => {
  const foreignTags: Array<[string, Tag[]]> = [
    ['another stack resource\'s tag', [{ Key: STACK_RESOURCE_TAG, Value: 'f'.repeat(64) }]],
    ['no stack-resource tag (registered outside this library)', [{ Key: 'owner', Value: 'it-team' }]],
  ];

  test.each(foreignTags)('an Update of a registration with %s fails before any change, naming the owner found', async (_case, tagList) => {
    tags = tagList;

    await expect(handler.onEvent(updateEvent({ EndpointEncryptionMode: 'FIPS_VALIDATED' }))).rejects.toThrow(
      `The WorkSpaces registration of directory ${DIRECTORY_ID} does not belong to this stack resource: `,
    );
    expectNoActions();
  });

  test.each(foreignTags)('an isComplete that would modify a registration with %s fails without modifying it', async (_case, tagList) => {
    tags = tagList;

    await expect(handler.isComplete(poll(plan({ operation: 'update', changes: { EndpointEncryptionMode: 'FIPS_VALIDATED' } })))).rejects.toThrow(
      'does not belong to this stack resource',
    );
    expectNoActions();
  });

  test.each(foreignTags)('a Delete of a registration with %s completes without deregistering it', async (_case, tagList) => {
    tags = tagList;

    await expect(handler.isComplete(poll(plan({ operation: 'delete' })))).resolves.toEqual({ IsComplete: true });
    expectNoActions();
  });

  test('a Delete marks the registration before it deregisters it', async () => {
    await expect(handler.isComplete(poll(plan({ operation: 'delete' })))).resolves.toEqual({ IsComplete: false });

    expect(actionsSent()).toEqual(['CreateTags', 'DeregisterWorkspaceDirectory']);
    expect(ws).toHaveReceivedCommandWith(CreateTagsCommand, { ResourceId: DIRECTORY_ID, Tags: [MARK] });
  });

  test('the waiter of a cancelled create stops without modifying the registration once a Delete has marked it', async () => {
    tags = [...OURS, { Key: OPERATION_TAG, Value: `${NOW}/${OTHER_REQUEST_ID}` }];

    await expect(handler.isComplete(poll(plan({ changes: { EndpointEncryptionMode: 'FIPS_VALIDATED' } })))).rejects.toThrow(
      `The WorkSpaces registration of directory ${DIRECTORY_ID} has been in the charge of CloudFormation request ${OTHER_REQUEST_ID}`,
    );
    expectNoActions();
  });
});
