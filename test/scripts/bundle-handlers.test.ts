import * as fs from 'fs';
import * as path from 'path';
import { BUNDLE_AWS_SDK, bundleHandlers, handlerNames, HANDLERS_OUT_DIR } from '../../scripts/bundle-handlers';
import { useProjectTempDir } from '../support/project-temp-dir';

const workDir = useProjectTempDir('bundle-test');

function write(relative: string, content: string): void {
  const file = path.join(workDir(), 'lambda', relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

function fixtureHandlers(): void {
  write('shared/greet.ts', "export function greet(name: string): string { return 'hello ' + name + ' from shared'; }\n");
  write('demo/index.ts', "import { greet } from '../shared/greet';\nexport const onEvent = async () => greet('demo');\nexport const isComplete = async () => ({ IsComplete: true });\n");
  write('router/index.ts', "export const onEvent = async () => (require('../demo') as { onEvent(): Promise<string> }).onEvent();\n");
  write('notes/README.md', 'not a handler: no index.ts\n');
}

describe('handlerNames', () => {
  test('lists the folders with an index.ts, without the shared library', () => {
    fixtureHandlers();
    expect(handlerNames(path.join(workDir(), 'lambda'))).toEqual(['demo', 'router']);
  });
});

describe('bundleHandlers', () => {
  test('writes one minified CommonJS file per handler, with the shared code inlined', async () => {
    fixtureHandlers();
    const out = path.join(workDir(), 'out');
    const results = await bundleHandlers({ lambdaDir: path.join(workDir(), 'lambda'), outDir: out });

    expect(results.map(r => path.relative(out, r.file))).toEqual([path.join('demo', 'index.js'), path.join('router', 'index.js')]);
    const demo = fs.readFileSync(path.join(out, 'demo', 'index.js'), 'utf8');
    expect(demo).toContain('from shared');
    expect(demo).toContain('module.exports');
    expect(demo.split('\n').filter(line => line.trim() !== '').length).toBeLessThanOrEqual(2);
    expect(results[0].bytes).toBe(fs.statSync(path.join(out, 'demo', 'index.js')).size);
  });

  test('keeps the router\'s require of a sibling handler as a runtime require, and it loads', async () => {
    fixtureHandlers();
    const out = path.join(workDir(), 'out');
    await bundleHandlers({ lambdaDir: path.join(workDir(), 'lambda'), outDir: out });

    const router = fs.readFileSync(path.join(out, 'router', 'index.js'), 'utf8');
    expect(router).toContain('require("../demo")');
    expect(router).not.toContain('from shared');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(path.join(out, 'router', 'index.js')) as { onEvent(): Promise<string> };
    await expect(loaded.onEvent()).resolves.toBe('hello demo from shared');
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
    write('warned/index.ts', 'export const value = { a: 1, a: 2 };\n');
    await expect(bundleHandlers({ lambdaDir: path.join(workDir(), 'lambda'), outDir: path.join(workDir(), 'out') }))
      .rejects.toThrow(/Bundling lambda\/warned produced 1 warning\(s\); warnings fail the build:\n.*Duplicate key "a"/);
  });

  test('fails the build on an error', async () => {
    write('broken/index.ts', "import { missing } from './does-not-exist';\nexport const x = missing;\n");
    await expect(bundleHandlers({ lambdaDir: path.join(workDir(), 'lambda'), outDir: path.join(workDir(), 'out') }))
      .rejects.toThrow(/Could not resolve "\.\/does-not-exist"/);
  });

  test('bundles the AWS SDK into the handler unless told to leave it external', async () => {
    write('sdk/index.ts', "import { WorkSpacesClient } from '@aws-sdk/client-workspaces';\nexport const make = () => new WorkSpacesClient({});\n");
    const [bundled] = await bundleHandlers({ lambdaDir: path.join(workDir(), 'lambda'), outDir: path.join(workDir(), 'bundled') });
    const [external] = await bundleHandlers({ lambdaDir: path.join(workDir(), 'lambda'), outDir: path.join(workDir(), 'external'), bundleSdk: false });

    expect(BUNDLE_AWS_SDK).toBe(true);
    expect(bundled.bytes).toBeGreaterThan(100_000);
    expect(external.bytes).toBeLessThan(5_000);
    expect(fs.readFileSync(external.file, 'utf8')).toContain('require("@aws-sdk/client-workspaces")');
  });
});

describe('the shipped handler bundles', () => {
  test('the provider entry point is built and exports onEvent and isComplete', () => {
    // The test task runs the bundle task first (see .projenrc.ts).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const provider = require(path.join(HANDLERS_OUT_DIR, 'provider', 'index.js'));
    expect(typeof provider.onEvent).toBe('function');
    expect(typeof provider.isComplete).toBe('function');
  });
});
