import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from './compose-file';

/** `node tools/build.mjs <projectRoot>...` into `outDir` (TASKHUB_BUILD_OUT_DIR); resolves with its output, rejects on failure. */
function build(outDir: string, ...projectRoots: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'tools/build.mjs'), ...projectRoots], {
      cwd: root,
      env: { ...process.env, TASKHUB_BUILD_OUT_DIR: outDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`build ${projectRoots.join(' ')} exited ${code}:\n${output}`))));
  });
}

/** Every file under `dir`, relative to it, sorted. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** The file's content, or undefined when it does not exist. */
function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A compiled file is complete when it ends with the source map comment the build appends last. */
const isComplete = (file: string, content: string): boolean => content.endsWith(`//# sourceMappingURL=${path.basename(file)}.map\n`);

/** per test: each spawns builds (about a second each here, several on a loaded machine) */
const BUILD_TIMEOUT_MS = 120_000;
const CONTRACTS = 'libs/contracts';
const CONFIG = 'libs/platform/config';

describe('tools/build.mjs (each project\'s build target)', () => {
  let outDir: string;

  beforeEach(() => {
    outDir = mkdtempSync(path.join(tmpdir(), 'taskhub-build-'));
  });

  afterEach(() => {
    rmSync(outDir, { recursive: true, force: true });
  });

  it("should write only the named project's folder, leaving another project's output untouched", async () => {
    await build(outDir, CONFIG);
    const config = path.join(outDir, CONFIG);
    const before = filesUnder(config).map((file) => [file, statSync(path.join(config, file)).mtimeMs]);
    expect(before.length).toBeGreaterThan(0);

    await build(outDir, CONTRACTS);

    expect(filesUnder(config).map((file) => [file, statSync(path.join(config, file)).mtimeMs])).toEqual(before);
    expect(readdirSync(outDir).sort()).toEqual(['libs']);
    expect(readdirSync(path.join(outDir, 'libs')).sort()).toEqual(['contracts', 'platform']);
    expect(filesUnder(path.join(outDir, CONTRACTS)).filter((file) => file.endsWith('.js'))).toContain('src/index.js');
  }, BUILD_TIMEOUT_MS);

  it('should never show a reader a missing or half-written file while builds of the same project run in parallel', async () => {
    await build(outDir, CONTRACTS);
    const dir = path.join(outDir, CONTRACTS);
    const expected = filesUnder(dir);
    const compiled = expected.filter((file) => file.endsWith('.js'));
    const problems = new Set<string>();
    let reads = 0;
    let building = true;
    const reader = (async () => {
      while (building) {
        for (const file of compiled) {
          const content = readIfPresent(path.join(dir, file));
          if (content === undefined) problems.add(`${file} missing`);
          else if (!isComplete(file, content)) problems.add(`${file} half-written`);
          reads += 1;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();

    for (let round = 0; round < 3; round += 1) await Promise.all([build(outDir, CONTRACTS), build(outDir, CONTRACTS), build(outDir, CONFIG)]);
    building = false;
    await reader;

    expect([...problems]).toEqual([]);
    expect(reads).toBeGreaterThan(compiled.length);
    expect(filesUnder(dir)).toEqual(expected);
  }, BUILD_TIMEOUT_MS);

  it('should remove the output of a source that is gone, and no temporary file stays behind', async () => {
    const stale = path.join(outDir, CONTRACTS, 'src/removed-event.js');
    mkdirSync(path.dirname(stale), { recursive: true });
    writeFileSync(stale, 'module.exports = {};\n');

    await build(outDir, CONTRACTS);

    expect(existsSync(stale)).toBe(false);
    expect(filesUnder(outDir).filter((file) => file.endsWith('.tmp'))).toEqual([]);
  }, BUILD_TIMEOUT_MS);

  it('should refuse a folder that is not a project', async () => {
    await expect(build(outDir, 'libs/platform')).rejects.toThrow('libs/platform is not a project (no project.json)');
  }, BUILD_TIMEOUT_MS);
});
