/* eslint-disable no-console -- a benchmark prints its table */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { CreateInbox1795500000001, CreateOutbox1795500000000, DropOutboxNotifyTrigger1796151356792, type QueueType } from '@taskhub/platform-messaging';
import { createRunId } from '@taskhub/platform-testing';
import { destroyTestRun, provisionTestRun, testInfrastructureFromEnv } from '@taskhub/tooling-stack';
import { DataSource } from 'typeorm';
import { bareCapacity, bareLatency } from './events/bare-amqplib';
import { type EventsBenchConfig, type EventsRow } from './events/bench-support';
import { type BenchDatabase, inProcessCapacity, inProcessLatency } from './events/in-process';
import { processesCapacity, processesLatency } from './events/processes';
import { medianRows, table } from './events/report';

/**
 * Event backbone: bus capacity (events/s from outbox to applied by the consumer) and end-to-end latency (producer
 * commit to handler done) at a steady write rate (after BENCH_WARMUP_SECONDS of writes not counted), each beside a
 * bare amqplib publisher/consumer (confirms, manual acks, same prefetch, no database) measured in the same run, for
 * quorum and classic queues; with writers, relay and consumer in this one process, then as separate processes. Real
 * Postgres and RabbitMQ, a throw-away database and vhost. BENCH_ROUNDS rounds (default 1) alternate the parts and
 * the table shows the medians.
 */
const ROOT = __dirname.endsWith(join('dist', 'bench')) ? resolve(__dirname, '..', '..') : resolve(__dirname, '..');
const env = process.env;
const CONFIG: EventsBenchConfig = {
  capacityEvents: Number(env.BENCH_EVENTS ?? 20_000),
  rate: Number(env.BENCH_EVENTS_RATE ?? 2_000),
  seconds: Number(env.BENCH_EVENTS_SECONDS ?? 10),
  warmupSeconds: Number(env.BENCH_WARMUP_SECONDS ?? 2),
  prefetch: Number(env.BENCH_PREFETCH ?? 100),
  consumerBatch: env.BENCH_CONSUMER_BATCH_SIZE === undefined ? undefined : Number(env.BENCH_CONSUMER_BATCH_SIZE),
  consumerConcurrency: env.BENCH_CONSUMER_CONCURRENCY === undefined ? undefined : Number(env.BENCH_CONSUMER_CONCURRENCY),
  writers: Number(env.BENCH_WRITERS ?? 20),
};
const ROUNDS = Number(env.BENCH_ROUNDS ?? 1);
const QUEUE_TYPES = (env.BENCH_QUEUE_TYPES ?? 'quorum,classic').split(',') as QueueType[];
const PARTS = new Set((env.BENCH_PARTS ?? 'bare,in-process,processes').split(','));
const WORKER = join(__dirname, 'events-worker.js');

async function round(db: BenchDatabase, queueType: QueueType): Promise<EventsRow[]> {
  const rows: EventsRow[] = [];
  const measure = async (part: string, run: () => Promise<EventsRow | EventsRow[]>): Promise<void> => {
    if (!PARTS.has(part)) return;
    for (const row of [await run()].flat()) {
      console.log(JSON.stringify(row));
      rows.push(row);
    }
  };
  await measure('bare', () => bareCapacity(db.amqpUrl, queueType, CONFIG));
  await measure('in-process', () => inProcessCapacity(db, queueType, CONFIG));
  await measure('processes', () => processesCapacity(WORKER, db, queueType, CONFIG));
  await measure('bare', () => bareLatency(db.amqpUrl, queueType, CONFIG));
  await measure('in-process', () => inProcessLatency(db, queueType, CONFIG));
  await measure('processes', () => processesLatency(WORKER, db, queueType, CONFIG));
  return rows;
}

export async function runEventsBench(): Promise<EventsRow[]> {
  const infrastructure = testInfrastructureFromEnv();
  const runId = createRunId();
  const run = await provisionTestRun(runId, infrastructure);
  const url = run.databaseUrls.task;
  const dataSource = new DataSource({ type: 'postgres', url, migrations: [CreateOutbox1795500000000, CreateInbox1795500000001, DropOutboxNotifyTrigger1796151356792], poolSize: 30 });
  const rows: EventsRow[] = [];
  const loadBefore = loadavg();
  try {
    await dataSource.initialize();
    await dataSource.runMigrations();
    await dataSource.query('CREATE TABLE profile (user_id uuid PRIMARY KEY, event_id uuid, email text, applied_at timestamptz NOT NULL DEFAULT clock_timestamp())');
    for (let r = 0; r < ROUNDS; r++) {
      for (const queueType of QUEUE_TYPES) rows.push(...(await round({ dataSource, url, amqpUrl: run.rabbitmqUrl }, queueType)));
    }
  } finally {
    await dataSource.destroy().catch(() => undefined);
    await destroyTestRun(runId, infrastructure);
  }
  const loadAfter = loadavg();
  const load = (l: number[]): string => l.map((x) => x.toFixed(2)).join(' ');
  console.log(
    `\nevents bench: ${CONFIG.capacityEvents} events for capacity; ${CONFIG.rate} writes/s for ${CONFIG.seconds} s after ${CONFIG.warmupSeconds} s not counted (${CONFIG.writers} writers) for latency;` +
      ` prefetch ${CONFIG.prefetch}, consumer batch ${CONFIG.consumerBatch ?? 'default'} x ${CONFIG.consumerConcurrency ?? 'default'} at once; ${ROUNDS} round(s), medians;` +
      ` node ${process.version}, ${cpus().length} CPUs; load average ${load(loadBefore)} before, ${load(loadAfter)} after`,
  );
  const medians = medianRows(rows);
  for (const line of table(medians)) console.log(line);
  const outDir = join(ROOT, 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  const date = new Date().toISOString();
  const file = join(outDir, `events-${date.replace(/[:.]/g, '-')}.json`);
  const result = { date, node: process.version, cpus: cpus().length, loadBefore, loadAfter, config: CONFIG, rounds: ROUNDS, medians, rows };
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`results: ${file}`);
  return medians;
}

if (require.main === module) {
  runEventsBench().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
