import { execFile } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { HANDLER_RUNTIME } from '../../lib/private/provider';
import { BUNDLE_AWS_SDK, bundleHandlers, ENTRY, ESBUILD_TARGET, HANDLERS_OUT_DIR, serviceBundles } from '../../scripts/bundle-handlers';
import { useProjectTempDir } from '../support/project-temp-dir';

const workDir = useProjectTempDir('bundle-test');

function write(relative: string, content: string): void {
  const file = path.join(workDir(), 'lambda', relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/** A router entry point that loads a resource handler on first use, as lambda/provider does. */
function fixtureHandlers(): void {
  write('shared/greet.ts', "export function greet(name: string): string { return 'hello ' + name + ' from shared'; }\n");
  write('demo/index.ts', "import { greet } from '../shared/greet';\nexport const onEvent = async () => greet('demo');\n(globalThis as Record<string, unknown>).demoLoaded = true;\n");
  write(`${ENTRY}/index.ts`, "export const onEvent = async () => (require('../demo') as { onEvent(): Promise<string> }).onEvent();\n");
}

describe('bundleHandlers', () => {
  test('writes one minified CommonJS file, the entry point with every handler it routes to inlined', async () => {
    fixtureHandlers();
    const out = path.join(workDir(), 'out');
    const results = await bundleHandlers({ lambdaDir: path.join(workDir(), 'lambda'), outDir: out });

    expect(results.map(r => path.relative(out, r.file))).toEqual([path.join(ENTRY, 'index.js')]);
    expect(fs.readdirSync(out)).toEqual([ENTRY]);
    const bundle = fs.readFileSync(results[0].file, 'utf8');
    expect(bundle).toContain('from shared');
    expect(bundle).not.toContain('require("../demo")');
    expect(bundle.split('\n').filter(line => line.trim() !== '').length).toBeLessThanOrEqual(2);
    expect(results[0].bytes).toBe(fs.statSync(results[0].file).size);
  });

  test('initializes a routed handler on first use only, and it works', async () => {
    fixtureHandlers();
    const out = path.join(workDir(), 'out');
    await bundleHandlers({ lambdaDir: path.join(workDir(), 'lambda'), outDir: out });

    const global = globalThis as Record<string, unknown>;
    delete global.demoLoaded;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(path.join(out, ENTRY, 'index.js')) as { onEvent(): Promise<string> };
    expect(global.demoLoaded).toBeUndefined();
    await expect(loaded.onEvent()).resolves.toBe('hello demo from shared');
    expect(global.demoLoaded).toBe(true);
  });

  test('writes each service bundle (lambda/provider/*.bundle.ts) to a file of its own, which the router loads on first use only', async () => {
    write('shared/greet.ts', "export function greet(name: string): string { return 'hello ' + name + ' from shared'; }\n");
    write('alpha/index.ts', "import { greet } from '../shared/greet';\nexport const onEvent = async () => greet('alpha');\n(globalThis as Record<string, unknown>).alphaLoaded = true;\n");
    write('beta/index.ts', "import { greet } from '../shared/greet';\nexport const onEvent = async () => greet('beta');\n(globalThis as Record<string, unknown>).betaLoaded = true;\n");
    write(`${ENTRY}/alpha.bundle.ts`, "export * as alpha from '../alpha';\n");
    write(`${ENTRY}/beta.bundle.ts`, "export * as beta from '../beta';\n");
    write(`${ENTRY}/index.ts`, "export const onEvent = async () => (require('./alpha.bundle') as { alpha: { onEvent(): Promise<string> } }).alpha.onEvent();\n" +
      "export const other = async () => (require('./beta.bundle') as { beta: { onEvent(): Promise<string> } }).beta.onEvent();\n");
    const out = path.join(workDir(), 'out');

    const results = await bundleHandlers({ lambdaDir: path.join(workDir(), 'lambda'), outDir: out });

    expect(serviceBundles(path.join(workDir(), 'lambda'))).toEqual(['alpha.bundle', 'beta.bundle']);
    expect(results.map(r => path.relative(out, r.file)).sort()).toEqual(['index.js', 'alpha.bundle.js', 'beta.bundle.js'].map(f => path.join(ENTRY, f)).sort());
    const router = fs.readFileSync(path.join(out, ENTRY, 'index.js'), 'utf8');
    expect(router).toContain('require("./alpha.bundle.js")');
    expect(router).not.toContain('from shared');
    expect(fs.readFileSync(path.join(out, ENTRY, 'beta.bundle.js'), 'utf8')).not.toContain('alpha');
    const global = globalThis as Record<string, unknown>;
    delete global.alphaLoaded;
    delete global.betaLoaded;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(path.join(out, ENTRY, 'index.js')) as { onEvent(): Promise<string> };
    await expect(loaded.onEvent()).resolves.toBe('hello alpha from shared');
    expect(global.alphaLoaded).toBe(true);
    expect(global.betaLoaded).toBeUndefined();
  });

  test('empties the output folder first, so a removed handler does not ship', async () => {
    fixtureHandlers();
    const out = path.join(workDir(), 'out');
    fs.mkdirSync(path.join(out, 'removed'), { recursive: true });
    fs.writeFileSync(path.join(out, 'removed', 'index.js'), 'stale');
    await bundleHandlers({ lambdaDir: path.join(workDir(), 'lambda'), outDir: out });
    expect(fs.existsSync(path.join(out, 'removed'))).toBe(false);
  });

  test('fails the build on an esbuild warning', async () => {
    write(`${ENTRY}/index.ts`, 'export const value = { a: 1, a: 2 };\n');
    await expect(bundleHandlers({ lambdaDir: path.join(workDir(), 'lambda'), outDir: path.join(workDir(), 'out') }))
      .rejects.toThrow(/Bundling lambda\/provider produced 1 warning\(s\); warnings fail the build:\n.*Duplicate key "a"/);
  });

  test('fails the build on an error', async () => {
    write(`${ENTRY}/index.ts`, "import { missing } from './does-not-exist';\nexport const x = missing;\n");
    await expect(bundleHandlers({ lambdaDir: path.join(workDir(), 'lambda'), outDir: path.join(workDir(), 'out') }))
      .rejects.toThrow(/Could not resolve "\.\/does-not-exist"/);
  });

  test('bundles the AWS SDK unless told to leave it external', async () => {
    write(`${ENTRY}/index.ts`, "import { WorkSpacesClient } from '@aws-sdk/client-workspaces';\nexport const make = () => new WorkSpacesClient({});\n");
    const [bundled] = await bundleHandlers({ lambdaDir: path.join(workDir(), 'lambda'), outDir: path.join(workDir(), 'bundled') });
    const [external] = await bundleHandlers({ lambdaDir: path.join(workDir(), 'lambda'), outDir: path.join(workDir(), 'external'), bundleSdk: false });

    expect(BUNDLE_AWS_SDK).toBe(true);
    expect(bundled.bytes).toBeGreaterThan(100_000);
    expect(external.bytes).toBeLessThan(5_000);
    expect(fs.readFileSync(external.file, 'utf8')).toContain('require("@aws-sdk/client-workspaces")');
  });

  test('targets Node.js 24, the Node.js of the handler functions\' Lambda runtime', () => {
    expect(ESBUILD_TARGET).toBe('node24');
    expect(HANDLER_RUNTIME.name).toBe(`nodejs${ESBUILD_TARGET.slice('node'.length)}.x`);
  });
});

describe('the shipped handler bundle', () => {
  // The test task runs the bundle task first (see .projenrc.ts).
  const bundle = path.join(HANDLERS_OUT_DIR, ENTRY, 'index.js');

  test('is the router and one file per service bundle, and exports onEvent and isComplete', () => {
    expect(fs.readdirSync(HANDLERS_OUT_DIR)).toEqual([ENTRY]);
    expect(fs.readdirSync(path.join(HANDLERS_OUT_DIR, ENTRY)).sort()).toEqual(['applications.bundle.js', 'index.js', 'secure-browser.bundle.js', 'workspaces.bundle.js']);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const provider = require(bundle);
    expect(typeof provider.onEvent).toBe('function');
    expect(typeof provider.isComplete).toBe('function');
  });

  test.each(['workspaces.bundle.js', 'secure-browser.bundle.js', 'applications.bundle.js'])('%s leaves out the SDK\'s default credential chain (SSO, profile files) for the environment provider', file => {
    const content = fs.readFileSync(path.join(HANDLERS_OUT_DIR, ENTRY, file), 'utf8');
    expect(content).not.toMatch(/defaultProvider::fromSSO|credential-provider-ini/);
    expect(content).toContain('No AWS credentials in the environment');
  });

  test('a pool\'s file carries none of the Secure Browser or CloudFormation client, and the portal\'s none of the WorkSpaces client', () => {
    const workspaces = fs.readFileSync(path.join(HANDLERS_OUT_DIR, ENTRY, 'workspaces.bundle.js'), 'utf8');
    const secureBrowser = fs.readFileSync(path.join(HANDLERS_OUT_DIR, ENTRY, 'secure-browser.bundle.js'), 'utf8');
    expect(workspaces).toContain('DescribeWorkspacesPools');
    expect(workspaces).not.toMatch(/ListSessions|DescribeStacks/);
    expect(secureBrowser).toMatch(/ListSessions/);
    expect(secureBrowser).toMatch(/DescribeStacks/);
    expect(secureBrowser).not.toContain('DescribeWorkspacesPools');
  });

  test('only the image\'s file carries the AppStream client, and it carries no pool command of the WorkSpaces client', () => {
    const read = (file: string) => fs.readFileSync(path.join(HANDLERS_OUT_DIR, ENTRY, file), 'utf8');
    const applications = read('applications.bundle.js');
    expect(applications).toContain('CreateImportedImage');
    expect(applications).toContain('DescribeWorkspaceBundles');
    // DescribeStacks: the fleet readiness waiter's check for a rollback (not ListStackResources, the portal's).
    expect(applications).not.toMatch(/DescribeWorkspacesPools|ListSessions|ListStackResources/);
    expect(read('workspaces.bundle.js')).not.toContain('CreateImportedImage');
    expect(read('secure-browser.bundle.js')).not.toContain('CreateImportedImage');
    expect(read('index.js')).not.toContain('CreateImportedImage');
  });

  test('only the applications file carries the fleet readiness waiter (DescribeFleets)', () => {
    const read = (file: string) => fs.readFileSync(path.join(HANDLERS_OUT_DIR, ENTRY, file), 'utf8');
    expect(read('applications.bundle.js')).toContain('DescribeFleets');
    expect(read('applications.bundle.js')).toContain('Custom::ApplicationsFleetReadiness');
    for (const file of ['workspaces.bundle.js', 'secure-browser.bundle.js', 'index.js']) {
      expect(read(file)).not.toContain('DescribeFleets');
    }
    expect(read('workspaces.bundle.js')).not.toContain('DescribeStacks');
  });

  /**
   * Runs the bundle in a fresh Node.js process, as Lambda does, against a
   * local stand-in for the WorkSpaces endpoint (AWS_ENDPOINT_URL_WORKSPACES):
   * a pool delete poll that finds the pool gone.
   */
  async function pollAgainstLocalEndpoint(credentials: Record<string, string>): Promise<{ output: string; requests: http.IncomingHttpHeaders[] }> {
    const requests: http.IncomingHttpHeaders[] = [];
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        requests.push(req.headers);
        res.setHeader('content-type', 'application/x-amz-json-1.1');
        res.end(JSON.stringify({ WorkspacesPools: [] }));
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const plan = { operation: 'delete', startedAt: 0, deadline: Number.MAX_SAFE_INTEGER, knownErrors: [] };
    const event = {
      RequestType: 'Delete',
      ResourceType: 'Custom::WorkspacesPool',
      ServiceToken: 'token',
      ResponseURL: 'url',
      RequestId: 'request',
      StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/s/1',
      LogicalResourceId: 'Pool',
      PhysicalResourceId: 'wspool-abc123def',
      ResourceProperties: { ServiceToken: 'token', PoolName: 'p', Description: 'd', BundleId: 'wsb-0123456789', DirectoryId: 'wsd-0123456789', DesiredUserSessions: '1' },
      PoolPlan: plan,
    };
    const script = `require(${JSON.stringify(bundle)}).isComplete(${JSON.stringify(event)})` +
      ".then(r => process.stdout.write('RESULT ' + JSON.stringify(r)), e => process.stdout.write('ERROR ' + e.message));";
    try {
      const output = await new Promise<string>((resolve, reject) => execFile(process.execPath, ['-e', script], {
        env: { PATH: process.env.PATH, NODE_NO_WARNINGS: '1', AWS_REGION: 'us-east-1', CDK_WORKSPACES_STACK_ID: 'arn:aws:cloudformation:us-east-1:123456789012:stack/s/1', AWS_ENDPOINT_URL_WORKSPACES: `http://127.0.0.1:${port}`, ...credentials },
        timeout: 20_000,
      }, (error, stdout) => (error ? reject(error) : resolve(stdout))));
      return { output: output.split('\n').filter(line => /^(RESULT|ERROR) /.test(line)).join('\n'), requests };
    } finally {
      server.close();
    }
  }

  test('signs the SDK\'s calls with the function\'s credentials from the environment', async () => {
    const { output, requests } = await pollAgainstLocalEndpoint({ AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'session' });

    expect(output).toBe('RESULT {"IsComplete":true}');
    expect(requests.map(h => h['x-amz-target'])).toEqual(['WorkspacesService.DescribeWorkspacesPools']);
    expect(requests[0].authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/workspaces\/aws4_request/);
    expect(requests[0]['x-amz-security-token']).toBe('session');
  });

  test('without credentials in the environment, fails saying so, and sends nothing', async () => {
    const { output, requests } = await pollAgainstLocalEndpoint({});

    expect(output).toMatch(/^ERROR .*No AWS credentials in the environment/);
    expect(requests).toEqual([]);
  });
});
