import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ts from 'typescript';
import { useProjectTempDir } from './support/project-temp-dir';

/**
 * Every TypeScript snippet of the README compiles and synthesizes: the
 * snippets are put, in order (the one that creates the pool first), into the
 * constructor of a stack, type-checked against the library's sources, then
 * run.
 */
const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

function snippets(): string[] {
  return [...README.matchAll(/```ts\n([\s\S]*?)```/g)].map(m => m[1]);
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
    const source = snippetProgram(snippets()).replace(/'\.\.\/lib'/g, `'${path.relative(path.dirname(file), path.join(__dirname, '..', 'lib')).split(path.sep).join('/')}'`);
    fs.writeFileSync(file, source);
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      esModuleInterop: true,
      skipLibCheck: true,
      noUnusedLocals: false,
      types: ['node'],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);

    const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
    const js = ts.transpileModule(source, { compilerOptions }).outputText;
    const jsFile = file.replace(/\.ts$/, '.js');
    fs.writeFileSync(jsFile, js);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ReadmeStack } = require(jsFile);
    const app = new App();
    const stack: Stack = new ReadmeStack(app, 'Readme');
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::WorkspacesPool', 2);
    template.resourceCountIs('AWS::WorkSpaces::Directory', 1);
    template.resourceCountIs('Custom::WorkspaceDirectoryRegistration', 1);
    template.resourceCountIs('AWS::WorkSpacesWeb::Portal', 3);
    template.resourceCountIs('Custom::WebPortalReadiness', 3);
    template.resourceCountIs('AWS::WorkSpacesWeb::IdentityProvider', 1);
    template.resourceCountIs('AWS::Scheduler::Schedule', 2);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 1);
  });
});
