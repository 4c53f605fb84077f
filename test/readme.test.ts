import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ts from 'typescript';
import { useProjectTempDir } from './support/project-temp-dir';
import { DEFAULT_FLEET_READINESS_TIMEOUT } from '../lib/applications/fleet-readiness';
import { DEFAULT_QUERY_INTERVAL, DEFAULT_TOTAL_TIMEOUT } from '../lib/private/provider';
import { DEFAULT_TIMEOUT } from '../lib/private/timeouts';
import { DEFAULT_READINESS_TIMEOUT } from '../lib/web/portal-readiness';
import { quickStart as readQuickStart } from '../scripts/quick-start';

/**
 * Every TypeScript snippet of the README compiles and synthesizes: the
 * snippets are put, in order (the one that creates the pool first), into the
 * constructor of a stack, type-checked against the library's sources, then
 * run.
 */
const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

function tsBlocks(): string[] {
  return [...README.matchAll(/```ts\n([\s\S]*?)```/g)].map(m => m[1]);
}

/** A complete app (the quick start): it makes its own `App`. */
const isApp = (block: string) => block.includes('new App(');
/** A block that adds to the complete app before it: its first line says so. */
const isAppAddition = (block: string) => block.startsWith('// add to the app above');

/** The snippets that are fragments of one stack's constructor. */
function snippets(): string[] {
  return tsBlocks().filter(b => !isApp(b) && !isAppAddition(b));
}

/** Imports of 'cdk-workspaces-constructs' point at the library's sources. */
function libImports(source: string, file: string): string {
  const lib = path.relative(path.dirname(file), path.join(__dirname, '..', 'lib')).split(path.sep).join('/');
  return source.replace(/'cdk-workspaces-constructs'/g, `'${lib}'`).replace(/'\.\.\/lib'/g, `'${lib}'`);
}

const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.Node16,
  moduleResolution: ts.ModuleResolutionKind.Node16,
  esModuleInterop: true,
  skipLibCheck: true,
  noUnusedLocals: false,
  types: ['node'],
};

/** The compiler options of the Quick start's own tsconfig.json, as a new app's ts-node reads them. */
function quickStartCompilerOptions(dir: string): ts.CompilerOptions {
  const { config, error } = ts.parseConfigFileTextToJson('tsconfig.json', readQuickStart(README).files['tsconfig.json']);
  expect(error).toBeUndefined();
  const { options, errors } = ts.convertCompilerOptionsFromJson(config.compilerOptions, dir);
  expect(errors.map(e => ts.flattenDiagnosticMessageText(e.messageText, '\n'))).toEqual([]);
  return { ...options, noEmit: true };
}

function typeErrors(file: string, options: ts.CompilerOptions = COMPILER_OPTIONS): string[] {
  const program = ts.createProgram([file], options);
  return ts.getPreEmitDiagnostics(program).map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

function transpile(file: string, source: string): string {
  const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
  const js = ts.transpileModule(source, { compilerOptions }).outputText;
  const jsFile = file.replace(/\.ts$/, '.js');
  fs.writeFileSync(jsFile, js);
  return jsFile;
}

function snippetProgram(blocks: string[]): string {
  const ordered = [...blocks].sort((a, b) => Number(b.includes('new WorkspacesPool(')) - Number(a.includes('new WorkspacesPool(')));
  // Named imports are merged per module (two snippets may import the same names); namespace imports kept once.
  const named = new Map<string, Set<string>>([['aws-cdk-lib', new Set(['Annotations', 'Stack'])], ['constructs', new Set(['Construct'])]]);
  const namespaces = new Set<string>();
  const bodies: string[] = [];
  for (const block of ordered) {
    const body: string[] = [];
    for (const line of block.split('\n')) {
      const namedImport = line.match(/^import \{ (.*) \} from '(.*)';$/);
      if (namedImport) {
        const module = namedImport[2] === 'cdk-workspaces-constructs' ? '../lib' : namedImport[2];
        const names = named.get(module) ?? new Set<string>();
        namedImport[1].split(',').map(n => n.trim()).filter(Boolean).forEach(n => names.add(n));
        named.set(module, names);
      } else if (line.startsWith('import ')) {
        namespaces.add(line);
      } else {
        body.push(line);
      }
    }
    bodies.push(body.join('\n'));
  }
  const imports = [...[...named].map(([module, names]) => `import { ${[...names].sort().join(', ')} } from '${module}';`), ...namespaces];
  return [
    ...imports,
    '',
    'export class ReadmeStack extends Stack {',
    '  constructor(scope: Construct, id: string) {',
    '    super(scope, id);',
    bodies.join('\n').split('\n').map(l => `    ${l}`).join('\n'),
    '    void Annotations;',
    '  }',
    '}',
  ].join('\n');
}

describe('README snippets', () => {
  const tmp = useProjectTempDir('readme');

  test('there are snippets to check', () => {
    expect(snippets().length).toBeGreaterThanOrEqual(5);
  });

  test('type-check and synthesize', () => {
    const file = path.join(tmp(), 'readme-snippets.ts');
    // The program lives next to test/ so that '../lib' resolves to the library.
    const source = libImports(snippetProgram(snippets()), file);
    fs.writeFileSync(file, source);
    expect(typeErrors(file)).toEqual([]);

    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ReadmeStack } = require(transpile(file, source));
    const app = new App();
    const stack: Stack = new ReadmeStack(app, 'Readme');
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::WorkspacesPool', 2);
    template.resourceCountIs('AWS::WorkSpaces::Directory', 1);
    template.resourceCountIs('Custom::WorkspaceDirectoryRegistration', 1);
    template.resourceCountIs('AWS::WorkSpacesWeb::Portal', 3);
    template.resourceCountIs('Custom::WebPortalReadiness', 3);
    template.resourceCountIs('AWS::WorkSpacesWeb::IdentityProvider', 1);
    // The pool's two, the fleet's one, and the pool's two mirrored by its successor.
    template.resourceCountIs('AWS::Scheduler::Schedule', 5);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    // The ON_DEMAND fleet, the pool's successor and the Elastic fleet streaming Chrome.
    template.resourceCountIs('AWS::AppStream::Fleet', 3);
    template.resourceCountIs('AWS::AppStream::ApplicationFleetAssociation', 1);
  });
});

describe('README quick start', () => {
  const tmp = useProjectTempDir('readme-app');

  /** The quick start's app: the one block that makes its own `App`. */
  function quickStartApp(): string {
    const apps = tsBlocks().filter(isApp);
    expect(apps).toHaveLength(1);
    return apps[0];
  }

  /** The quick start's app, with the blocks that add to it inserted before `app.synth()` when asked. */
  function quickStart(withAdditions: boolean): string {
    const blocks = tsBlocks();
    const apps = blocks.filter(isApp);
    expect(apps).toHaveLength(1);
    if (!withAdditions) {
      return apps[0];
    }
    const imports: string[] = [];
    const calls: string[] = [];
    for (const line of blocks.filter(isAppAddition).join('\n').split('\n')) {
      (line.startsWith('import ') ? imports : calls).push(line);
    }
    expect(apps[0]).toContain('\napp.synth();');
    return [...imports, apps[0].replace('\napp.synth();', `\n${calls.join('\n')}\napp.synth();`)].join('\n');
  }

  /** The README's cdk.context.json: the JSON block that answers a VPC lookup. */
  function contextJson(): string {
    const blocks = [...README.matchAll(/```json\n([\s\S]*?)```/g)].map(m => m[1]).filter(b => b.includes('"vpc-provider:'));
    expect(blocks).toHaveLength(1);
    return blocks[0];
  }

  /** Runs the app as `cdk synth` would (CDK_OUTDIR, CDK_CONTEXT_JSON), and returns its stack's template and warnings. */
  function synth(source: string): { resourceTypes: string[]; warnings: string[]; missingContext: unknown[] } {
    const file = path.join(tmp(), 'app.ts');
    const program = libImports(source, file);
    fs.writeFileSync(file, program);
    // With the Quick start's own tsconfig.json, not this test's options.
    expect(typeErrors(file, quickStartCompilerOptions(tmp()))).toEqual([]);
    const jsFile = transpile(file, program);
    const outdir = path.join(tmp(), 'cdk.out');
    const saved = { outdir: process.env.CDK_OUTDIR, context: process.env.CDK_CONTEXT_JSON };
    process.env.CDK_OUTDIR = outdir;
    process.env.CDK_CONTEXT_JSON = JSON.stringify(JSON.parse(contextJson()));
    try {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(jsFile);
      });
    } finally {
      restoreEnv('CDK_OUTDIR', saved.outdir);
      restoreEnv('CDK_CONTEXT_JSON', saved.context);
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    const template = JSON.parse(fs.readFileSync(path.join(outdir, 'Desktops.template.json'), 'utf8'));
    // A stack's metadata is in the manifest, or in the file it names (newer cloud assembly schemas).
    const metadata = Object.values<any>(manifest.artifacts).flatMap(a => {
      const entries = a.additionalMetadataFile ? JSON.parse(fs.readFileSync(path.join(outdir, a.additionalMetadataFile), 'utf8')) : a.metadata ?? {};
      return Object.values<any[]>(entries).flat();
    });
    return {
      resourceTypes: Object.values<any>(template.Resources).map(r => r.Type),
      warnings: metadata.filter(m => m.type === 'aws:cdk:warning').map(m => String(m.data)),
      missingContext: manifest.missing ?? [],
    };
  }

  test('every file a new app needs is a marked block, and the app and context are the ones checked here', () => {
    const qs = readQuickStart(README);
    expect(Object.keys(qs.files).sort()).toEqual(['app.ts', 'cdk.context.json', 'cdk.json', 'tsconfig.json']);
    expect(qs.files['app.ts']).toBe(quickStartApp());
    expect(qs.files['cdk.context.json']).toBe(contextJson());
    expect(JSON.parse(qs.files['cdk.json'])).toEqual({ app: 'npx ts-node --prefer-ts-exts app.ts' });
    expect(qs.install).toMatch(/^npm install cdk-workspaces-constructs /m);
    expect(qs.synth.trim()).toBe('npx cdk synth');
  });

  test('the app synthesizes offline from the README\'s cdk.context.json, with the library warnings the README lists', () => {
    const { resourceTypes, warnings, missingContext } = synth(quickStart(false));
    expect(missingContext).toEqual([]);
    expect(resourceTypes).toEqual(expect.arrayContaining(['AWS::WorkSpacesWeb::Portal', 'AWS::WorkSpacesWeb::NetworkSettings', 'Custom::WebPortalReadiness', 'Custom::WorkspacesPool']));
    const ids = warnings.map(w => w.match(/\[ack: (cdk-workspaces-constructs:[A-Za-z]+)\]/)?.[1]).filter(Boolean).sort();
    expect(ids).toEqual([
      'cdk-workspaces-constructs:poolsEndOfSupport',
      'cdk-workspaces-constructs:portalSessionsAboveQuota',
      'cdk-workspaces-constructs:portalWithoutIdentityProvider',
      'cdk-workspaces-constructs:secureBrowserClosedToNewCustomers',
    ]);
    // Every id the app prints is in the README's table of warnings.
    for (const id of ids) {
      expect(README).toContain(`| \`${id}\``);
    }
  });

  test('the README\'s acknowledgements silence the library\'s warnings', () => {
    const { warnings, resourceTypes } = synth(quickStart(true));
    expect(resourceTypes).toContain('Custom::WorkspacesPool');
    expect(warnings.filter(w => w.includes('cdk-workspaces-constructs:'))).toEqual([]);
  });
});

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) {
    delete process.env[name];
  } else {
    process.env[name] = value;
  }
}

/** The body of a `## ` section of the README. */
function section(heading: string): string {
  const start = README.indexOf(`\n## ${heading}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

/** The first cell of each body row of a section's table. */
function firstCells(text: string): string[] {
  return [...text.matchAll(/^\| (.*?) \|/gm)].map(m => m[1]).filter(cell => !/^-+$/.test(cell) && cell !== 'message' && cell !== 'construct');
}

function lambdaSources(dir = path.join(__dirname, '..', 'lambda')): string {
  return fs.readdirSync(dir, { withFileTypes: true }).map(entry => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return lambdaSources(file);
    return entry.name.endsWith('.ts') ? fs.readFileSync(file, 'utf8') : '';
  }).join('\n');
}

describe('README troubleshooting', () => {
  test('every message it lists is still sent by a handler, word for word between the placeholders', () => {
    const sources = lambdaSources();
    const messages = firstCells(section('Troubleshooting')).map(cell => cell.replace(/^`|`$/g, ''));
    expect(messages.length).toBeGreaterThanOrEqual(15);
    const missing = messages.flatMap(message => message.split('…').map(f => f.trim()).filter(Boolean)
      .filter(fragment => !sources.includes(fragment)).map(fragment => `${fragment} (in: ${message})`));
    expect(missing).toEqual([]);
  });
});

describe('README waits table', () => {
  test('states the defaults the constructs and the provider use', () => {
    const waits = section('How long a deploy waits');
    const rows = waits.split('\n').filter(l => l.startsWith('| `'));
    expect(rows.map(r => r.split(' | ')[1])).toEqual([
      '`Custom::WorkspacesBundleImage`', '`Custom::WorkspacesPool`', '`Custom::WorkspaceDirectoryRegistration`', '`AWS::WorkSpaces::Directory`',
      '`Custom::ApplicationsFleetReadiness`', '`Custom::WebPortalReadiness`',
    ]);
    const pool = `\`timeout\` (${DEFAULT_TIMEOUT.toMinutes()} min)`;
    expect(rows[0]).toContain(pool);
    expect(rows[1]).toContain(pool);
    expect(rows[2]).toContain(pool);
    expect(rows[4]).toContain(`\`readinessTimeout\` (${DEFAULT_FLEET_READINESS_TIMEOUT.toMinutes()} min)`);
    expect(rows[5]).toContain(`\`readinessTimeout\` (${DEFAULT_READINESS_TIMEOUT.toMinutes()} min)`);
    const max = DEFAULT_TOTAL_TIMEOUT.toSeconds() - DEFAULT_QUERY_INTERVAL.toSeconds();
    expect(waits).toContain(`every ${DEFAULT_QUERY_INTERVAL.toSeconds()} seconds`);
    expect(waits).toContain(`${max} s (${max / 60} minutes) with the defaults`);
  });
});
