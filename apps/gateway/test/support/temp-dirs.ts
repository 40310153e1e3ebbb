import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const created: string[] = [];

/**
 * A new folder under the system's temporary directory (`<prefix>XXXXXX`) for a spec's files (declarative configs,
 * key directories), removed with everything in it once the spec file has run: the gateway's specs make dozens a run.
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

// a support module runs once per spec file (Jest's module registry is per file): the hook is that file's
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});
