/**
 * Bundles the custom resource handlers into one minified CommonJS file,
 * `assets/handlers/provider/index.js`, for the Node.js 22 Lambda runtime: the
 * provider's router (`lambda/provider/index.ts`) with every resource handler
 * it routes to inlined and initialized on first use. The folder ships in the
 * npm package and is loaded with `lambda.Code.fromAsset`, so users never need
 * esbuild or Docker. Type-checking is done before this by
 * `tsc -p lambda/tsconfig.json` (the `typecheck:lambda` task); any esbuild
 * warning fails the build.
 *
 * Measured side by side by `npm run bench` (see README, "The handler asset"):
 * - one bundle instead of one per resource: the AWS SDK's core ships once;
 * - the SDK's ES module builds (`module` before `main`), so that esbuild keeps
 *   only the commands the handlers send, not all of the client's;
 * - the SDK's default credential chain replaced by the environment provider
 *   the Lambda runtime answers (lambda/shared/lambda-credentials.ts).
 *
 * Usage: ts-node --transpile-only scripts/bundle-handlers.ts [--external-sdk] [--out DIR]
 */
import * as fs from 'fs';
import * as path from 'path';
import { build, type Message, type Plugin } from 'esbuild';

export const LAMBDA_DIR = path.join(__dirname, '..', 'lambda');
export const HANDLERS_OUT_DIR = path.join(__dirname, '..', 'assets', 'handlers');

/** The entry point: the shared provider's router, which loads each resource handler on first use. */
export const ENTRY = 'provider';

/**
 * Whether the AWS SDK v3 clients are bundled or taken from the Lambda runtime.
 *
 * Bundled. The runtime's SDK is whatever version Lambda ships and it
 * changes without notice, while an SDK v3 client serializes only the request
 * members its own model knows: a runtime client older than a field (Pools'
 * RunningMode arrived in 2025) would drop that field without an error. With
 * the client bundled, the deployed handler runs the exact client the tests
 * ran. `npm run bench` prints the cost side by side (a probe handler with the
 * SDK bundled and external) with the asset as it ships.
 */
export const BUNDLE_AWS_SDK = true;

/**
 * The Lambda function's credentials come from its environment: the SDK's
 * default provider chain is replaced by lambda/shared/lambda-credentials.ts.
 */
function environmentCredentials(lambdaDir: string): Plugin {
  const replacement = path.join(lambdaDir, 'shared', 'lambda-credentials.ts');
  return {
    name: 'environment-credentials',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({ path: replacement }));
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
  fs.rmSync(outDir, { recursive: true, force: true });

  const outfile = path.join(outDir, ENTRY, 'index.js');
  const credentials = fs.existsSync(path.join(lambdaDir, 'shared', 'lambda-credentials.ts')) ? [environmentCredentials(lambdaDir)] : [];
  // build() rejects on errors; warnings are returned, and fail the build below.
  const result = await build({
    entryPoints: [path.join(lambdaDir, ENTRY, 'index.ts')],
    outfile,
    bundle: true,
    minify: true,
    // Keep class and function names: error names and stack traces stay readable in the logs.
    keepNames: true,
    platform: 'node',
    target: 'node22',
    // The SDK's ES modules, so that unused commands are left out; the output stays CommonJS
    // (ESM output crashes the SDK at import: "Dynamic require of node:https").
    mainFields: ['module', 'main'],
    format: 'cjs',
    legalComments: 'none',
    external: bundleSdk ? [] : ['@aws-sdk/*'],
    plugins: bundleSdk ? credentials : [],
    logLevel: 'silent',
  });
  if (result.warnings.length > 0) {
    throw new Error(`Bundling lambda/${ENTRY} produced ${result.warnings.length} warning(s); warnings fail the build:\n${formatMessages(result.warnings)}`);
  }
  return [{ handler: ENTRY, file: outfile, bytes: fs.statSync(outfile).size }];
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
