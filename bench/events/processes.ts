import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { type QueueType } from '@taskhub/platform-messaging';
import { benchQueue, deleteBenchQueue, type EventsBenchConfig, type EventsRow, latencyWrites, waitUntil } from './bench-support';
import { type BenchDatabase } from './in-process';

interface Worker {
  readonly lines: string[];
  /** SIGTERM: the worker stops its relay or consumer and exits (so a --cpu-prof profile is written) */
  stop(): Promise<void>;
}

/**
 * bench/events-worker.ts as a process of its own, with this process's Node flags (`node --cpu-prof` profiles the
 * workers too); resolves once it printed `ready`.
 */
async function worker(script: string, role: 'writer' | 'relay' | 'consumer', env: Record<string, string>): Promise<Worker> {
  const child = spawn(process.execPath, [...process.execArgv, script], {
    env: { ...process.env, ...env, BENCH_ROLE: role, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitUntil(() => lines.includes('ready') || child.exitCode !== null, `the ${role} process`, 30_000);
  if (!lines.includes('ready')) throw new Error(`the ${role} process exited at start`);
  return {
    lines,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

const applied = async (db: BenchDatabase): Promise<number> => (await db.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM profile'))[0].n;

function workerEnv(db: BenchDatabase, queueType: QueueType, config: EventsBenchConfig): Record<string, string> {
  const env: Record<string, string> = {
    DATABASE_URL: db.url,
    RABBITMQ_URL: db.amqpUrl,
    BENCH_QUEUE: benchQueue('events', queueType),
    BENCH_QUEUE_TYPE: queueType,
    BENCH_PREFETCH: String(config.prefetch),
  };
  if (config.consumerBatch !== undefined) env.BENCH_CONSUMER_BATCH_SIZE = String(config.consumerBatch);
  if (config.consumerConcurrency !== undefined) env.BENCH_CONSUMER_CONCURRENCY = String(config.consumerConcurrency);
  return { ...env, BENCH_WRITERS: String(config.writers) };
}

/** Producer (relay) and consumer in separate processes, as services run: an outbox filled beforehand, drained. */
export async function processesCapacity(script: string, db: BenchDatabase, queueType: QueueType, config: EventsBenchConfig): Promise<EventsRow> {
  await db.dataSource.query('TRUNCATE outbox_event, inbox_event, profile');
  const env = workerEnv(db, queueType, config);
  const writer = await worker(script, 'writer', { ...env, BENCH_TOTAL: String(config.capacityEvents), BENCH_RATE: '0' });
  await waitUntil(() => writer.lines.some((l) => l.startsWith('written ')), 'the outbox to be filled');
  await writer.stop();
  const consumer = await worker(script, 'consumer', env);
  const relay = await worker(script, 'relay', env);
  await waitUntil(async () => (await applied(db)) >= config.capacityEvents, 'every event applied (processes)', 300_000, 100);
  await Promise.all([relay.stop(), consumer.stop()]);
  await deleteBenchQueue(db.amqpUrl, env.BENCH_QUEUE);
  // first to last handler commit, by the database clock: process start-up is not counted
  const [{ seconds }] = await db.dataSource.query<{ seconds: number }[]>(
    'SELECT EXTRACT(EPOCH FROM max(applied_at) - min(applied_at))::float8 AS seconds FROM profile',
  );
  return { variant: 'TaskHub, relay and consumer processes', queueType, eventsPerSecond: Math.round(config.capacityEvents / seconds) };
}

/**
 * A producing process (paced writers and its relay) and a consumer process; latency by the database clock, from the
 * outbox insert to the handler's commit, and (where the time goes) to the relay's mark after the broker's confirm.
 */
export async function processesLatency(script: string, db: BenchDatabase, queueType: QueueType, config: EventsBenchConfig): Promise<EventsRow[]> {
  await db.dataSource.query('TRUNCATE outbox_event, inbox_event, profile');
  const env = workerEnv(db, queueType, config);
  const consumer = await worker(script, 'consumer', env);
  const { total, warmup } = latencyWrites(config);
  const producer = await worker(script, 'writer', { ...env, BENCH_TOTAL: String(total), BENCH_RATE: String(config.rate), BENCH_RELAY: '1' });
  await waitUntil(() => producer.lines.some((l) => l.startsWith('written ')), 'the writers to finish');
  const seconds = Number(producer.lines.find((l) => l.startsWith('written '))!.split(' ')[2]);
  await waitUntil(async () => (await applied(db)) >= total, 'every event applied (processes)', 300_000, 100);
  await Promise.all([producer.stop(), consumer.stop()]);
  await deleteBenchQueue(db.amqpUrl, env.BENCH_QUEUE);
  const achievedRate = Math.round(total / seconds);
  const latency = async (variant: string, until: string): Promise<EventsRow> => {
    const [p] = await db.dataSource.query<{ p50: number; p99: number }[]>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99
         FROM (SELECT EXTRACT(EPOCH FROM ${until} - o.created_at) * 1000 AS ms FROM profile p JOIN outbox_event o ON o.id = p.event_id
                ORDER BY o.created_at OFFSET $1) t`,
      [warmup],
    );
    return { variant, queueType, p50Ms: Math.round(p.p50 * 10) / 10, p99Ms: Math.round(p.p99 * 10) / 10, achievedRate };
  };
  return [
    await latency('TaskHub outbox insert -> handler commit, processes', 'p.applied_at'),
    await latency('TaskHub outbox insert -> relay marked it published, processes', 'o.published_at'),
  ];
}
