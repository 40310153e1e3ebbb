import { join, resolve } from 'node:path';

export interface SuiteConfig {
  readonly root: string;
  readonly tasks: number;
  readonly seed: number;
  readonly projects: number;
  readonly rounds: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
  readonly writeRate: number;
  /** id prefixes of the scenarios to run (empty: all) */
  readonly scenarios: readonly string[];
  readonly outDir: string;
  readonly logDir: string;
  /** BENCH_CPU_PROF_DIR: profile the stack's services and gateways (node --cpu-prof) into this folder */
  readonly cpuProfileDir: string | undefined;
}

/** The workspace root, from bench/suite or dist/bench/suite. */
export const WORKSPACE_ROOT = __dirname.includes(join('dist', 'bench')) ? resolve(__dirname, '..', '..', '..') : resolve(__dirname, '..', '..');

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name}=${raw} must be a number of at least ${min}`);
  return value;
}

/** `npm run bench`'s settings, from the environment (docs/performance.md, "Running it"). */
export function suiteConfig(env: NodeJS.ProcessEnv = process.env): SuiteConfig {
  const outDir = resolve(env.BENCH_OUT_DIR ?? join(WORKSPACE_ROOT, 'bench', 'results'));
  return {
    root: WORKSPACE_ROOT,
    tasks: positive(env, 'BENCH_TASKS', 100_000),
    seed: positive(env, 'BENCH_SEED', 1, 0),
    projects: positive(env, 'BENCH_PROJECTS', 20),
    rounds: positive(env, 'BENCH_ROUNDS', 3),
    durationSeconds: positive(env, 'BENCH_DURATION_SECONDS', 10),
    warmupSeconds: positive(env, 'BENCH_WARMUP_SECONDS', 3, 0),
    connections: positive(env, 'BENCH_CONNECTIONS', 50),
    writeRate: positive(env, 'BENCH_WRITE_RATE', 500),
    scenarios: (env.BENCH_SCENARIOS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    outDir,
    logDir: join(outDir, 'logs'),
    cpuProfileDir: env.BENCH_CPU_PROF_DIR ? resolve(env.BENCH_CPU_PROF_DIR) : undefined,
  };
}
