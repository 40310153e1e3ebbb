import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from './compose-file';

type Reporter = { onRunComplete(contexts: unknown, results: unknown): void };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Reporter = require(path.join(root, 'tools/jest/failure-summary.reporter.cjs')) as new (config: {
  rootDir: string;
}) => Reporter;

/** what Jest hands a reporter at the end of a run, reduced to the fields the reporter reads */
function results(files: { file: string; execError?: string; tests: { name: string; status: string; messages?: string[] }[] }[]) {
  return {
    testResults: files.map(({ file, execError, tests }) => ({
      testFilePath: path.join(root, file),
      testExecError: execError ? { message: execError } : undefined,
      testResults: tests.map((t) => ({ fullName: t.name, status: t.status, failureMessages: t.messages ?? [] })),
    })),
  };
}

describe('the failure summary reporter (npm test prints its list again at the end)', () => {
  let dir: string;
  const saved = process.env['TASKHUB_TEST_FAILURES_DIR'];
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'taskhub-failures-'));
    process.env['TASKHUB_TEST_FAILURES_DIR'] = dir;
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    if (saved === undefined) delete process.env['TASKHUB_TEST_FAILURES_DIR'];
    else process.env['TASKHUB_TEST_FAILURES_DIR'] = saved;
  });
  const written = () => readdirSync(dir).map((name) => readFileSync(path.join(dir, name), 'utf8'));

  it('should write each failed test with its file and its error without colours or foreign stack frames', () => {
    const message = [
      '\u001b[31mError: expect(received).toBe(expected)\u001b[39m',
      'Expected: 2',
      'Received: 1',
      '    at Object.<anonymous> (/repo/apps/task-service/src/a.int-spec.ts:10:5)',
      '    at callAsyncCircusFn (/repo/node_modules/jest-circus/build/jestAdapterInit.js:1774:10)',
      '    at new Promise (<anonymous>)',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
    ].join('\n');
    new Reporter({ rootDir: root }).onRunComplete(
      undefined,
      results([
        {
          file: 'apps/task-service/src/a.int-spec.ts',
          tests: [
            { name: 'tasks should pass', status: 'passed' },
            { name: 'tasks should fail', status: 'failed', messages: [message] },
          ],
        },
        { file: 'apps/task-service/src/b.int-spec.ts', execError: 'Cannot find module x', tests: [] },
      ]),
    );

    expect(written()).toEqual([
      [
        'apps/task-service/src/a.int-spec.ts › tasks should fail',
        '    Error: expect(received).toBe(expected)',
        '    Expected: 2',
        '    Received: 1',
        '        at Object.<anonymous> (/repo/apps/task-service/src/a.int-spec.ts:10:5)',
        'apps/task-service/src/b.int-spec.ts: the file failed to run',
        '    Cannot find module x',
        '',
      ].join('\n'),
    ]);
  });

  it('should keep the first twelve lines of a long error and say how many it left out', () => {
    const message = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n');
    new Reporter({ rootDir: root }).onRunComplete(
      undefined,
      results([{ file: 'x.int-spec.ts', tests: [{ name: 'x', status: 'failed', messages: [message] }] }]),
    );

    const lines = written()[0]?.trimEnd().split('\n');
    expect(lines).toEqual([
      'x.int-spec.ts › x',
      ...Array.from({ length: 12 }, (_, i) => `    line ${i + 1}`),
      "    ... (8 more lines in Jest's report above)",
    ]);
  });

  it('should write nothing when every test passed', () => {
    new Reporter({ rootDir: root }).onRunComplete(
      undefined,
      results([{ file: 'x.int-spec.ts', tests: [{ name: 'x', status: 'passed' }] }]),
    );

    expect(written()).toEqual([]);
  });
});
