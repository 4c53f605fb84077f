import * as fs from 'fs';
import * as path from 'path';

/**
 * A fresh folder for each test, removed after it, under the project's
 * gitignored .tmp/: inside the project, so that esbuild and Node.js resolve
 * packages from its node_modules. Returns a getter for the current folder.
 */
export function useProjectTempDir(prefix: string): () => string {
  let dir: string | undefined;
  beforeEach(() => {
    const root = path.join(__dirname, '..', '..', '.tmp');
    fs.mkdirSync(root, { recursive: true });
    dir = fs.mkdtempSync(path.join(root, `${prefix}-`));
  });
  afterEach(() => {
    if (dir) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  return () => {
    if (!dir) {
      throw new Error('useProjectTempDir: the folder exists only inside a test');
    }
    return dir;
  };
}
