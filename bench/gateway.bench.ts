/* eslint-disable no-console -- a benchmark prints its table */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { getFreePort } from '@taskhub/platform-testing';
import { parse, stringify } from 'yaml';
import { type BenchJwt, benchJwt } from './bench-jwt';

/**
 * Gateway overhead: a trivial upstream (node:http, small JSON) measured directly, through a plain Fastify proxy (the
 * baseline the gateway is held to) and through the local gateway running kong/kong.yml (all its plugins, rate limiting
 * against the real Redis with a limit too high to trip; then without rate limiting; then with only warnings logged),
 * in alternating rounds of one run, with autocannon. Run: `npm run bench:gateway`.
 */
export interface GatewayBenchResult {
  readonly date: string;
  readonly node: string;
  readonly cpus: number;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly rounds: number;
  readonly variants: Record<VariantName, VariantResult>;
}

export interface VariantResult {
  readonly label: string;
  readonly requestsPerSecond: readonly number[];
  readonly medianRequestsPerSecond: number;
  readonly medianLatencyP50Ms: number;
  readonly medianLatencyP99Ms: number;
  /** median req/s of this variant divided by that of the direct one */
  readonly ratioToDirect: number;
  /** median req/s of this variant divided by that of the plain Fastify proxy */
  readonly ratioToFastifyProxy: number;
  readonly non2xx: number;
  readonly errors: number;
}

type VariantName = 'direct' | 'fastifyProxy' | 'gateway' | 'gatewayNoRateLimiting' | 'gatewayQuietLogs';

const LABELS: Record<VariantName, string> = {
  direct: 'direct to upstream',
  fastifyProxy: 'plain Fastify proxy (@fastify/http-proxy)',
  gateway: 'gateway, kong.yml as is (access log)',
  gatewayNoRateLimiting: 'gateway, kong.yml without rate-limiting',
  gatewayQuietLogs: 'gateway, kong.yml, LOG_LEVEL=warn',
};

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (options: { url: string; connections: number; duration: number; pipelining: number; headers: Record<string, string> }) => Promise<AutocannonResult>;

const REDIS_URL = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const ROOT = __dirname.endsWith(join('dist', 'bench')) ? resolve(__dirname, '..', '..') : resolve(__dirname, '..');
const UPSTREAM_SCRIPT = `
const http = require('node:http');
const body = JSON.stringify({ id: '0190c8d2-7a1b-7c3d-9e4f-5a6b7c8d9e0f', title: 'benchmark task', done: false });
http.createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }); res.end(body); });
}).listen(0, '127.0.0.1', function () { process.stdout.write('PORT ' + this.address().port + '\\n'); });
`;

export async function runGatewayBench(options: { rounds?: number; durationSeconds?: number; connections?: number } = {}): Promise<GatewayBenchResult> {
  const rounds = options.rounds ?? 3;
  const duration = options.durationSeconds ?? 5;
  const connections = options.connections ?? 50;
  const autocannon = createRequire(__filename)('autocannon') as Autocannon;
  const children: ChildProcess[] = [];
  try {
    const upstream = spawn(process.execPath, ['-e', UPSTREAM_SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(upstream);
    const upstreamPort = Number((await waitForLine(upstream, /^PORT (\d+)/))[1]);
    const fastify = spawn(process.execPath, [join(ROOT, 'dist', 'bench', 'fastify-proxy.js'), String(upstreamPort)], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(fastify);
    const fastifyPort = Number((await waitForLine(fastify, /^PORT (\d+)/))[1]);
    const jwt = benchJwt();
    const headers = (): Record<string, string> => ({ authorization: jwt.authorization() });
    const gateways: Partial<Record<VariantName, number>> = {};
    const starts: [VariantName, string, string][] = [
      ['gateway', benchConfig(true), 'info'],
      ['gatewayNoRateLimiting', benchConfig(false), 'info'],
      ['gatewayQuietLogs', benchConfig(true), 'warn'],
    ];
    for (const [name, configPath, logLevel] of starts) {
      const gateway = await startGateway(configPath, upstreamPort, logLevel, jwt);
      children.push(gateway.child);
      gateways[name] = gateway.port;
    }

    const urls: Record<VariantName, string> = {
      direct: `http://127.0.0.1:${upstreamPort}/api/v1/tasks/1`,
      fastifyProxy: `http://127.0.0.1:${fastifyPort}/api/v1/tasks/1`,
      gateway: `http://127.0.0.1:${gateways.gateway}/api/v1/tasks/1`,
      gatewayNoRateLimiting: `http://127.0.0.1:${gateways.gatewayNoRateLimiting}/api/v1/tasks/1`,
      gatewayQuietLogs: `http://127.0.0.1:${gateways.gatewayQuietLogs}/api/v1/tasks/1`,
    };
    const names = Object.keys(urls) as VariantName[];
    const runs = Object.fromEntries(names.map((n) => [n, [] as AutocannonResult[]])) as Record<VariantName, AutocannonResult[]>;
    for (const name of names) await autocannon({ url: urls[name], connections, duration: 1, pipelining: 1, headers: headers() }); // warm-up
    for (let round = 1; round <= rounds; round++) {
      for (const name of names) {
        const result = await autocannon({ url: urls[name], connections, duration, pipelining: 1, headers: headers() });
        runs[name].push(result);
        console.log(`round ${round}/${rounds} ${name.padEnd(22)} ${Math.round(result.requests.average)} req/s`);
      }
    }
    const baselines = { direct: median(runs.direct.map((r) => r.requests.average)), fastifyProxy: median(runs.fastifyProxy.map((r) => r.requests.average)) };
    const variants = Object.fromEntries(names.map((n) => [n, summarize(LABELS[n], runs[n], baselines)])) as Record<VariantName, VariantResult>;
    const result: GatewayBenchResult = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: (await import('node:os')).cpus().length,
      connections,
      durationSeconds: duration,
      rounds,
      variants,
    };
    printTable(result);
    const outDir = join(ROOT, 'bench', 'results');
    mkdirSync(outDir, { recursive: true });
    const outFile = join(outDir, `gateway-${result.date.replace(/[:.]/g, '-')}.json`);
    writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`results: ${outFile}`);
    return result;
  } finally {
    for (const child of children) child.kill('SIGTERM');
  }
}

/**
 * kong/kong.yml with the rate limit raised out of reach, so every request still pays for the Redis round trip, or
 * with the rate-limiting plugin removed.
 */
function benchConfig(rateLimiting: boolean): string {
  const doc = parse(readFileSync(join(ROOT, 'kong', 'kong.yml'), 'utf8')) as { plugins: { name: string; config: Record<string, unknown> }[] };
  if (!rateLimiting) doc.plugins = doc.plugins.filter((p) => p.name !== 'rate-limiting');
  for (const plugin of doc.plugins) if (plugin.name === 'rate-limiting') plugin.config.minute = 1_000_000_000;
  const dir = mkdtempSync(join(tmpdir(), 'taskhub-gateway-bench-'));
  const path = join(dir, 'kong.yml');
  writeFileSync(path, stringify(doc));
  return path;
}

async function startGateway(configPath: string, upstreamPort: number, logLevel: string, jwt: BenchJwt): Promise<{ child: ChildProcess; port: number }> {
  const port = await getFreePort();
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'apps', 'gateway', 'src', 'main.js')], {
    env: {
      ...process.env,
      KONG_DECLARATIVE_CONFIG: configPath,
      KONG_PROXY_LISTEN: `127.0.0.1:${port}`,
      KONG_STATUS_LISTEN: 'off',
      LOG_LEVEL: logLevel,
      GATEWAY_CONNECT_TO: `task-service:3003=127.0.0.1:${upstreamPort},redis:6379=127.0.0.1:6379`,
      GATEWAY_REDIS_KEY_PREFIX: `taskhub_bench_${randomBytes(4).toString('hex')}:`,
      // kong.yml names the gateway's Redis user through the env vault: here REDIS_URL's user (this machine's: default)
      TASKHUB_GATEWAY_REDIS_USER: decodeURIComponent(REDIS_URL.username) || 'default',
      TASKHUB_GATEWAY_REDIS_PASSWORD: decodeURIComponent(REDIS_URL.password),
      JWT_PUBLIC_KEYS_DIR: jwt.keysDir,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout?.resume(); // keep draining the access log (it is part of the cost being measured)
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gateway exited with ${child.exitCode}`);
    const up = await fetch(`http://127.0.0.1:${port}/api/v1/tasks/1`, { headers: { authorization: jwt.authorization() } }).then((r) => r.ok, () => false);
    if (up) return { child, port };
    if (Date.now() > deadline) throw new Error('gateway did not come up within 10 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}


function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolvePromise, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8');
      const match = pattern.exec(buffered);
      if (match) {
        child.stdout?.off('data', onData);
        resolvePromise(match);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`process exited (${code}) before printing ${pattern}:\n${buffered}`)));
  });
}

function summarize(label: string, results: readonly AutocannonResult[], baselines: { direct: number; fastifyProxy: number }): VariantResult {
  const medianRps = median(results.map((r) => r.requests.average));
  return {
    label,
    requestsPerSecond: results.map((r) => Math.round(r.requests.average)),
    medianRequestsPerSecond: Math.round(medianRps),
    medianLatencyP50Ms: median(results.map((r) => r.latency.p50)),
    medianLatencyP99Ms: median(results.map((r) => r.latency.p99)),
    ratioToDirect: round2(medianRps / baselines.direct),
    ratioToFastifyProxy: round2(medianRps / baselines.fastifyProxy),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function printTable(r: GatewayBenchResult): void {
  console.log(`\ngateway bench: ${r.rounds} rounds x ${r.durationSeconds} s, ${r.connections} connections, node ${r.node}, ${r.cpus} CPUs`);
  console.log('| variant                                   | req/s med | p50 ms | p99 ms | vs direct | vs Fastify proxy | failed |');
  console.log('|-------------------------------------------|-----------|--------|--------|-----------|------------------|--------|');
  for (const v of Object.values(r.variants)) {
    console.log(
      `| ${v.label.padEnd(41)} | ${String(v.medianRequestsPerSecond).padStart(9)} | ${String(v.medianLatencyP50Ms).padStart(6)} | ${String(v.medianLatencyP99Ms).padStart(6)} | ${v.ratioToDirect.toFixed(2).padStart(9)} | ${v.ratioToFastifyProxy.toFixed(2).padStart(16)} | ${String(v.non2xx + v.errors).padStart(6)} |`,
    );
  }
}

if (require.main === module) {
  runGatewayBench({
    rounds: Number(process.env.BENCH_ROUNDS ?? 3),
    durationSeconds: Number(process.env.BENCH_DURATION_SECONDS ?? 5),
    connections: Number(process.env.BENCH_CONNECTIONS ?? 50),
  }).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
