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
  /** BENCH_STACK: `scratch` (start and drop a stack of the run's own) or `running` (attach to one: `running` below) */
  readonly stack: 'scratch' | 'running';
  readonly running?: RunningStackConfig;
}

/** Where the running stack is and the bench's own rows on it (docs/performance.md, "Against a running stack"). */
export interface RunningStackConfig {
  readonly gatewayUrl: string;
  readonly taskServiceUrl: string;
  /** no URL given: `npm start`'s ports, where the other services' pids are looked for too */
  readonly devStackPorts: boolean;
  readonly users: number;
  readonly tasksPerProject: number;
  /** the bench accounts' password (BENCH_USER_PASSWORD) */
  readonly password: string;
}

/** `npm start`'s gateway and task service (tools/dev-stack) */
const DEV_STACK_GATEWAY_URL = 'http://127.0.0.1:8000';
const DEV_STACK_TASK_SERVICE_URL = 'http://127.0.0.1:3003';
/** The bench accounts' password unless BENCH_USER_PASSWORD says otherwise: they exist only for benchmarking. */
const DEFAULT_BENCH_USER_PASSWORD = 'violet orchard harbour lamp 7391';

function runningStackConfig(env: NodeJS.ProcessEnv): RunningStackConfig | undefined {
  const gatewayUrl = env.BENCH_GATEWAY_URL || undefined;
  if (env.BENCH_STACK !== 'running' && gatewayUrl === undefined) return undefined;
  const url = (name: string, value: string): string => {
    if (!URL.canParse(value)) throw new Error(`${name}=${value} must be a URL (http://host:port)`);
    return value.replace(/\/+$/, '');
  };
  return {
    gatewayUrl: url('BENCH_GATEWAY_URL', gatewayUrl ?? DEV_STACK_GATEWAY_URL),
    taskServiceUrl: url('BENCH_TASK_SERVICE_URL', env.BENCH_TASK_SERVICE_URL || DEV_STACK_TASK_SERVICE_URL),
    devStackPorts: gatewayUrl === undefined && !env.BENCH_TASK_SERVICE_URL,
    users: positive(env, 'BENCH_USERS', 16, 2),
    tasksPerProject: positive(env, 'BENCH_TASKS_PER_PROJECT', 25, 0),
    password: env.BENCH_USER_PASSWORD || DEFAULT_BENCH_USER_PASSWORD,
  };
}

/** The workspace root, from bench/suite or dist/bench/suite. */
export const WORKSPACE_ROOT = __dirname.includes(join('dist', 'bench')) ? resolve(__dirname, '..', '..', '..') : resolve(__dirname, '..', '..');

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name}=${raw} must be a number of at least ${min}`);
  return value;
}

function stackMode(env: NodeJS.ProcessEnv): Pick<SuiteConfig, 'stack' | 'running'> {
  if (env.BENCH_STACK !== undefined && env.BENCH_STACK !== '' && !['scratch', 'running'].includes(env.BENCH_STACK)) {
    throw new Error(`BENCH_STACK=${env.BENCH_STACK} must be scratch or running`);
  }
  const running = runningStackConfig(env);
  if (env.BENCH_STACK === 'scratch' && running) throw new Error('BENCH_STACK=scratch and BENCH_GATEWAY_URL contradict each other: unset one');
  return running ? { stack: 'running', running } : { stack: 'scratch' };
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
    ...stackMode(env),
  };
}
