/**
 * `npm run bench`: prints figures, never pass/fail.
 *
 * - synth of each example app (examples/*-app.ts): wall time and peak memory
 *   of a fresh process, and the time of the synth itself inside it
 * - the handler asset (assets/handlers): bytes, gzipped bytes, and each
 *   route's cold start (require plus first request) in a bare Node.js
 *   process, beside the SDK client package's own cold require
 * - the AWS SDK choice (see scripts/bundle-handlers.ts): a probe handler that
 *   imports @aws-sdk/client-workspaces, bundled vs external
 *
 * Figures are medians of RUNS fresh processes (min-max in brackets). The
 * machine is shared and noisy: compare figures of one run with each other.
 * Set BENCH_RUNS to change the number of runs (default 5), and
 * BENCH_SECTIONS (synth,pools,handlers,lifecycle) to run only some sections.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { bundleHandlers, ENTRY, HANDLERS_OUT_DIR } from './bundle-handlers';
import { STACK_ID_ENV } from '../lambda/provider/router';

const ROOT = path.join(__dirname, '..');
const WORK = path.join(ROOT, '.bench');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

interface Sample {
  readonly wallMs: number;
  readonly innerMs: number;
  readonly maxRssMb: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function summary(values: number[], digits = 0): string {
  return `${median(values).toFixed(digits)} [${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)}]`;
}

/**
 * Runs `code` in a fresh Node.js process with ts-node registered; the code
 * sets `globalThis.__inner` to the milliseconds of the part being measured.
 */
function runFresh(code: string, env: NodeJS.ProcessEnv = {}): Sample {
  const script = `${code}\nprocess.stdout.write(JSON.stringify({ inner: globalThis.__inner, rss: process.resourceUsage().maxRSS }));`;
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'examples', 'tsconfig.json'), ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(`benchmark process failed (${result.status}):\n${result.stderr}`);
  }
  const { inner, rss } = JSON.parse(result.stdout.slice(result.stdout.lastIndexOf('{"inner"')));
  return { wallMs, innerMs: inner, maxRssMb: rss / 1024 };
}

function timed(statement: string): string {
  return `{ const t = process.hrtime.bigint(); ${statement}; globalThis.__inner = Number(process.hrtime.bigint() - t) / 1e6; }`;
}

function benchSynth(): void {
  const apps = fs.readdirSync(path.join(ROOT, 'examples')).filter(f => f.endsWith('-app.ts')).sort();
  console.log(`\n## Synth of the example apps (${RUNS} fresh processes each)`);
  console.log('| app | process wall ms | synth ms (in process) | peak RSS MB | template bytes |');
  console.log('|---|---|---|---|---|');
  for (const app of apps) {
    const outdir = path.join(WORK, 'synth', path.basename(app, '.ts'));
    const samples: Sample[] = [];
    for (let i = 0; i < RUNS; i++) {
      fs.rmSync(outdir, { recursive: true, force: true });
      samples.push(runFresh(timed(`require(${JSON.stringify(path.join(ROOT, 'examples', app))})`), { CDK_OUTDIR: outdir }));
    }
    const templateBytes = fs.readdirSync(outdir).filter(f => f.endsWith('.template.json'))
      .reduce((sum, f) => sum + fs.statSync(path.join(outdir, f)).size, 0);
    console.log(`| ${app} | ${summary(samples.map(s => s.wallMs))} | ${summary(samples.map(s => s.innerMs))} | ${summary(samples.map(s => s.maxRssMb))} | ${templateBytes} |`);
  }
}

/**
 * Runs `code` in a bare Node.js process (no preload: ts-node would load the
 * core modules the SDK needs first and hide their cost), with no AWS
 * configuration but a Region and throwaway credentials; returns the
 * milliseconds the code stores in `globalThis.__inner`.
 */
function runBare(code: string, env: NodeJS.ProcessEnv = {}): number {
  const script = `(async () => { ${code} })().then(() => process.stdout.write(JSON.stringify({ inner: globalThis.__inner })));`;
  const result = spawnSync(process.execPath, ['-e', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_NO_WARNINGS: '1', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', ...env },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`benchmark process failed (${result.status}):\n${result.stderr}`);
  }
  return JSON.parse(result.stdout.slice(result.stdout.lastIndexOf('{"inner"'))).inner;
}

/** `statement` (which may await) timed from before it to after it. */
function timedAsync(statement: string): string {
  return `const t = process.hrtime.bigint(); ${statement}; globalThis.__inner = Number(process.hrtime.bigint() - t) / 1e6;`;
}

function bareSamples(code: string, env: NodeJS.ProcessEnv = {}): number[] {
  return Array.from({ length: RUNS }, () => runBare(code, env));
}

const BENCH_STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/s/1';
const PORTAL_ARN = 'arn:aws:workspaces-web:us-east-1:123456789012:portal/0e7c2a4b-1d3f-4a5b-9c6d-000000000001';
const IMAGE_ARN = 'arn:aws:appstream:us-east-1:123456789012:image/call-centre';
/** A request of each route that calls no AWS API: a Delete's onEvent only plans. */
const ROUTE_REQUESTS: Readonly<Record<string, Record<string, unknown>>> = {
  'Custom::WorkspacesPool': { PhysicalResourceId: 'wspool-abc123def', ResourceProperties: { ServiceToken: 't', PoolName: 'p', Description: 'd', BundleId: 'wsb-0123456789', DirectoryId: 'wsd-0123456789', DesiredUserSessions: '1' } },
  'Custom::WorkspacesBundleImage': { PhysicalResourceId: 'wsb-0123456789', ResourceProperties: { ServiceToken: 't', BundleId: 'wsb-0123456789' } },
  'Custom::WorkspaceDirectoryRegistration': { PhysicalResourceId: 'd-1234567890', ResourceProperties: { ServiceToken: 't', DirectoryId: 'd-1234567890' } },
  'Custom::WebPortalReadiness': { PhysicalResourceId: PORTAL_ARN, ResourceProperties: { ServiceToken: 't', PortalArn: PORTAL_ARN } },
  'Custom::ApplicationsImage': { PhysicalResourceId: IMAGE_ARN, ResourceProperties: { ServiceToken: 't', ImageName: 'call-centre', WorkspaceImageId: 'wsi-0123456789' } },
  'Custom::ApplicationsFleetReadiness': { PhysicalResourceId: 'call-centre', ResourceProperties: { ServiceToken: 't', FleetName: 'call-centre', FleetType: 'ON_DEMAND' } },
};
/** The SDK client package each route's cold start is compared with: the one its handler calls. */
const ROUTE_SDK: Readonly<Record<string, string>> = {
  'Custom::WebPortalReadiness': '@aws-sdk/client-workspaces-web',
  'Custom::ApplicationsImage': '@aws-sdk/client-appstream',
  'Custom::ApplicationsFleetReadiness': '@aws-sdk/client-appstream',
};

async function benchHandlers(): Promise<void> {
  // The asset the `bench` task has just built (its first step is the `bundle` task).
  const files = fs.readdirSync(HANDLERS_OUT_DIR, { recursive: true, withFileTypes: true }).filter(f => f.isFile());
  const assetBytes = files.reduce((sum, f) => sum + fs.statSync(path.join(f.parentPath, f.name)).size, 0);
  const bundle = path.join(HANDLERS_OUT_DIR, ENTRY, 'index.js');
  const gzipBytes = files.reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(f.parentPath, f.name))).length, 0);
  console.log(`\n## The handler asset (${path.relative(ROOT, HANDLERS_OUT_DIR)}): ${files.length} file(s), ${assetBytes} bytes, ${gzipBytes} bytes gzipped`);
  console.log('| file | bytes |');
  console.log('|---|---|');
  for (const f of files) {
    console.log(`| ${path.relative(HANDLERS_OUT_DIR, path.join(f.parentPath, f.name))} | ${fs.statSync(path.join(f.parentPath, f.name)).size} |`);
  }

  // Side by side in one run: the SDK client package itself, then each route of the bundle (its
  // cold require plus the route's first request, which initializes that route's handler).
  const sdks: Record<string, number[]> = {};
  for (const pkg of ['@aws-sdk/client-workspaces', ...new Set(Object.values(ROUTE_SDK))]) {
    sdks[pkg] = bareSamples(timedAsync(`require('${pkg}')`));
  }
  console.log(`Cold start, bare \`node -e\`, ${RUNS} fresh processes each; ratio = route / the SDK client package its handler calls (target: at most 0.8)`);
  console.log('| what | ms | ratio |');
  console.log('|---|---|---|');
  for (const [pkg, times] of Object.entries(sdks)) {
    console.log(`| require('${pkg}') from node_modules | ${summary(times, 1)} | 1.00 |`);
  }
  for (const [type, fields] of Object.entries(ROUTE_REQUESTS)) {
    const sdk = sdks[ROUTE_SDK[type] ?? '@aws-sdk/client-workspaces'];
    const request = { RequestType: 'Delete', ResourceType: type, ServiceToken: 't', ResponseURL: 'u', StackId: BENCH_STACK_ID, RequestId: 'r', LogicalResourceId: 'R', ...fields };
    // The function's own stack, as the provider sets it: the router refuses a request of another stack.
    const times = bareSamples(timedAsync(`const log = console.log; console.log = () => {}; await require(${JSON.stringify(bundle)}).onEvent(${JSON.stringify(request)}); console.log = log`), { [STACK_ID_ENV]: BENCH_STACK_ID });
    console.log(`| route ${type} (vs ${ROUTE_SDK[type] ?? '@aws-sdk/client-workspaces'}) | ${summary(times, 1)} | ${(median(times) / median(sdk)).toFixed(2)} |`);
  }

  // The AWS SDK choice, measured on a probe handler that imports the WorkSpaces client.
  const probeDir = path.join(WORK, 'sdk-probe', 'lambda');
  fs.mkdirSync(path.join(probeDir, ENTRY), { recursive: true });
  fs.writeFileSync(path.join(probeDir, ENTRY, 'index.ts'), [
    "import { DescribeWorkspacesPoolsCommand, WorkSpacesClient } from '@aws-sdk/client-workspaces';",
    'export const onEvent = () => new WorkSpacesClient({}).send(new DescribeWorkspacesPoolsCommand({}));',
    '',
  ].join('\n'));
  const [bundled] = await bundleHandlers({ lambdaDir: probeDir, outDir: path.join(WORK, 'sdk-probe', 'bundled') });
  const [external] = await bundleHandlers({ lambdaDir: probeDir, outDir: path.join(WORK, 'sdk-probe', 'external'), bundleSdk: false });
  console.log('\n## AWS SDK bundled vs taken from the runtime (probe handler importing @aws-sdk/client-workspaces)');
  console.log('| probe | bytes | gzip bytes | cold require ms |');
  console.log('|---|---|---|---|');
  for (const [label, file, env] of [['SDK bundled', bundled.file, {}], ['SDK external', external.file, { NODE_PATH: path.join(ROOT, 'node_modules') }]] as const) {
    const content = fs.readFileSync(file);
    // External: the SDK resolves from this project's node_modules, standing in for the runtime's copy.
    console.log(`| ${label} | ${content.length} | ${zlib.gzipSync(content).length} | ${summary(bareSamples(timedAsync(`require(${JSON.stringify(file)})`), env), 1)} |`);
  }
}

/**
 * Stacks of 1, 10 and 100 pools written with WorkspacesPool and with
 * CfnWorkspacesPool, each synthesized in a fresh process (interleaved, so
 * both kinds see the same machine load): synth time and memory ratios, the
 * provider's resources (must not grow with the pools), template bytes per pool.
 */
function benchPools(): void {
  const counts = [1, 10, 100];
  console.log(`\n## Pools: WorkspacesPool vs CfnWorkspacesPool (${RUNS} fresh processes each, interleaved)`);
  console.log('| pools | WorkspacesPool synth ms | CfnWorkspacesPool synth ms | time ratio | WorkspacesPool peak RSS MB | Cfn peak RSS MB | memory ratio | provider resources | template bytes | bytes per pool (Cfn) |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  const perPool: Record<number, number> = {};
  for (const count of counts) {
    const ours: Sample[] = [];
    const cfn: Sample[] = [];
    const stats: Record<string, { bytes: number; provider: number; total: number }> = {};
    for (let i = 0; i < RUNS; i++) {
      for (const kind of ['WorkspacesPool', 'CfnWorkspacesPool'] as const) {
        const outdir = path.join(WORK, 'pools', `${kind}-${count}`);
        fs.rmSync(outdir, { recursive: true, force: true });
        const statsFile = path.join(WORK, 'pools', `${kind}-${count}.json`);
        const sample = runFresh([
          `const { synthPools } = require(${JSON.stringify(path.join(__dirname, 'bench-pools-app.ts'))});`,
          'let template;',
          timed(`template = synthPools(${JSON.stringify(kind)}, ${count}, ${JSON.stringify(outdir)})`),
          'const resources = Object.keys(template.Resources);',
          `require('fs').writeFileSync(${JSON.stringify(statsFile)}, JSON.stringify({ bytes: JSON.stringify(template).length, `
            + "provider: resources.filter(r => r.startsWith('CdkWorkspacesConstructsProvider')).length, total: resources.length }));",
        ].join('\n'));
        (kind === 'WorkspacesPool' ? ours : cfn).push(sample);
        stats[kind] = JSON.parse(fs.readFileSync(statsFile, 'utf8'));
      }
    }
    const timeRatio = median(ours.map(s => s.innerMs)) / median(cfn.map(s => s.innerMs));
    const memRatio = median(ours.map(s => s.maxRssMb)) / median(cfn.map(s => s.maxRssMb));
    perPool[count] = stats.WorkspacesPool.bytes;
    const cfnPerPool = Math.round(stats.CfnWorkspacesPool.bytes / count);
    console.log(`| ${count} | ${summary(ours.map(s => s.innerMs))} | ${summary(cfn.map(s => s.innerMs))} | ${timeRatio.toFixed(2)} | `
      + `${summary(ours.map(s => s.maxRssMb))} | ${summary(cfn.map(s => s.maxRssMb))} | ${memRatio.toFixed(2)} | `
      + `${stats.WorkspacesPool.provider} | ${stats.WorkspacesPool.bytes} | ${cfnPerPool} |`);
  }
  const marginal = (perPool[100] - perPool[1]) / 99;
  console.log(`\nTemplate bytes per additional WorkspacesPool (minified JSON, (bytes at 100 - bytes at 1) / 99): ${marginal.toFixed(0)}`);
}

/**
 * The pool handler against the stateful fake of the WorkSpaces pool APIs
 * (test/support/pool-fake.ts), on its virtual clock, polled as the Provider
 * framework polls (every 30 s): a create that takes 10 simulated minutes.
 */
async function benchLifecycle(): Promise<void> {
  // Loaded here: the fake pulls in aws-sdk-client-mock, which the other figures do not need.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PoolFake, createEvent } = require('../test/support/pool-fake') as typeof import('../test/support/pool-fake');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runOperation } = require('../test/support/provider-driver') as typeof import('../test/support/provider-driver');
  const template = { poolName: 'bench', desiredUserSessions: 10 };
  console.log('\n## Pool lifecycle against the fake (virtual clock, 30 s polls): a create of 10 simulated minutes');
  console.log('| case | outcome | isComplete calls | API calls | API calls per poll | detection lag s |');
  console.log('|---|---|---|---|---|---|');
  const row = (label: string, r: Awaited<ReturnType<typeof runOperation>>) => {
    console.log(`| ${label} | ${r.outcome} | ${r.isCompleteCalls} | ${r.apiCalls.total} (${r.apiCalls.attempts} HTTP attempts) | `
      + `${(r.apiCalls.total / Math.max(1, r.isCompleteCalls)).toFixed(2)} | ${r.detectionLagSeconds ?? '-'} |`);
  };
  const exact = new PoolFake({ durations: { create: 600 } });
  row('create ends on a poll (600 s)', await runOperation(exact.newHandler(), createEvent(template), { fake: exact, queryIntervalSeconds: 30 }));
  const lags: number[] = [];
  const calls: number[] = [];
  for (let extra = 0; extra < 30; extra++) {
    const fake = new PoolFake({ durations: { create: 600 + extra } });
    const r = await runOperation(fake.newHandler(), createEvent(template), { fake, queryIntervalSeconds: 30 });
    lags.push(r.detectionLagSeconds ?? NaN);
    calls.push(r.apiCalls.total / r.isCompleteCalls);
  }
  console.log(`| creates of 600-629 s (30 runs) | SUCCESS | - | - | max ${Math.max(...calls).toFixed(2)} | mean ${(lags.reduce((a, b) => a + b, 0) / lags.length).toFixed(1)}, max ${Math.max(...lags)} |`);
  const throttled = new PoolFake({ durations: { create: 600 }, throttleRate: 0.3, seed: 1 });
  row('create, 30% of HTTP attempts throttled', await runOperation(throttled.newHandler(), createEvent(template), { fake: throttled, queryIntervalSeconds: 30 }));
  const stopped = new PoolFake({ durations: { create: 600 }, stateAfterCreate: 'STOPPED' });
  row('create landing STOPPED, then started', await runOperation(stopped.newHandler(), createEvent(template), { fake: stopped, queryIntervalSeconds: 30 }));
  console.log('Targets: detection lag at most one poll interval (30 s); at most 2 API calls per poll.');
}

async function main(): Promise<void> {
  fs.mkdirSync(WORK, { recursive: true });
  console.log(`# cdk-workspaces-constructs benchmark (node ${process.version}, ${process.platform}/${process.arch}, median [min-max])`);
  // BENCH_SECTIONS=synth,pools,handlers,lifecycle runs only those sections.
  const only = process.env.BENCH_SECTIONS?.split(',');
  const run = (name: string) => !only || only.includes(name);
  if (run('synth')) benchSynth();
  if (run('pools')) benchPools();
  if (run('handlers')) await benchHandlers();
  if (run('lifecycle')) await benchLifecycle();
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
