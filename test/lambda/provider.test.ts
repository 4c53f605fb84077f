import { isComplete, onEvent } from '../../lambda/provider';
import { Router } from '../../lambda/provider/router';
import type { IsCompleteRequest, OnEventRequest, ResourceHandler } from '../../lambda/shared/types';

const RESPONSE_URL = 'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/presigned?X-Amz-Signature=abc123';

function request(resourceType: string, overrides: Partial<OnEventRequest> = {}): OnEventRequest {
  return {
    RequestType: 'Create',
    ServiceToken: 'arn:aws:lambda:eu-west-1:111122223333:function:framework-onEvent',
    ResponseURL: RESPONSE_URL,
    StackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/Test/guid',
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
    const router = new Router({ 'Custom::WorkspacesPool': () => pool, 'Custom::Other': () => other });

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
    const router = new Router({ 'Custom::WorkspacesPool': loadPool, 'Custom::Other': loadOther });

    await router.onEvent(request('Custom::WorkspacesPool'));
    await router.onEvent(request('Custom::WorkspacesPool', { RequestType: 'Update', PhysicalResourceId: 'wspool-abc123def' }));

    expect(loadPool).toHaveBeenCalledTimes(1);
    expect(loadOther).not.toHaveBeenCalled();
  });

  test('passes the handler\'s failure through unchanged', async () => {
    const pool = fakeHandler();
    pool.onEvent.mockRejectedValue(new Error('Pool call-centre settled with errors: IAM_SERVICE_ROLE_IS_MISSING'));
    const router = new Router({ 'Custom::WorkspacesPool': () => pool });

    await expect(router.onEvent(request('Custom::WorkspacesPool'))).rejects.toThrow('Pool call-centre settled with errors: IAM_SERVICE_ROLE_IS_MISSING');
  });

  test('fails an unknown resource type with the types it serves and what to do', async () => {
    const router = new Router({ 'Custom::WorkspacesPool': fakeHandler, 'Custom::WorkspaceDirectoryRegistration': fakeHandler });

    await expect(router.onEvent(request('Custom::Portal'))).rejects.toThrow(
      /does not serve the custom resource type 'Custom::Portal'\. It serves 'Custom::WorkspaceDirectoryRegistration', 'Custom::WorkspacesPool'\..*deploy the stack again with a single version of the library/,
    );
  });

  test('treats inherited object keys as unknown resource types', async () => {
    const router = new Router({});
    await expect(router.onEvent(request('constructor'))).rejects.toThrow(/does not serve the custom resource type 'constructor'\. It serves no resource types/);
    await expect(router.onEvent(request('__proto__'))).rejects.toThrow(/'__proto__'/);
  });

  test('logs the request without its ResponseURL or ServiceToken', async () => {
    const router = new Router({ 'Custom::WorkspacesPool': fakeHandler });
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
    const router = new Router({ 'Custom::WorkspaceDirectoryRegistration': fakeHandler });
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

describe('provider entry point', () => {
  test('routes through the routes table and rejects a type it does not serve', async () => {
    await expect(onEvent(request('Custom::NotALibraryType'))).rejects.toThrow(/does not serve the custom resource type 'Custom::NotALibraryType'/);
    await expect(isComplete({ ...request('Custom::NotALibraryType'), PhysicalResourceId: 'x' }))
      .rejects.toThrow(/does not serve the custom resource type 'Custom::NotALibraryType'/);
  });
});
