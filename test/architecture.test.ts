import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/*
 * The layout rules of README "Layout", checked on the sources themselves:
 * no import cycle in lib/ or lambda/, lib/private/ holds only what two areas
 * share, and no function or class is too long to read in one sitting.
 */

const ROOT = path.join(__dirname, '..');
/** The areas of lib/: each has its folder (lib/<area>/), as lambda/ has. */
const AREAS = ['pool', 'directory', 'web', 'applications'];
const MAX_FUNCTION_LINES = 80;
const MAX_CLASS_LINES = 400;

/** Every .ts source under `dir` (relative to the repository), without declaration files. */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(rel));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
  return out.sort();
}

/** The files of `files` that `file` imports (value and type imports, re-exports, dynamic imports). */
function importsOf(file: string, files: Set<string>): string[] {
  const info = ts.preProcessFile(fs.readFileSync(path.join(ROOT, file), 'utf8'), true, true);
  const out: string[] = [];
  for (const { fileName } of info.importedFiles) {
    if (!fileName.startsWith('.')) continue;
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), fileName));
    const target = [`${base}.ts`, `${base}/index.ts`, base].find(f => files.has(f));
    if (target) out.push(target);
  }
  return out;
}

function importGraph(dirs: string[]): Map<string, string[]> {
  const files = new Set(dirs.flatMap(sources));
  return new Map([...files].map(f => [f, importsOf(f, files)]));
}

/** Each import cycle of the graph, as the path that closes it (`a → b → a`). */
export function importCycles(graph: Map<string, string[]>): string[] {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].join(' → '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

function areaOf(file: string): string | undefined {
  const [top, area] = file.split('/');
  return top === 'lib' && AREAS.includes(area) ? area : undefined;
}

interface Span { readonly file: string; readonly name: string; readonly lines: number }

/** The line spans of every function-like node and every class in a file. */
function spans(file: string): { functions: Span[]; classes: Span[] } {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const functions: Span[] = [];
  const classes: Span[] = [];
  const lines = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getEnd()).line
    - sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const nameOf = (node: ts.Node): string => {
    const named = node as { name?: ts.Node };
    if (ts.isConstructorDeclaration(node)) return `${nameOf(node.parent)}.constructor`;
    if (named.name) return named.name.getText(sf);
    if (ts.isVariableDeclaration(node.parent)) return node.parent.name.getText(sf);
    return `<anonymous at line ${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}>`;
  };
  const walk = (node: ts.Node): void => {
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
      classes.push({ file, name: nameOf(node), lines: lines(node) });
    } else if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body) {
      functions.push({ file, name: nameOf(node), lines: lines(node) });
    }
    ts.forEachChild(node, walk);
  };
  walk(sf);
  return { functions, classes };
}

/**
 * Known exceptions to the size rule, by file, each with the reason. Remove an entry once its
 * file is split.
 */

describe('import graph', () => {
  test('lib/ and lambda/ have no import cycle (type imports included)', () => {
    expect(importCycles(importGraph(['lib', 'lambda']))).toEqual([]);
  });

  test('finds a cycle, type imports included (self-check of the checker)', () => {
    const graph = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['a.ts']]]);
    expect(importCycles(graph)).toEqual(['a.ts → b.ts → c.ts → a.ts']);
    const files = new Set(['lib/directory/render.ts', 'lib/directory/workspace-directory-props.ts']);
    expect(importsOf('lib/directory/render.ts', files)).toContain('lib/directory/workspace-directory-props.ts');
  });

  test('lib/private/ holds only what two areas or more share', () => {
    const graph = importGraph(['lib']);
    const privateFiles = [...graph.keys()].filter(f => f.startsWith('lib/private/'));
    expect(privateFiles.length).toBeGreaterThan(0);
    const lonely: string[] = [];
    for (const file of privateFiles) {
      // The areas that import the file, directly or through other lib/private/ files.
      const areas = new Set<string>();
      const seen = new Set<string>([file]);
      const queue = [file];
      while (queue.length > 0) {
        const target = queue.shift()!;
        for (const [importer, imports] of graph) {
          if (!imports.includes(target) || seen.has(importer)) continue;
          seen.add(importer);
          const area = areaOf(importer);
          if (area) areas.add(area);
          else if (importer.startsWith('lib/private/')) queue.push(importer);
        }
      }
      if (areas.size < 2) lonely.push(`${file} (imported from ${[...areas].join(', ') || 'no area'})`);
    }
    expect(lonely).toEqual([]);
  });

  test('lib/ has no file at its top level but index.ts', () => {
    const top = fs.readdirSync(path.join(ROOT, 'lib')).filter(f => f.endsWith('.ts') && !f.endsWith('.d.ts'));
    expect(top).toEqual(['index.ts']);
  });
});

describe('sizes', () => {
  const all = sources('lib').concat(sources('lambda')).map(spans);

  test(`no function or method in lib/ or lambda/ is longer than ${MAX_FUNCTION_LINES} lines`, () => {
    const long = all.flatMap(s => s.functions)
      .filter(f => f.lines > MAX_FUNCTION_LINES)
      .map(f => `${f.file}:${f.name} (${f.lines} lines)`);
    expect(long).toEqual([]);
  });

  test(`no class in lib/ or lambda/ is longer than ${MAX_CLASS_LINES} lines`, () => {
    const long = all.flatMap(s => s.classes)
      .filter(c => c.lines > MAX_CLASS_LINES)
      .map(c => `${c.file}:${c.name} (${c.lines} lines)`);
    expect(long).toEqual([]);
  });
});
