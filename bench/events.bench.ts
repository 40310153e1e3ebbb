/* eslint-disable no-console -- a benchmark prints its table */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { AUTH_USER_REGISTERED_V1, EventRegistry } from '@taskhub/contracts';
import {
  AmqpConnection,
  CreateInbox1795500000001,
  CreateOutbox1795500000000,
  declareConsumerTopology,
  EventConsumer,
  EVENTS_EXCHANGE,
  OutboxRelay,
  type QueueType,
  writeAllToOutbox,
  writeToOutbox,
} from '@taskhub/platform-messaging';
import { createRunId } from '@taskhub/platform-testing';
import { destroyTestRun, provisionTestRun, testInfrastructureFromEnv } from '@taskhub/tooling-stack';
import { connect } from 'amqplib';
import { DataSource } from 'typeorm';

/**
 * Event backbone: bus capacity (events/s from outbox to applied by the consumer) and end-to-end latency (producer
 * commit to handler done) at a steady write rate, each beside a bare amqplib publisher/consumer (confirms, manual
 * acks, same prefetch, no database) measured in the same run, for quorum and classic queues.
 * Everything runs in this one process against the real Postgres and RabbitMQ, in a throw-away database and vhost.
 */
const ROOT = __dirname.endsWith(join('dist', 'bench')) ? resolve(__dirname, '..', '..') : resolve(__dirname, '..');
const CAPACITY_EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const LATENCY_RATE = Number(process.env.BENCH_EVENTS_RATE ?? 2_000);
const LATENCY_SECONDS = Number(process.env.BENCH_EVENTS_SECONDS ?? 10);
const PREFETCH = 100;
/** deliveries per consumer transaction (group commit); 1 = one transaction per event */
const CONSUMER_BATCH = Number(process.env.BENCH_CONSUMER_BATCH_SIZE ?? PREFETCH);

interface Row {
  readonly variant: string;
  readonly queueType: QueueType;
  readonly eventsPerSecond?: number;
  readonly p50Ms?: number;
  readonly p99Ms?: number;
  readonly achievedRate?: number;
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10;
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const waitUntil = async (check: () => boolean | Promise<boolean>, what: string, timeoutMs = 300_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
};

class Pipeline {
  readonly applied = new Map<string, number>();
  private relay!: OutboxRelay;
  private consumer!: EventConsumer;
  private readonly amqp: AmqpConnection[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly databaseUrl: string,
    private readonly rabbitmqUrl: string,
    private readonly queueType: QueueType,
  ) {}

  async start(): Promise<void> {
    const [a, b] = [0, 1].map((i) => new AmqpConnection({ url: this.rabbitmqUrl, connectionName: `bench-${i}` }));
    this.amqp.push(a, b);
    a.start();
    b.start();
    this.consumer = new EventConsumer({
      dataSource: this.dataSource,
      amqp: a,
      registry: new EventRegistry([AUTH_USER_REGISTERED_V1]),
      queue: { queue: `bench.pipeline-${this.queueType}`, routingKeys: [AUTH_USER_REGISTERED_V1.routingKey], queueType: this.queueType },
      handlers: {
        [AUTH_USER_REGISTERED_V1.routingKey]: async (event, manager) => {
          await manager.query('INSERT INTO profile (user_id, email) VALUES ($1, $2)', [(event.data as { userId: string }).userId, (event.data as { email: string }).email]);
          this.applied.set(event.id, performance.now());
        },
      },
      prefetch: PREFETCH,
      batchSize: CONSUMER_BATCH,
    });
    this.consumer.start();
    await waitUntil(() => this.consumer.consuming, 'the consumer');
    this.relay = new OutboxRelay({ dataSource: this.dataSource, databaseUrl: this.databaseUrl, amqp: b, batchSize: 500 });
    this.relay.start();
    await this.relay.waitUntilListening();
  }

  async stop(): Promise<void> {
    await this.consumer.stop();
    await this.relay.stop();
    for (const a of this.amqp) await a.close();
  }
}

async function pipelineCapacity(ds: DataSource, dbUrl: string, amqpUrl: string, queueType: QueueType): Promise<Row> {
  await ds.query('TRUNCATE outbox_event, inbox_event, profile');
  for (let i = 0; i < CAPACITY_EVENTS; i += 1000) {
    await ds.transaction((m) =>
      writeAllToOutbox(m, Array.from({ length: Math.min(1000, CAPACITY_EVENTS - i) }, (_, j) => ({ contract: AUTH_USER_REGISTERED_V1, data: user(i + j) }))),
    );
  }
  const pipeline = new Pipeline(ds, dbUrl, amqpUrl, queueType);
  const started = performance.now();
  await pipeline.start();
  await waitUntil(() => pipeline.applied.size >= CAPACITY_EVENTS, 'every event applied');
  const seconds = (performance.now() - started) / 1000;
  await pipeline.stop();
  return { variant: 'TaskHub outbox -> relay -> inbox consumer', queueType, eventsPerSecond: Math.round(CAPACITY_EVENTS / seconds) };
}

async function pipelineLatency(ds: DataSource, dbUrl: string, amqpUrl: string, queueType: QueueType): Promise<Row> {
  await ds.query('TRUNCATE outbox_event, inbox_event, profile');
  const pipeline = new Pipeline(ds, dbUrl, amqpUrl, queueType);
  await pipeline.start();
  const committed = new Map<string, number>();
  const writers = 20;
  const total = LATENCY_RATE * LATENCY_SECONDS;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = w; i < total; i += writers) {
        const due = began + (i / LATENCY_RATE) * 1000;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        const envelope = await ds.transaction((m) => writeToOutbox(m, AUTH_USER_REGISTERED_V1, user(i)));
        committed.set(envelope.id, performance.now());
      }
    }),
  );
  const achieved = Math.round(total / ((performance.now() - began) / 1000));
  await waitUntil(() => pipeline.applied.size >= total, 'every event applied');
  await pipeline.stop();
  const latencies = [...committed].map(([id, t]) => (pipeline.applied.get(id) ?? Number.NaN) - t);
  return { variant: 'TaskHub commit -> handler done', queueType, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), achievedRate: achieved };
}

/** Bare amqplib: a confirm-channel publisher (window of 500) and a manual-ack consumer, no database. */
async function bare(amqpUrl: string, queueType: QueueType, mode: 'capacity' | 'latency'): Promise<Row> {
  const connection = await connect(amqpUrl, { noDelay: true });
  const consumerConnection = await connect(amqpUrl, { noDelay: true });
  const pub = await connection.createConfirmChannel();
  const sub = await consumerConnection.createChannel();
  const queue = `bench.bare-${queueType}-${mode}`;
  await declareConsumerTopology(pub, { queue, routingKeys: ['bench.bare.sent.v1'], queueType });
  await sub.prefetch(PREFETCH);
  const received = new Map<string, number>();
  await sub.consume(queue, (m) => {
    if (!m) return;
    received.set(String(m.properties.messageId), performance.now());
    sub.ack(m);
  });
  const body = Buffer.from(JSON.stringify({ data: user(0) }));
  const sent = new Map<string, number>();
  const total = mode === 'capacity' ? CAPACITY_EVENTS : LATENCY_RATE * LATENCY_SECONDS;
  const began = performance.now();
  for (let i = 0; i < total; i++) {
    if (mode === 'latency') {
      const wait = began + (i / LATENCY_RATE) * 1000 - performance.now();
      if (wait > 0) await sleep(wait);
    }
    const id = randomUUID();
    sent.set(id, performance.now());
    pub.publish(EVENTS_EXCHANGE, 'bench.bare.sent.v1', body, { persistent: true, mandatory: true, messageId: id });
    if (i % 500 === 499 || mode === 'latency') await pub.waitForConfirms();
  }
  await pub.waitForConfirms();
  await waitUntil(() => received.size >= total, 'every bare message');
  const seconds = (performance.now() - began) / 1000;
  await connection.close();
  await consumerConnection.close();
  if (mode === 'capacity') return { variant: 'bare amqplib publish -> consume', queueType, eventsPerSecond: Math.round(total / seconds) };
  const latencies = [...sent].map(([id, t]) => (received.get(id) ?? Number.NaN) - t);
  return { variant: 'bare amqplib publish -> consume', queueType, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), achievedRate: Math.round(total / seconds) };
}

interface Worker {
  readonly lines: string[];
  readonly exited: Promise<void>;
  kill(): void;
}

/** bench/events-worker.ts as a process of its own; resolves once it printed `ready`. */
async function worker(role: 'writer' | 'relay' | 'consumer', env: Record<string, string>): Promise<Worker> {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'bench', 'events-worker.js')], {
    env: { ...process.env, ...env, BENCH_ROLE: role, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitUntil(() => lines.includes('ready') || child.exitCode !== null, `the ${role} process`, 30_000);
  if (!lines.includes('ready')) throw new Error(`the ${role} process exited at start`);
  return { lines, exited, kill: () => child.kill('SIGTERM') };
}

const applied = async (ds: DataSource): Promise<number> => (await ds.query<{ n: number }[]>('SELECT count(*)::int AS n FROM profile'))[0].n;

/** Producer (relay) and consumer in separate processes, as services run: an outbox filled beforehand, drained. */
async function processesCapacity(ds: DataSource, dbUrl: string, amqpUrl: string, queueType: QueueType): Promise<Row> {
  await ds.query('TRUNCATE outbox_event, inbox_event, profile');
  const env = { DATABASE_URL: dbUrl, RABBITMQ_URL: amqpUrl, BENCH_QUEUE_TYPE: queueType, BENCH_PREFETCH: String(PREFETCH) };
  const writer = await worker('writer', { ...env, BENCH_TOTAL: String(CAPACITY_EVENTS), BENCH_RATE: '0' });
  await waitUntil(() => writer.lines.some((l) => l.startsWith('written ')), 'the outbox to be filled');
  writer.kill();
  const consumer = await worker('consumer', env);
  const relay = await worker('relay', env);
  await waitUntil(async () => (await applied(ds)) >= CAPACITY_EVENTS, 'every event applied (processes)');
  // first to last handler commit, by the database clock: process start-up is not counted
  const [{ seconds }] = await ds.query<{ seconds: number }[]>('SELECT EXTRACT(EPOCH FROM max(applied_at) - min(applied_at))::float8 AS seconds FROM profile');
  relay.kill();
  consumer.kill();
  await Promise.all([relay.exited, consumer.exited, writer.exited]);
  return { variant: 'TaskHub, relay and consumer processes', queueType, eventsPerSecond: Math.round(CAPACITY_EVENTS / seconds) };
}

/** A producing process (writers and its relay) at a steady rate and a consumer process; latency by the database clock. */
async function processesLatency(ds: DataSource, dbUrl: string, amqpUrl: string, queueType: QueueType): Promise<Row> {
  await ds.query('TRUNCATE outbox_event, inbox_event, profile');
  const env = { DATABASE_URL: dbUrl, RABBITMQ_URL: amqpUrl, BENCH_QUEUE_TYPE: queueType, BENCH_PREFETCH: String(PREFETCH) };
  const consumer = await worker('consumer', env);
  const total = LATENCY_RATE * LATENCY_SECONDS;
  const producer = await worker('writer', { ...env, BENCH_TOTAL: String(total), BENCH_RATE: String(LATENCY_RATE), BENCH_RELAY: '1' });
  await waitUntil(() => producer.lines.some((l) => l.startsWith('written ')), 'the writers to finish');
  const seconds = Number(producer.lines.find((l) => l.startsWith('written '))!.split(' ')[2]);
  await waitUntil(async () => (await applied(ds)) >= total, 'every event applied (processes)');
  producer.kill();
  consumer.kill();
  await Promise.all([producer.exited, consumer.exited]);
  const [p] = await ds.query<{ p50: number; p99: number }[]>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99
       FROM (SELECT EXTRACT(EPOCH FROM p.applied_at - o.created_at) * 1000 AS ms FROM profile p JOIN outbox_event o ON o.id = p.event_id) t`,
  );
  return {
    variant: 'TaskHub outbox insert -> handler commit, processes',
    queueType,
    p50Ms: Math.round(p.p50 * 10) / 10,
    p99Ms: Math.round(p.p99 * 10) / 10,
    achievedRate: Math.round(total / seconds),
  };
}

function user(i: number): { userId: string; email: string; displayName: string } {
  return { userId: randomUUID(), email: `bench${i}@example.com`, displayName: `Bench ${i}` };
}

export async function runEventsBench(): Promise<Row[]> {
  const infrastructure = testInfrastructureFromEnv();
  const runId = createRunId();
  const run = await provisionTestRun(runId, infrastructure);
  const databaseUrl = run.databaseUrls.task;
  const ds = new DataSource({ type: 'postgres', url: databaseUrl, migrations: [CreateOutbox1795500000000, CreateInbox1795500000001], poolSize: 30 });
  const rows: Row[] = [];
  try {
    await ds.initialize();
    await ds.runMigrations();
    await ds.query('CREATE TABLE profile (user_id uuid PRIMARY KEY, event_id uuid, email text, applied_at timestamptz NOT NULL DEFAULT clock_timestamp())');
    for (const queueType of ['quorum', 'classic'] as const) {
      rows.push(await bare(run.rabbitmqUrl, queueType, 'capacity'));
      rows.push(await pipelineCapacity(ds, databaseUrl, run.rabbitmqUrl, queueType));
      rows.push(await bare(run.rabbitmqUrl, queueType, 'latency'));
      rows.push(await pipelineLatency(ds, databaseUrl, run.rabbitmqUrl, queueType));
      rows.push(await processesCapacity(ds, databaseUrl, run.rabbitmqUrl, queueType));
      rows.push(await processesLatency(ds, databaseUrl, run.rabbitmqUrl, queueType));
      for (const r of rows.slice(-6)) console.log(JSON.stringify(r));
    }
  } finally {
    await ds.destroy().catch(() => undefined);
    await destroyTestRun(runId, infrastructure);
  }
  console.log(`\nevents bench: ${CAPACITY_EVENTS} events for capacity; ${LATENCY_RATE} writes/s for ${LATENCY_SECONDS} s for latency; prefetch ${PREFETCH}, consumer batch ${CONSUMER_BATCH}; node ${process.version}, ${cpus().length} CPUs`);
  console.log('| variant | queue | events/s | p50 ms | p99 ms | rate achieved/s |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.variant} | ${r.queueType} | ${r.eventsPerSecond ?? ''} | ${r.p50Ms ?? ''} | ${r.p99Ms ?? ''} | ${r.achievedRate ?? ''} |`);
  const outDir = join(ROOT, 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `events-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus().length, capacityEvents: CAPACITY_EVENTS, consumerBatch: CONSUMER_BATCH, latencyRate: LATENCY_RATE, latencySeconds: LATENCY_SECONDS, rows }, null, 2)}\n`);
  console.log(`results: ${file}`);
  return rows;
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
