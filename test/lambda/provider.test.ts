import { isComplete, onEvent } from '../../lambda/provider';
import { Router, STACK_ID_ENV } from '../../lambda/provider/router';
import type { IsCompleteRequest, OnEventRequest, ResourceHandler } from '../../lambda/shared/types';

const STACK_ID = 'arn:aws:cloudformation:eu-west-1:111122223333:stack/Test/guid';
const OWN_STACK = { [STACK_ID_ENV]: STACK_ID };
const RESPONSE_URL = 'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/presigned?X-Amz-Signature=abc123';

function request(resourceType: string, overrides: Partial<OnEventRequest> = {}): OnEventRequest {
  return {
    RequestType: 'Create',
    ServiceToken: 'arn:aws:lambda:eu-west-1:111122223333:function:framework-onEvent',
    ResponseURL: RESPONSE_URL,
    StackId: STACK_ID,
    RequestId: 'request-1',
    ResourceType: resourceType,
    LogicalResourceId: 'Pool',
    ResourceProperties: { ServiceToken: 'arn:aws:lambda:eu-west-1:111122223333:function:framework-onEvent', PoolName: 'call-centre' },
    ...overrides,
  };
}

function fakeHandler(): jest.Mocked<ResourceHandler> {
  return {
    onEvent: jest.fn().mockResolvedValue({ PhysicalResourceId: 'wspool-abc123def' }),
    isComplete: jest.fn().mockResolvedValue({ IsComplete: true, Data: { PoolId: 'wspool-abc123def' } }),
  };
}

let log: jest.SpyInstance;
beforeEach(() => {
  log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => log.mockRestore());

describe('Router', () => {
  test('hands onEvent and isComplete to the handler of the request\'s resource type', async () => {
    const pool = fakeHandler();
    const other = fakeHandler();
    const router = new Router({ 'Custom::WorkspacesPool': () => pool, 'Custom::Other': () => other }, OWN_STACK);

    await expect(router.onEvent(request('Custom::WorkspacesPool'))).resolves.toEqual({ PhysicalResourceId: 'wspool-abc123def' });
    const completeRequest: IsCompleteRequest = { ...request('Custom::WorkspacesPool'), PhysicalResourceId: 'wspool-abc123def' };
    await expect(router.isComplete(completeRequest)).resolves.toEqual({ IsComplete: true, Data: { PoolId: 'wspool-abc123def' } });

    expect(pool.onEvent).toHaveBeenCalledWith(expect.objectContaining({ ResourceType: 'Custom::WorkspacesPool' }));
    expect(pool.isComplete).toHaveBeenCalledWith(completeRequest);
    expect(other.onEvent).not.toHaveBeenCalled();
    expect(other.isComplete).not.toHaveBeenCalled();
  });

  test('loads a handler on first use only, and once', async () => {
    const pool = fakeHandler();
    const loadPool = jest.fn(() => pool);
    const loadOther = jest.fn(fakeHandler);
    const router = new Router({ 'Custom::WorkspacesPool': loadPool, 'Custom::Other': loadOther }, OWN_STACK);

    await router.onEvent(request('Custom::WorkspacesPool'));
    await router.onEvent(request('Custom::WorkspacesPool', { RequestType: 'Update', PhysicalResourceId: 'wspool-abc123def' }));

    expect(loadPool).toHaveBeenCalledTimes(1);
    expect(loadOther).not.toHaveBeenCalled();
  });

  test('passes the handler\'s failure through unchanged', async () => {
    const pool = fakeHandler();
    pool.onEvent.mockRejectedValue(new Error('Pool call-centre settled with errors: IAM_SERVICE_ROLE_IS_MISSING'));
    const router = new Router({ 'Custom::WorkspacesPool': () => pool }, OWN_STACK);

    await expect(router.onEvent(request('Custom::WorkspacesPool'))).rejects.toThrow('Pool call-centre settled with errors: IAM_SERVICE_ROLE_IS_MISSING');
  });

  test('fails an unknown resource type with the types it serves and what to do', async () => {
    const router = new Router({ 'Custom::WorkspacesPool': fakeHandler, 'Custom::WorkspaceDirectoryRegistration': fakeHandler }, OWN_STACK);

    await expect(router.onEvent(request('Custom::Portal'))).rejects.toThrow(
      /does not serve the custom resource type 'Custom::Portal'\. It serves 'Custom::WorkspaceDirectoryRegistration', 'Custom::WorkspacesPool'\..*deploy the stack again with a single version of the library/,
    );
  });

  test('treats inherited object keys as unknown resource types', async () => {
    const router = new Router({}, OWN_STACK);
    await expect(router.onEvent(request('constructor'))).rejects.toThrow(/does not serve the custom resource type 'constructor'\. It serves no resource types/);
    await expect(router.onEvent(request('__proto__'))).rejects.toThrow(/'__proto__'/);
  });

  test('logs the request without its ResponseURL or ServiceToken', async () => {
    const router = new Router({ 'Custom::WorkspacesPool': fakeHandler }, OWN_STACK);
    await router.onEvent(request('Custom::WorkspacesPool', {
      RequestType: 'Update',
      PhysicalResourceId: 'wspool-abc123def',
      OldResourceProperties: { ServiceToken: 'old-token', PoolName: 'old-name' },
    }));

    const printed = log.mock.calls.map(args => args.join(' ')).join('\n');
    expect(printed).toContain('"PoolName":"call-centre"');
    expect(printed).toContain('"PoolName":"old-name"');
    expect(printed).toContain('"PhysicalResourceId":"wspool-abc123def"');
    expect(printed).not.toContain('X-Amz-Signature');
    expect(printed).not.toContain('ResponseURL');
    expect(printed).not.toContain('ServiceToken');
    expect(printed).not.toContain('old-token');
  });

  test('logs only allowlisted properties by value, every other by name', async () => {
    const router = new Router({ 'Custom::WorkspaceDirectoryRegistration': fakeHandler }, OWN_STACK);
    await router.onEvent(request('Custom::WorkspaceDirectoryRegistration', {
      ResourceProperties: {
        ServiceToken: 'token',
        DirectoryId: 'd-9067a1b2c3',
        SamlProperties: { Status: 'ENABLED', UserAccessUrl: 'https://idp.example.com/sso/saml?tenant=acme-4711' },
        Tags: [{ Key: 'owner', Value: 'alice@example.com' }],
      },
    }));

    const printed = log.mock.calls.map(args => args.join(' ')).join('\n');
    expect(printed).toContain('"DirectoryId":"d-9067a1b2c3"');
    expect(printed).toContain('"otherKeys":["SamlProperties","Tags"]');
    expect(printed).not.toContain('idp.example.com');
    expect(printed).not.toContain('alice@example.com');
  });
});

describe('Router refuses what is not its stack\'s', () => {
  const OTHER_STACK = 'arn:aws:cloudformation:eu-west-1:111122223333:stack/Other/guid-2';

  test.each(['Create', 'Update', 'Delete'] as const)('fails a %s naming another stack, naming both, before any handler runs', async requestType => {
    const pool = fakeHandler();
    const load = jest.fn(() => pool);
    const router = new Router({ 'Custom::WorkspacesPool': load }, OWN_STACK);
    const forged = request('Custom::WorkspacesPool', { RequestType: requestType, StackId: OTHER_STACK, PhysicalResourceId: 'wspool-abc123def' });

    const refusal = /serves stack arn:aws:cloudformation:eu-west-1:111122223333:stack\/Test\/guid only.*names stack "arn:aws:cloudformation:eu-west-1:111122223333:stack\/Other\/guid-2".*refused before any handler ran/;
    await expect(router.onEvent(forged)).rejects.toThrow(refusal);
    await expect(router.isComplete({ ...forged, PhysicalResourceId: 'wspool-abc123def' })).rejects.toThrow(refusal);
    expect(load).not.toHaveBeenCalled();
    expect(pool.onEvent).not.toHaveBeenCalled();
    expect(pool.isComplete).not.toHaveBeenCalled();
  });

  test('refuses every request when its own stack id is not in its environment', async () => {
    const pool = fakeHandler();
    const router = new Router({ 'Custom::WorkspacesPool': () => pool }, {});

    await expect(router.onEvent(request('Custom::WorkspacesPool'))).rejects.toThrow(/no CDK_WORKSPACES_STACK_ID environment variable.*refuses every request/);
    expect(pool.onEvent).not.toHaveBeenCalled();
  });

  test('fails an unknown RequestType with a clear message, before any handler runs', async () => {
    const pool = fakeHandler();
    const router = new Router({ 'Custom::WorkspacesPool': () => pool }, OWN_STACK);
    const odd = request('Custom::WorkspacesPool', { RequestType: 'Replace' as OnEventRequest['RequestType'] });

    await expect(router.onEvent(odd)).rejects.toThrow(/Unknown RequestType "Replace" for "Pool": this provider handles Create, Update and Delete only/);
    expect(pool.onEvent).not.toHaveBeenCalled();
  });

  test('quotes at most about 200 characters of a forged StackId', async () => {
    const router = new Router({ 'Custom::WorkspacesPool': fakeHandler }, OWN_STACK);
    const forged = request('Custom::WorkspacesPool', { StackId: `arn:${'x'.repeat(5000)}` });

    const message = await router.onEvent(forged).then(() => '', (error: Error) => error.message);
    expect(message).toMatch(/\.\.\. \(5006 characters\)/);
    expect(message.length).toBeLessThan(1200);
  });
});

describe('provider entry point', () => {
  const saved = process.env[STACK_ID_ENV];
  beforeEach(() => {
    process.env[STACK_ID_ENV] = STACK_ID;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env[STACK_ID_ENV];
    else process.env[STACK_ID_ENV] = saved;
  });

  test('reads its own stack id from the environment and refuses another stack\'s request', async () => {
    await expect(onEvent(request('Custom::WorkspacesPool', { StackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/Other/guid-2' })))
      .rejects.toThrow(/serves stack arn:aws:cloudformation:eu-west-1:111122223333:stack\/Test\/guid only/);
  });

  test('routes through the routes table and rejects a type it does not serve', async () => {
    await expect(onEvent(request('Custom::NotALibraryType'))).rejects.toThrow(/does not serve the custom resource type 'Custom::NotALibraryType'/);
    await expect(isComplete({ ...request('Custom::NotALibraryType'), PhysicalResourceId: 'x' }))
      .rejects.toThrow(/does not serve the custom resource type 'Custom::NotALibraryType'/);
  });
});
