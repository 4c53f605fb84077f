import { DescribeWorkspacesPoolsCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { SDK_MAX_ATTEMPTS, sdkClientConfig, USER_AGENT_APP_ID } from '../../../lambda/shared/sdk';

describe('sdkClientConfig', () => {
  test('configures standard retries (backoff with jitter) and six attempts on a real client', async () => {
    const client = new WorkSpacesClient({ region: 'eu-west-1', ...sdkClientConfig() });
    await expect(client.config.maxAttempts()).resolves.toBe(SDK_MAX_ATTEMPTS);
    const strategy = await client.config.retryStrategy();
    expect((strategy as { mode?: string }).mode).toBe('standard');
    expect(SDK_MAX_ATTEMPTS).toBe(6);
  });

  test('retries a throttled call until it succeeds, within one call', async () => {
    const client = new WorkSpacesClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example' },
      ...sdkClientConfig(),
    });
    let calls = 0;
    // Answer the first two requests with throttling, the third with success, at the HTTP layer.
    client.middlewareStack.add(_next => async _args => {
      calls++;
      if (calls <= 2) {
        const error = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 }, $retryable: { throttling: true } });
        throw error;
      }
      return { output: { WorkspacesPools: [], $metadata: { httpStatusCode: 200 } }, response: {} } as any;
    }, { step: 'finalizeRequest', name: 'fakeService', priority: 'low' });
    // Keep the backoff short for the test: the default base delay is 100 ms, throttling 500 ms.
    jest.spyOn(global, 'setTimeout').mockImplementation(((fn: () => void) => { fn(); return 0 as any; }) as any);
    try {
      await expect(client.send(new DescribeWorkspacesPoolsCommand({}))).resolves.toMatchObject({ WorkspacesPools: [] });
      expect(calls).toBe(3);
    } finally {
      jest.restoreAllMocks();
    }
  });

  test('identifies the library in the user agent', () => {
    expect(sdkClientConfig().customUserAgent).toBe(USER_AGENT_APP_ID);
  });
});
