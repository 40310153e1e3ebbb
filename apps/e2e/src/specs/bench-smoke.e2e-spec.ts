import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SERVICE_CATALOG } from '@taskhub/platform-config';
import { getFreePort, stopProcess, waitForHttp, type ManagedProcess } from '@taskhub/tooling-stack';
import { parse, stringify } from 'yaml';
import { startExtraGateway } from '../support/extra-gateway';
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

/** Against a running stack (the e2e one): the rows that use it, and the one that needs a stack of the bench's own. */
const RUNNING_ROWS = ['s2-task-list-direct', 's3-task-list-gateway', 's4-task-detail-gateway', 's5-create-task-gateway', 's6-event-latency'];
const RUNNING_ENV = {
  ...SMOKE_ENV,
  BENCH_PROJECTS: '2',
  BENCH_USERS: '6',
  BENCH_TASKS_PER_PROJECT: '5',
  BENCH_CONNECTIONS: '2',
  BENCH_USER_PASSWORD: 'smoke orchard lantern 5120',
  BENCH_SCENARIOS: [...RUNNING_ROWS, 's3x2'].join(','),
};

interface BenchJson {
  stack: string;
  scenarios: { id: string; count: number; errors: number; cpuPercent: Record<string, number> }[];
  skipped: { id: string; reason: string }[];
  rateLimited: number;
  ratios: { name: string; value?: number }[];
}

function runBench(outDir: string, env: Record<string, string> = SMOKE_ENV): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(stackInfo().root, 'dist', 'bench', 'run.js')], {
      env: { ...process.env, ...env, BENCH_OUT_DIR: outDir },
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
    expect(json.ratios.filter((r) => typeof r.value !== 'number')).toEqual([]);
    const markdown = readFileSync(path.join(outDir, files.find((f) => f.endsWith('.md'))!), 'utf8');
    expect(ROWS.every((id) => markdown.includes(`| ${id} |`))).toBe(true);
    expect(readFileSync(path.join(outDir, files.find((f) => f.endsWith('.svg'))!), 'utf8')).toMatch(/^<svg [^>]*>[\s\S]*<\/svg>\n$/);
  });

  /**
   * BENCH_GATEWAY_URL: the bench attaches to a running stack (the e2e one's services, through a gateway of this
   * spec's own with the rate limit raised as docs/performance.md says, so the e2e gateway's per-address budget stays
   * the other specs'), makes its users and data through the API and logs them in, skips the row that needs instances
   * of its own, and reads the CPU of the running processes by the pids on their ports.
   */
  describe('against a running stack (BENCH_GATEWAY_URL)', () => {
    let gateway: ManagedProcess | undefined;
    let gatewayUrl = '';
    let runningOut: string;

    beforeAll(async () => {
      const info = stackInfo();
      runningOut = mkdtempSync(path.join(tmpdir(), 'taskhub-bench-running-'));
      const kong = parse(readFileSync(info.kongConfigPath, 'utf8')) as { plugins: { name: string; config: Record<string, unknown> }[] };
      kong.plugins.find((p) => p.name === 'rate-limiting')!.config.minute = 1_000_000_000;
      const kongConfigPath = path.join(runningOut, 'kong.yml');
      writeFileSync(kongConfigPath, stringify(kong, { aliasDuplicateObjects: false }));
      const connectTo = SERVICE_CATALOG.map((s) => `${s.app}:${s.port}=${new URL(info.services[s.name].baseUrl).host}`);
      const proxyPort = await getFreePort();
      gateway = startExtraGateway({ name: 'gateway-bench-running', connectTo, proxyPort, statusListen: 'off', kongConfigPath });
      gatewayUrl = `http://127.0.0.1:${proxyPort}`;
      await waitForHttp(`${gatewayUrl}/api/v1/auth/.well-known/jwks.json`, { process: gateway, timeoutMs: 60_000 });
    });

    afterAll(async () => {
      if (gateway) await stopProcess(gateway, { timeoutMs: 10_000 });
      rmSync(runningOut, { recursive: true, force: true });
    });

    it('should run the rows that use the stack without errors, skip the scale-out row, and read the running pids', async () => {
      const env = { ...RUNNING_ENV, BENCH_GATEWAY_URL: gatewayUrl, BENCH_TASK_SERVICE_URL: stackInfo().services.task.baseUrl };
      const { code, output } = await runBench(runningOut, env);

      expect({ code, tail: code === 0 ? '' : output.slice(-3000) }).toEqual({ code: 0, tail: '' });
      const file = readdirSync(runningOut).find((f) => f.startsWith('bench-') && f.endsWith('.json'))!;
      const text = readFileSync(path.join(runningOut, file), 'utf8');
      const json = JSON.parse(text) as BenchJson;
      expect(json.stack).toBe('running');
      expect(text).not.toContain(RUNNING_ENV.BENCH_USER_PASSWORD);
      expect(json.scenarios.map((s) => s.id)).toEqual(RUNNING_ROWS);
      expect(json.scenarios.filter((s) => s.count === 0 || s.errors > 0)).toEqual([]);
      expect(json.rateLimited).toBe(0);
      expect(json.skipped.map((s) => s.id)).toEqual(['s3x2-task-list-two-task-services']);
      const s3 = json.scenarios.find((s) => s.id === 's3-task-list-gateway')!;
      expect(Object.keys(s3.cpuPercent)).toEqual(expect.arrayContaining(['gateway', 'task-service']));
    });
  });
});
