import * as fs from 'fs';
import * as path from 'path';

/**
 * Node.js 22 is the floor: Node.js 20 reached end of life on 2026-04-30
 * (https://nodejs.org/en/about/previous-releases), and the AWS SDK for
 * JavaScript's releases after the first week of January 2027 need 22. The
 * package says so, and the npm scripts run on it whatever the machine's own
 * Node.js (the `node` devDependency, whose install script npm 11 runs only
 * when allowScripts names it).
 */
const ROOT = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const FLOOR = 22;

describe('Node.js floor', () => {
  test('the package asks for Node.js 22 or later', () => {
    expect(pkg.engines.node).toBe(`>= ${FLOOR}.0.0`);
    expect(pkg.devDependencies['@types/node']).toBe(`^${FLOOR}`);
  });

  test('the npm scripts bring their own Node.js 22, and npm 11 is allowed to install it', () => {
    expect(pkg.devDependencies.node).toBe(`^${FLOOR}`);
    expect(pkg.allowScripts).toEqual(expect.objectContaining({ node: true }));
  });

  test('these tests run on the floor, as npm test and npx run them', () => {
    expect(Number(process.versions.node.split('.')[0])).toBe(FLOOR);
  });

  test('the README states the floor in its requirements and its set-up', () => {
    const requirements = README.slice(README.indexOf('\n## Requirements\n'), README.indexOf('\n## ', README.indexOf('\n## Requirements\n') + 1));
    expect(requirements).toContain(`- Node.js **${FLOOR}** or later to synthesize (the package's \`engines\`)`);
    expect(README).toContain(`Synthesizing needs Node.js ${FLOOR} or`);
    expect(README).toContain(`Both run on Node.js ${FLOOR}, the library's floor, whatever the machine's own Node.js`);
  });
});
