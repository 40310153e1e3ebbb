import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CreateInbox1795500000001, CreateOutbox1795500000000, DropOutboxNotifyTrigger1796151356792 } from '@taskhub/platform-messaging';
import { createRunId, waitFor } from '@taskhub/platform-testing';
import { destroyTestRun, provisionTestRun, testInfrastructureFromEnv, type TestRunResources } from '@taskhub/tooling-stack';
import { DataSource } from 'typeorm';
import { bareCapacity } from '../../events/bare-amqplib';
import { benchQueue, deleteBenchQueue } from '../../events/bench-support';
import { processCpuSeconds } from '../cpu';
import { type BenchContext, type BenchScenario, type Measurement } from '../scenario';

const DIST_BENCH = join(__dirname, '..', '..');
const CONSUMER_SCRIPT = join(DIST_BENCH, 'events-worker.js');
const WRITER_SCRIPT = join(DIST_BENCH, 'events', 'write-through-worker.js');
const WRITERS = 20;
const PREFETCH = 100;

/** A throw-away database (outbox, inbox, source_row, profile) and vhost shared by the three rows. */
class BackboneLab {
  private run?: TestRunResources;
  private dataSource?: DataSource;
  private users = 0;
  private readonly runId = createRunId();

  async open(): Promise<void> {
    this.users += 1;
    if (this.run) return;
    this.run = await provisionTestRun(this.runId, testInfrastructureFromEnv());
    const dataSource = new DataSource({ type: 'postgres', url: this.run.databaseUrls.task, migrations: [CreateOutbox1795500000000, CreateInbox1795500000001, DropOutboxNotifyTrigger1796151356792] });
    await dataSource.initialize();
    this.dataSource = dataSource;
    await dataSource.runMigrations();
    await dataSource.query('CREATE TABLE source_row (id uuid PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT clock_timestamp())');
    await dataSource.query('CREATE TABLE profile (user_id uuid PRIMARY KEY, event_id uuid, email text, applied_at timestamptz NOT NULL DEFAULT clock_timestamp())');
  }

  get db(): { dataSource: DataSource; url: string; amqpUrl: string } {
    if (!this.run || !this.dataSource) throw new Error('the event backbone lab is not open');
    return { dataSource: this.dataSource, url: this.run.databaseUrls.task, amqpUrl: this.run.rabbitmqUrl };
  }

  async close(): Promise<void> {
    this.users -= 1;
    if (this.users > 0 || !this.run) return;
    await this.dataSource?.destroy().catch(() => undefined);
    await destroyTestRun(this.runId, this.run.infrastructure);
    this.run = undefined;
  }

  /**
   * A writer process and a consumer process for `seconds` of writes; events/s by the database's clock, from the
   * first source row's insert to the last profile row's (so both the writes and the delivery are in it).
   */
  async writeThrough(writerRole: 'outbox' | 'no-outbox', seconds: number): Promise<Measurement> {
    const { dataSource, url, amqpUrl } = this.db;
    await dataSource.query('TRUNCATE outbox_event, inbox_event, source_row, profile');
    const queue = benchQueue(writerRole === 'outbox' ? 'outbox' : 'nooutbox', 'quorum');
    const env = { DATABASE_URL: url, RABBITMQ_URL: amqpUrl, BENCH_QUEUE: queue, BENCH_QUEUE_TYPE: 'quorum', BENCH_PREFETCH: String(PREFETCH), LOG_LEVEL: 'warn' };
    const consumer = await worker('consumer', writerRole === 'outbox' ? CONSUMER_SCRIPT : WRITER_SCRIPT, { ...env, BENCH_ROLE: writerRole === 'outbox' ? 'consumer' : 'no-outbox-consumer' });
    const writer = await worker('writer', WRITER_SCRIPT, { ...env, BENCH_ROLE: writerRole, BENCH_SECONDS: String(seconds), BENCH_WRITERS: String(WRITERS) });
    try {
      await waitFor(() => writer.lines.find((l) => l.startsWith('written ')), { description: 'the writers to finish', timeoutMs: seconds * 1000 + 60_000, intervalMs: 100 });
      const written = Number(writer.lines.find((l) => l.startsWith('written '))!.split(' ')[1]);
      const applied = async (): Promise<number> => (await dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM profile'))[0].n;
      await waitFor(async () => (await applied()) >= written, { description: 'every event applied', timeoutMs: 120_000, intervalMs: 200 }).catch(() => undefined);
      const [row] = await dataSource.query<{ n: number; seconds: number }[]>(
        'SELECT (SELECT count(*)::int FROM profile) AS n, EXTRACT(EPOCH FROM (SELECT max(applied_at) FROM profile) - (SELECT min(created_at) FROM source_row))::float8 AS seconds',
      );
      const extra = { written, writerCpuPercent: writer.cpuPercent(), consumerCpuPercent: consumer.cpuPercent() };
      return { perSecond: row.seconds > 0 ? Math.round(row.n / row.seconds) : 0, count: row.n, errors: written - row.n, extra };
    } finally {
      await Promise.all([writer.stop(), consumer.stop()]);
      await deleteBenchQueue(amqpUrl, queue);
    }
  }
}

interface Worker {
  readonly lines: string[];
  /** its CPU so far as a share of one core since it started (%) */
  cpuPercent(): number;
  stop(): Promise<void>;
}

/** A bench worker process with this process's Node flags (`--cpu-prof` reaches it too), ready once it printed `ready`. */
async function worker(label: string, script: string, env: Record<string, string>): Promise<Worker> {
  const child = spawn(process.execPath, [...process.execArgv, script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitFor(() => lines.includes('ready') || child.exitCode !== null, { description: `the ${label} process`, timeoutMs: 30_000, intervalMs: 20 });
  if (!lines.includes('ready')) throw new Error(`the ${label} process (${script}) exited at start`);
  const started = performance.now();
  return {
    lines,
    cpuPercent: () => Math.round((((processCpuSeconds(child.pid ?? -1) ?? 0) * 1000) / (performance.now() - started)) * 100),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Scenario 7: the event backbone alone, against two baselines of the same run, each as events/s from the first write
 * to the last event applied, writers and consumer in processes of their own, quorum queues, 20 concurrent writers
 * (one event per transaction):
 * - TaskHub: row + outbox entry in one transaction, relay, inbox consumer (exactly once per handler);
 * - no outbox: insert, commit, publish with confirm; consumer inserts ON CONFLICT DO NOTHING;
 * - bare amqplib: persistent messages with confirms, consumed with manual acks, no database (the broker's ceiling).
 */
export function eventBackboneScenarios(): BenchScenario[] {
  const lab = new BackboneLab();
  const row = (id: string, title: string, measure: (context: BenchContext, seconds: number) => Promise<Measurement>): BenchScenario => ({
    id,
    title,
    unit: 'events',
    needsStack: false,
    setup: () => lab.open(),
    measure,
    teardown: () => lab.close(),
  });
  return [
    row('s7-backbone', '7. event backbone: outbox -> relay -> inbox consumer (processes)', (_context, seconds) => lab.writeThrough('outbox', seconds)),
    row('s7-no-outbox', '7 baseline: insert, commit, publish; consumer ON CONFLICT DO NOTHING', (_context, seconds) => lab.writeThrough('no-outbox', seconds)),
    row('s7-bare-amqplib', '7 baseline: bare amqplib, persistent + confirms, no database', async (_context, seconds) => {
      const events = Math.max(1000, seconds * 4000);
      const r = await bareCapacity(lab.db.amqpUrl, 'quorum', { capacityEvents: events, rate: 0, seconds, warmupSeconds: 0, prefetch: PREFETCH, consumerBatch: undefined, consumerConcurrency: undefined, writers: WRITERS });
      return { perSecond: r.eventsPerSecond ?? 0, count: events, errors: 0 };
    }),
  ];
}
