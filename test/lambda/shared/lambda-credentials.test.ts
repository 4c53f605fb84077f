import { defaultProvider } from '../../../lambda/shared/lambda-credentials';

const KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'] as const;
let saved: Record<string, string | undefined>;

beforeEach(() => {
  saved = Object.fromEntries(KEYS.map(k => [k, process.env[k]]));
  for (const k of KEYS) delete process.env[k];
});

afterEach(() => {
  for (const k of KEYS) {
    if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k];
  }
});

test('gives the function role\'s credentials from the environment, with the session token', async () => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret';
  process.env.AWS_SESSION_TOKEN = 'session';

  await expect(defaultProvider()()).resolves.toEqual({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session' });
});

test('reads the environment at each call, not once', async () => {
  const provider = defaultProvider();
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret';

  await expect(provider()).resolves.toEqual({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });
});

test.each([
  ['no key id', { AWS_SECRET_ACCESS_KEY: 'secret' }],
  ['no secret', { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE' }],
])('fails saying what is missing when there is %s', async (_case, env) => {
  Object.assign(process.env, env);

  await expect(defaultProvider()()).rejects.toThrow('No AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)');
});
