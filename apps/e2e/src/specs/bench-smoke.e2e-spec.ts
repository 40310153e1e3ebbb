import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stackInfo } from '../support/stack-info';

// a whole stack of its own beside the e2e one: 54 s on the 2-core machine at a load average of 5, 2.5 minutes at 20
jest.setTimeout(300_000);

/** The rows of `npm run bench` (bench/run.ts), in order. */
const ROWS = [
  's1-node-http-ceiling',
  's2-task-list-direct',
  's2-uncached-task-list-direct',
  's3-task-list-gateway',
  's4-task-detail-gateway',
  's5-create-task-gateway',
  's6-event-latency',
  's7-backbone',
  's7-no-outbox',
  's7-bare-amqplib',
  's3x2-task-list-two-task-services',
];

/** Smoke size: a tiny seed, one round of 1 s per row, no warm-up, a low write rate (docs/performance.md). */
const SMOKE_ENV = {
  BENCH_TASKS: '1000',
  BENCH_PROJECTS: '5',
  BENCH_ROUNDS: '1',
  BENCH_DURATION_SECONDS: '1',
  BENCH_WARMUP_SECONDS: '0',
  BENCH_CONNECTIONS: '4',
  BENCH_WRITE_RATE: '20',
};

interface BenchJson {
  scenarios: { id: string; count: number; errors: number }[];
  ratios: { name: string; value?: number }[];
}

function runBench(outDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(stackInfo().root, 'dist', 'bench', 'run.js')], {
      env: { ...process.env, ...SMOKE_ENV, BENCH_OUT_DIR: outDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

/**
 * `npm run bench` keeps working: at smoke size it starts its own stack beside the e2e one, runs every row, and writes
 * its JSON, Markdown and SVG. Figures are never asserted (a shared CI machine makes them noise); that every row did
 * work without an error is.
 */
describe('npm run bench at smoke size', () => {
  let outDir: string;

  beforeAll(() => {
    outDir = mkdtempSync(path.join(tmpdir(), 'taskhub-bench-smoke-'));
  });

  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
  });

  it('should run every row without errors and write its JSON, Markdown and SVG', async () => {
    const { code, output } = await runBench(outDir);

    expect({ code, tail: code === 0 ? '' : output.slice(-3000) }).toEqual({ code: 0, tail: '' });
    const files = readdirSync(outDir).filter((f) => f.startsWith('bench-'));
    expect(files.map((f) => path.extname(f)).sort()).toEqual(['.json', '.md', '.svg']);
    const json = JSON.parse(readFileSync(path.join(outDir, files.find((f) => f.endsWith('.json'))!), 'utf8')) as BenchJson;
    expect(json.scenarios.map((s) => s.id)).toEqual(ROWS);
    expect(json.scenarios.filter((s) => s.count === 0 || s.errors > 0)).toEqual([]);
    expect(json.ratios.every((r) => typeof r.value === 'number')).toBe(true);
    const markdown = readFileSync(path.join(outDir, files.find((f) => f.endsWith('.md'))!), 'utf8');
    expect(ROWS.every((id) => markdown.includes(`| ${id} |`))).toBe(true);
    expect(readFileSync(path.join(outDir, files.find((f) => f.endsWith('.svg'))!), 'utf8')).toMatch(/^<svg [^>]*>[\s\S]*<\/svg>\n$/);
  });
});
