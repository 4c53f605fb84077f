/**
 * Bundles the custom resource handlers into minified CommonJS files in
 * `assets/handlers/provider/` for the Node.js 24 Lambda runtime: `index.js`,
 * the provider's router (`lambda/provider/index.ts`), and one file per
 * `lambda/provider/*.bundle.ts` module, each holding the handlers of one AWS
 * service with that service's SDK client. The router requires a
 * `./x.bundle` module on the first request of one of its resource types; in
 * the asset that require is left to Node.js and finds `x.bundle.js` beside
 * `index.js`. The folder ships in the npm package and is loaded with
 * `lambda.Code.fromAsset`, so users never need esbuild or Docker.
 * Type-checking is done before this by `tsc -p lambda/tsconfig.json` (the
 * `typecheck:lambda` task); any esbuild warning fails the build.
 *
 * Measured side by side by `npm run bench` (see README, "The handler asset"):
 * - one file per service, not per resource: the WorkSpaces routes share one
 *   copy of their client, and a pool's cold start never parses the Secure
 *   Browser or CloudFormation clients the portal route needs;
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

/** esbuild's target: the Node.js of the handlers' Lambda runtime (`HANDLER_RUNTIME` in lib/private/provider.ts, nodejs24.x). */
export const ESBUILD_TARGET = 'node24';

/** The entry point: the shared provider's router, which loads each resource handler on first use. */
export const ENTRY = 'provider';
/** How a module of lambda/provider that is a file of its own in the asset is named. */
export const SERVICE_BUNDLE_SUFFIX = '.bundle';

/** The service bundles lambda/<ENTRY> declares (`workspaces.bundle.ts` → `workspaces.bundle`). */
export function serviceBundles(lambdaDir: string = LAMBDA_DIR): string[] {
  const dir = path.join(lambdaDir, ENTRY);
  return fs.readdirSync(dir).filter(f => f.endsWith(`${SERVICE_BUNDLE_SUFFIX}.ts`)).map(f => f.slice(0, -'.ts'.length)).sort();
}

/** The router's `require('./x.bundle')` stays a require of the file `x.bundle.js` beside it. */
function serviceBundlesExternal(bundles: readonly string[]): Plugin {
  return {
    name: 'service-bundles-external',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^\.\/[\w-]+\.bundle$/ }, args => (bundles.includes(args.path.slice(2))
        ? { path: `${args.path}.js`, external: true }
        : undefined));
    },
  };
}

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
  /** Emptied, then filled with <ENTRY>/index.js and one <ENTRY>/<name>.bundle.js per service bundle. @default assets/handlers/ */
  readonly outDir?: string;
  /** @default BUNDLE_AWS_SDK */
  readonly bundleSdk?: boolean;
}

export async function bundleHandlers(options: BundleOptions = {}): Promise<BundleResult[]> {
  const lambdaDir = options.lambdaDir ?? LAMBDA_DIR;
  const outDir = options.outDir ?? HANDLERS_OUT_DIR;
  const bundleSdk = options.bundleSdk ?? BUNDLE_AWS_SDK;
  fs.rmSync(outDir, { recursive: true, force: true });

  const bundles = serviceBundles(lambdaDir);
  const entries = ['index', ...bundles];
  const credentials = fs.existsSync(path.join(lambdaDir, 'shared', 'lambda-credentials.ts')) ? [environmentCredentials(lambdaDir)] : [];
  // build() rejects on errors; warnings are returned, and fail the build below.
  const result = await build({
    entryPoints: entries.map(e => path.join(lambdaDir, ENTRY, `${e}.ts`)),
    outdir: path.join(outDir, ENTRY),
    entryNames: '[name]',
    bundle: true,
    minify: true,
    // Keep class and function names: error names and stack traces stay readable in the logs.
    keepNames: true,
    platform: 'node',
    target: ESBUILD_TARGET,
    // The SDK's ES modules, so that unused commands are left out; the output stays CommonJS
    // (ESM output crashes the SDK at import: "Dynamic require of node:https").
    mainFields: ['module', 'main'],
    format: 'cjs',
    legalComments: 'none',
    external: bundleSdk ? [] : ['@aws-sdk/*'],
    plugins: [serviceBundlesExternal(bundles), ...(bundleSdk ? credentials : [])],
    logLevel: 'silent',
  });
  if (result.warnings.length > 0) {
    throw new Error(`Bundling lambda/${ENTRY} produced ${result.warnings.length} warning(s); warnings fail the build:\n${formatMessages(result.warnings)}`);
  }
  return entries.map(e => {
    const file = path.join(outDir, ENTRY, `${e}.js`);
    return { handler: e === 'index' ? ENTRY : `${ENTRY}/${e}`, file, bytes: fs.statSync(file).size };
  });
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
