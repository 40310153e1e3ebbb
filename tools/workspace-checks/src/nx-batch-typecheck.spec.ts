import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from './compose-file';

interface TaskResult {
  success: boolean;
  terminalOutput: string;
}
type BatchTypecheck = (
  taskGraph: { tasks: Record<string, { target: { project: string } }> },
  inputs: Record<string, object>,
  overrides: object,
  context: { root: string; projectsConfigurations: { projects: Record<string, { root: string }> } },
) => Promise<Record<string, TaskResult>>;

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the executor is CommonJS loaded by Nx at run time
const { batch } = require(path.join(root, 'tools/nx-batch/typecheck.js')) as { batch: BatchTypecheck };

/** A workspace of two projects: `lib` (exports `answer`) and `app` (imports it through a path alias). */
function writeWorkspace(dir: string, files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
}

/** per test: TypeScript builds a program (a few seconds on a loaded machine) */
const TYPECHECK_TIMEOUT_MS = 60_000;

const tsconfig = (base: string): string =>
  JSON.stringify({ extends: base, compilerOptions: { noEmit: true, types: [] }, include: ['**/*.ts'] });

/** The typecheck executor's batch mode (tools/nx-batch), as `npm test` runs it: one program, one result per project. */
describe('typecheck executor, batch mode', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'taskhub-typecheck-'));
    writeWorkspace(dir, {
      'tsconfig.base.json': JSON.stringify({
        compilerOptions: { strict: true, module: 'commonjs', moduleResolution: 'node', baseUrl: '.', paths: { '@x/lib': ['lib/src/index.ts'] } },
      }),
      'lib/tsconfig.json': tsconfig('../tsconfig.base.json'),
      'app/tsconfig.json': tsconfig('../tsconfig.base.json'),
      'app/src/main.ts': "import { answer } from '@x/lib';\nexport const doubled: number = answer * 2;\n",
    });
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function run(): Promise<Record<string, TaskResult>> {
    const projects = { lib: { root: 'lib' }, app: { root: 'app' } };
    const tasks = { 'lib:typecheck': { target: { project: 'lib' } }, 'app:typecheck': { target: { project: 'app' } } };
    return batch({ tasks }, { 'lib:typecheck': {}, 'app:typecheck': {} }, {}, { root: dir, projectsConfigurations: { projects } });
  }

  it('should pass both projects when both are sound', async () => {
    writeWorkspace(dir, { 'lib/src/index.ts': 'export const answer: number = 21;\n' });

    const results = await run();

    expect(Object.fromEntries(Object.entries(results).map(([task, r]) => [task, r.success]))).toEqual({ 'lib:typecheck': true, 'app:typecheck': true });
  }, TYPECHECK_TIMEOUT_MS);

  it('should fail only the project whose own file has the error, not the project importing it', async () => {
    writeWorkspace(dir, { 'lib/src/index.ts': "export const answer: number = 21;\nexport const wrong: number = 'x';\n" });

    const results = await run();

    expect(results['lib:typecheck'].success).toBe(false);
    expect(results['lib:typecheck'].terminalOutput).toContain('lib/src/index.ts');
    expect(results['lib:typecheck'].terminalOutput).toContain('TS2322');
    expect(results['app:typecheck']).toEqual({ success: true, terminalOutput: expect.not.stringContaining('TS2322') as unknown });
  }, TYPECHECK_TIMEOUT_MS);

  it("should fail the importing project when it misuses the library's types", async () => {
    writeWorkspace(dir, {
      'lib/src/index.ts': "export const answer: string = '21';\n",
    });

    const results = await run();

    expect(results['lib:typecheck'].success).toBe(true);
    expect(results['app:typecheck'].success).toBe(false);
    expect(results['app:typecheck'].terminalOutput).toContain('app/src/main.ts');
  }, TYPECHECK_TIMEOUT_MS);
});
