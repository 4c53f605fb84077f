import * as fs from 'fs';
import * as path from 'path';
import { relabelManifests } from './integ-runner-schema-compat';
import { useProjectTempDir } from './project-temp-dir';

const outdirOf = useProjectTempDir('integ-compat');

function write(relative: string, content: unknown): string {
  const file = path.join(outdirOf(), relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(content));
  return file;
}
const versionOf = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')).version;

describe('relabelManifests', () => {
  test('relabels schema 54 and 55 manifests, integ and asset manifests, in nested assemblies too', () => {
    const manifest = write('manifest.json', { version: '55.0.0', artifacts: {} });
    const integ = write('integ.json', { version: '54.3.0', testCases: { Default: { stacks: ['S'] } } });
    const assets = write('S.assets.json', { version: '55.0.0', files: {} });
    const nested = write('assembly-Stage/manifest.json', { version: '55.0.0' });

    expect(relabelManifests(outdirOf()).sort()).toEqual([assets, integ, manifest, nested].sort());
    for (const file of [manifest, integ, assets, nested]) {
      expect(versionOf(file)).toBe('53.0.0');
    }
    expect(JSON.parse(fs.readFileSync(manifest, 'utf8')).artifacts).toEqual({});
  });

  test('leaves templates, the tree, and manifests integ-runner already reads alone', () => {
    const old = write('manifest.json', { version: '53.28.0' });
    const tree = write('tree.json', { version: 'tree-0.1' });
    const template = write('S.template.json', { version: '55.0.0', Resources: {} });

    expect(relabelManifests(outdirOf())).toEqual([]);
    expect(versionOf(old)).toBe('53.28.0');
    expect(versionOf(tree)).toBe('tree-0.1');
    expect(versionOf(template)).toBe('55.0.0');
  });

  test('fails on a schema nobody has compared with 53', () => {
    write('manifest.json', { version: '56.0.0' });
    expect(() => relabelManifests(outdirOf())).toThrow(/cloud assembly schema 56\.0\.0 has not been compared with 53/);
  });

  test.each([
    [{ Default: { allowDeleteFailures: true } }, /test case Default sets allowDeleteFailures/],
    [{ Default: { cdkCommandOptions: { deploy: { args: { requireApproval: 'destructive' } } } } }, /test case Default sets requireApproval: destructive/],
  ])('fails on an integ manifest that uses what schema 53 cannot express', (testCases, message) => {
    write('integ.json', { version: '55.0.0', testCases });
    expect(() => relabelManifests(outdirOf())).toThrow(message);
  });
});
