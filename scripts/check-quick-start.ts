/**
 * `npm run check:quick-start`: the README's Quick start, run as written.
 *
 * 1. Packs the library (`npm pack`: the compiled library and the bundled handlers must exist).
 * 2. Writes every block of the Quick start marked `<!-- file: NAME -->` into an empty folder
 *    outside the repository, under its name.
 * 3. Runs the block marked `<!-- run: install -->` there, with the package name replaced by the
 *    tarball's path, and then the block marked `<!-- run: synth -->` (`npx cdk synth`), without AWS
 *    credentials.
 * 4. Checks the synthesized template and the warnings printed against what the README says.
 *
 * A README edit that drops a file, or a file a new app needs that the README does not show, fails
 * here. Needs the npm registry (for the install). Set QUICK_START_KEEP=1 to keep the folder.
 */
import { spawnSync, SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { printedWarningIds, quickStart, QuickStart, warningTableIds } from './quick-start';

const ROOT = path.join(__dirname, '..');
const PACKAGE = 'cdk-workspaces-constructs';

/** The resource types the app's template must hold, with how many of each. */
const EXPECTED_RESOURCES: Record<string, number> = {
  'AWS::WorkSpacesWeb::Portal': 1,
  'AWS::WorkSpacesWeb::NetworkSettings': 1,
  'Custom::WebPortalReadiness': 1,
  'Custom::WorkspacesPool': 1,
  'Custom::WorkspacesBundleImage': 1,
};

/** The library warnings the app raises: the portal's three and the pool's. */
const EXPECTED_WARNINGS = [
  'cdk-workspaces-constructs:poolsEndOfSupport',
  'cdk-workspaces-constructs:portalSessionsAboveQuota',
  'cdk-workspaces-constructs:portalWithoutIdentityProvider',
  'cdk-workspaces-constructs:secureBrowserClosedToNewCustomers',
];

function fail(message: string): never {
  console.error(`check:quick-start: ${message}`);
  process.exit(1);
}

/** Runs a shell command; fails with its output when it does not succeed. */
function run(command: string, options: SpawnSyncOptions & { cwd: string }): { stdout: string; stderr: string } {
  console.log(`$ ${command}    (in ${options.cwd})`);
  const result = spawnSync('bash', ['-euo', 'pipefail', '-c', command], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  const stdout = String(result.stdout ?? '');
  const stderr = String(result.stderr ?? '');
  if (result.status !== 0) {
    fail(`\`${command}\` exited with ${result.status ?? result.signal}:\n${stdout.slice(-4000)}\n${stderr.slice(-8000)}`);
  }
  return { stdout, stderr };
}

/**
 * The environment of a new user's shell: no AWS credentials (the synth must run offline), no
 * npm_* variables or node_modules/.bin folders inherited from this repository's npm run.
 */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|AWS_|CDK_)/i.test(key)) {
      env[key] = value;
    }
  }
  // The Node.js this script runs on first (under npm run: the node devDependency, the floor), then the
  // user's PATH without any node_modules/.bin.
  const userPath = (process.env.PATH ?? '').split(path.delimiter).filter(p => !p.includes(`node_modules${path.sep}.bin`));
  env.PATH = [path.dirname(process.execPath), ...userPath].join(path.delimiter);
  // No account to look anything up in, and no instance metadata to wait for.
  env.AWS_EC2_METADATA_DISABLED = 'true';
  env.AWS_CONFIG_FILE = '/dev/null';
  env.AWS_SHARED_CREDENTIALS_FILE = '/dev/null';
  // The CLI's version check and telemetry are not part of the synth.
  env.CDK_DISABLE_VERSION_CHECK = 'true';
  env.CDK_DISABLE_CLI_TELEMETRY = 'true';
  return env;
}

function pack(into: string): string {
  for (const file of ['lib/index.js', 'assets/handlers/provider/index.js']) {
    if (!fs.existsSync(path.join(ROOT, file))) {
      fail(`${file} is missing: run \`npx projen compile\` first (it bundles the handlers and compiles the library)`);
    }
  }
  const { stdout } = run(`npm pack --json --pack-destination ${JSON.stringify(into)}`, { cwd: ROOT, env: userEnv() });
  const [{ filename }] = JSON.parse(stdout.slice(stdout.indexOf('[')));
  return path.join(into, filename);
}

/** The install lines, each `npm install` of the package name pointed at the tarball. */
function installCommand(qs: QuickStart, tarball: string): string {
  const lines = qs.install.split('\n').filter(l => l.trim() && !l.trim().startsWith('#'));
  const named = lines.filter(l => new RegExp(`^npm install .*(?<![\\w@/-])${PACKAGE}(?![\\w-])`).test(l));
  if (named.length !== 1) {
    fail(`the install block should name ${PACKAGE} in exactly one \`npm install\` line, got ${named.length}:\n${qs.install}`);
  }
  return lines.map(l => l.replace(new RegExp(`(?<![\\w@/-])${PACKAGE}(?![\\w-])`), tarball)).join('\n');
}

function checkTemplate(app: string): void {
  const template = JSON.parse(fs.readFileSync(path.join(app, 'cdk.out', 'Desktops.template.json'), 'utf8'));
  const counts: Record<string, number> = {};
  for (const resource of Object.values<{ Type: string }>(template.Resources)) {
    counts[resource.Type] = (counts[resource.Type] ?? 0) + 1;
  }
  for (const [type, count] of Object.entries(EXPECTED_RESOURCES)) {
    if (counts[type] !== count) {
      fail(`the template should hold ${count} ${type}, got ${counts[type] ?? 0}: ${JSON.stringify(counts)}`);
    }
  }
  if (!(counts['AWS::Lambda::Function'] >= 2) || !counts['AWS::StepFunctions::StateMachine']) {
    fail(`the template should hold the shared provider (its functions and waiter), got ${JSON.stringify(counts)}`);
  }
  console.log(`template: ${Object.entries(counts).map(([t, n]) => `${n} ${t}`).join(', ')}`);
}

/** The app's library warnings are all printed, and every warning printed is one the README lists. */
function checkWarnings(output: string, readme: string): void {
  const printed = printedWarningIds(output);
  const missing = EXPECTED_WARNINGS.filter(id => !printed.includes(id));
  const unexpected = printed.filter(id => id.startsWith(`${PACKAGE}:`) && !EXPECTED_WARNINGS.includes(id));
  if (missing.length || unexpected.length) {
    fail(`the synth should print the warnings ${EXPECTED_WARNINGS.join(', ')}; missing ${missing.join(', ') || 'none'}, unexpected ${unexpected.join(', ') || 'none'}:\n${output.slice(-6000)}`);
  }
  const listed = warningTableIds(readme);
  const unlisted = printed.filter(id => !listed.includes(id));
  if (unlisted.length) {
    fail(`the synth printed warnings the README's table of warnings to expect does not list: ${unlisted.join(', ')}`);
  }
  console.log(`warnings printed, each in the README's table: ${printed.join(', ')}`);
}

function main(): void {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const qs = quickStart(readme);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'quick-start-'));
  try {
    const tarball = pack(work);
    const app = path.join(work, 'app');
    fs.mkdirSync(app);
    for (const [name, content] of Object.entries(qs.files)) {
      fs.writeFileSync(path.join(app, name), content);
    }
    console.log(`wrote ${Object.keys(qs.files).join(', ')}`);
    const env = userEnv();
    run(installCommand(qs, tarball), { cwd: app, env });
    const versions = run('node -v && npm ls --depth=0 aws-cdk-lib constructs aws-cdk typescript ts-node', { cwd: app, env }).stdout;
    console.log(versions.trim());
    const { stdout, stderr } = run(qs.synth, { cwd: app, env });
    checkTemplate(app);
    checkWarnings(`${stdout}\n${stderr}`, readme);
    console.log('the Quick start runs as written');
  } finally {
    if (process.env.QUICK_START_KEEP) {
      console.log(`kept ${work}`);
    } else {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
}

main();
