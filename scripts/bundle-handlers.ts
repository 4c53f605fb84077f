/**
 * Bundles each custom resource handler, `lambda/<resource>/index.ts`, into one
 * minified CommonJS file, `assets/handlers/<resource>/index.js`, for the
 * Node.js 22 Lambda runtime. The folder ships in the npm package and is
 * loaded with `lambda.Code.fromAsset`, so users never need esbuild or Docker.
 * Type-checking is done before this by `tsc -p lambda/tsconfig.json` (the
 * `typecheck:lambda` task); any esbuild warning fails the build.
 *
 * Usage: ts-node --transpile-only scripts/bundle-handlers.ts [--external-sdk] [--out DIR]
 */
import * as fs from 'fs';
import * as path from 'path';
import { build, type Message, type Plugin } from 'esbuild';

export const LAMBDA_DIR = path.join(__dirname, '..', 'lambda');
export const HANDLERS_OUT_DIR = path.join(__dirname, '..', 'assets', 'handlers');

/** Folders of lambda/ that are libraries of the handlers, not handlers. */
const NOT_HANDLERS = new Set(['shared']);

/**
 * Whether the AWS SDK v3 clients are bundled or taken from the Lambda runtime.
 *
 * Bundled. Measured by `npm run bench` (Node 20, 2 cores; medians of 5 fresh
 * processes, two runs) on a probe handler importing @aws-sdk/client-workspaces 3.1048:
 *   - bundled: 593,823 bytes minified (163,627 gzipped); cold require 60-71 ms
 *   - external (SDK from node_modules, as from the runtime): 698 bytes; cold require 49-50 ms
 * The cold start differs by 10-20 ms only, because an external SDK still has
 * to be loaded, from the runtime's copy. What bundling buys is
 * correctness: the runtime's SDK is whatever version Lambda ships and it
 * changes without notice, while an SDK v3 client serializes only the request
 * members its own model knows. A runtime client older than a field (Pools'
 * RunningMode arrived in 2025) would drop that field without an error. With
 * the client bundled, the deployed handler runs the exact client the tests ran.
 * The cost is about 0.5 MB per handler in the Lambda asset, loaded once per
 * cold start of a function that then waits minutes for WorkSpaces.
 */
export const BUNDLE_AWS_SDK = true;

/** The handler folders: every lambda/<name>/index.ts except the shared libraries. */
export function handlerNames(lambdaDir: string = LAMBDA_DIR): string[] {
  return fs.readdirSync(lambdaDir, { withFileTypes: true })
    .filter(entry => entry.isDirectory() && !NOT_HANDLERS.has(entry.name))
    .filter(entry => fs.existsSync(path.join(lambdaDir, entry.name, 'index.ts')))
    .map(entry => entry.name)
    .sort();
}

/**
 * The provider's router loads each resource handler lazily (`require('../pool')`):
 * keep those imports as runtime requires of the sibling bundles instead of
 * inlining every handler into the router.
 */
function siblingHandlersExternal(handlers: readonly string[]): Plugin {
  return {
    name: 'sibling-handlers-external',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^\.\.\/[a-z0-9-]+$/ }, args => {
        const target = path.basename(args.path);
        return handlers.includes(target) ? { path: args.path, external: true } : undefined;
      });
    },
  };
}

export interface BundleResult {
  readonly handler: string;
  readonly file: string;
  readonly bytes: number;
}

export interface BundleOptions {
  /** @default lambda/ */
  readonly lambdaDir?: string;
  /** Emptied, then filled with <handler>/index.js. @default assets/handlers/ */
  readonly outDir?: string;
  /** @default BUNDLE_AWS_SDK */
  readonly bundleSdk?: boolean;
}

export async function bundleHandlers(options: BundleOptions = {}): Promise<BundleResult[]> {
  const lambdaDir = options.lambdaDir ?? LAMBDA_DIR;
  const outDir = options.outDir ?? HANDLERS_OUT_DIR;
  const bundleSdk = options.bundleSdk ?? BUNDLE_AWS_SDK;
  const handlers = handlerNames(lambdaDir);
  fs.rmSync(outDir, { recursive: true, force: true });

  const results: BundleResult[] = [];
  for (const handler of handlers) {
    const outfile = path.join(outDir, handler, 'index.js');
    // build() rejects on errors; warnings are returned, and fail the build below.
    const result = await build({
      entryPoints: [path.join(lambdaDir, handler, 'index.ts')],
      outfile,
      bundle: true,
      minify: true,
      // Keep class and function names: error names and stack traces stay readable in the logs.
      keepNames: true,
      platform: 'node',
      target: 'node22',
      // ESM bundles of the SDK crash at import ("Dynamic require of node:https").
      format: 'cjs',
      legalComments: 'none',
      external: bundleSdk ? [] : ['@aws-sdk/*'],
      plugins: [siblingHandlersExternal(handlers)],
      logLevel: 'silent',
    });
    if (result.warnings.length > 0) {
      throw new Error(`Bundling lambda/${handler} produced ${result.warnings.length} warning(s); warnings fail the build:\n${formatMessages(result.warnings)}`);
    }
    results.push({ handler, file: outfile, bytes: fs.statSync(outfile).size });
  }
  return results;
}

function formatMessages(messages: readonly Message[]): string {
  return messages.map(m => `${m.location ? `${m.location.file}:${m.location.line}: ` : ''}${m.text}`).join('\n');
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  bundleHandlers({
    outDir: outIndex >= 0 ? path.resolve(args[outIndex + 1]) : undefined,
    bundleSdk: !args.includes('--external-sdk'),
  }).then(results => {
    for (const r of results) {
      console.log(`bundled lambda/${r.handler} -> ${path.relative(process.cwd(), r.file)} (${r.bytes} bytes)`);
    }
  }, (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
