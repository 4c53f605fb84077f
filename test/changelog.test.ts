import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * CHANGELOG.md's migration table holds: every name it gives for 1.0 is
 * exported by lib/index.ts (a class, interface, enum or function, or a member
 * of one), and every 0.x name it says is gone is not.
 */
const CHANGELOG = fs.readFileSync(path.join(__dirname, '..', 'CHANGELOG.md'), 'utf8');

/** `Name`, `Name.member`, `Name.member()` or `Name.member(args)`: the name path and whether it carries arguments. */
const API_NAME = /^([A-Za-z_$][\w$]*)(?:\.([A-Za-z_$][\w$]*))?(\(([^)]*)\))?$/;

interface Row { readonly before: string[]; readonly after: string[] }

function migrationSection(): string {
  const start = CHANGELOG.indexOf('### Migrating from 0.x');
  expect(start).toBeGreaterThan(0);
  const end = CHANGELOG.indexOf('\n## ', start);
  return CHANGELOG.slice(start, end < 0 ? undefined : end);
}

const backticked = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map(m => m[1]);

function rows(): Row[] {
  return migrationSection().split('\n')
    .filter(line => line.startsWith('| ') && !line.startsWith('| 0.x'))
    .map(line => line.split('|').map(cell => cell.trim()))
    .map(cells => ({ before: backticked(cells[1]), after: backticked(cells[2]) }));
}

/** The names listed as no longer public. */
function removed(): string[] {
  const section = migrationSection();
  const list = section.slice(section.indexOf('No longer public'));
  return list.split('\n').filter(line => line.startsWith('- ')).flatMap(backticked);
}

/** What lib/index.ts exports: each name, with its members (instance and static, inherited ones included). */
function exportsOfIndex(): Map<string, Set<string>> {
  const index = path.join(__dirname, '..', 'lib', 'index.ts');
  const program = ts.createProgram([index], { noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(index)!)!;
  const result = new Map<string, Set<string>>();
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = hasFlag(exported.flags, ts.SymbolFlags.Alias) ? checker.getAliasedSymbol(exported) : exported;
    const members = new Set<string>();
    const add = (type: ts.Type) => checker.getPropertiesOfType(type).filter(isPublic).forEach(p => members.add(p.name));
    if (hasFlag(symbol.flags, ts.SymbolFlags.Class, ts.SymbolFlags.Interface)) add(checker.getDeclaredTypeOfSymbol(symbol));
    if (hasFlag(symbol.flags, ts.SymbolFlags.Class, ts.SymbolFlags.Enum)) add(checker.getTypeOfSymbol(symbol));
    result.set(exported.name, members);
  }
  return result;
}

/** Whether `flags` has any of `masks` (the compiler's symbol and modifier flags are bit sets). */
function hasFlag(flags: number, ...masks: number[]): boolean {
  // eslint-disable-next-line no-bitwise
  return masks.some(mask => (flags & mask) !== 0);
}

/** Not private or protected (a constructor parameter property counts as declared where it is). */
function isPublic(member: ts.Symbol): boolean {
  const hidden = (d: ts.Declaration) => hasFlag(ts.getCombinedModifierFlags(d), ts.ModifierFlags.Private, ts.ModifierFlags.Protected);
  return !(member.declarations ?? []).some(hidden) && !member.name.startsWith('#');
}

function parse(name: string): { owner: string; member?: string; withArguments: boolean } {
  const match = API_NAME.exec(name);
  if (match === null) throw new Error(`CHANGELOG.md names '${name}', which is not an API name (Name, Name.member or Name.member(...))`);
  return { owner: match[1], member: match[2], withArguments: (match[4] ?? '') !== '' };
}

function isExported(exported: Map<string, Set<string>>, name: string): boolean {
  const { owner, member } = parse(name);
  return exported.has(owner) && (member === undefined || exported.get(owner)!.has(member));
}

describe('CHANGELOG.md', () => {
  const exported = exportsOfIndex();

  test('has an [Unreleased] section and a migration table', () => {
    expect(CHANGELOG).toMatch(/^## \[Unreleased\]$/m);
    expect(rows().length).toBeGreaterThanOrEqual(10);
    expect(removed().length).toBeGreaterThanOrEqual(10);
  });

  test('every name it gives for 1.0 is exported by lib/index.ts', () => {
    const names = rows().flatMap(r => r.after);
    expect(names.filter(name => !isExported(exported, name))).toEqual([]);
  });

  test('every 0.x name it says is gone is not exported any more', () => {
    const gone = rows().flatMap(({ before, after }) => {
      // A 0.x name the same row still uses for 1.0 (itself or a member of it) changed, it did not go.
      const kept = after.map(name => parse(name)).flatMap(n => [n.owner, `${n.owner}.${n.member}`]);
      return before.filter(name => {
        const { owner, member, withArguments } = parse(name);
        return !withArguments && !kept.includes(member === undefined ? owner : `${owner}.${member}`);
      });
    });
    expect(gone.length).toBeGreaterThanOrEqual(10);
    expect([...gone, ...removed()].filter(name => isExported(exported, name))).toEqual([]);
  });

  test('the README links it', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    expect(readme).toContain('(CHANGELOG.md)');
  });
});
