/* eslint-disable no-console -- a benchmark prints its table */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { assertTestDatabaseName, createRunId, scratchDatabaseName } from '@taskhub/platform-testing';
import { removeReplica, startReplica } from '@taskhub/tooling-stack';
import { Client, Pool } from 'pg';

/**
 * A read-heavy database workload (BENCH_REPLICA_READ_SHARE of reads, 0.95 by default: a directory-like prefix search
 * over BENCH_REPLICA_ROWS rows; the rest single-row updates) run by BENCH_CONNECTIONS concurrent clients, once with
 * everything on the primary and once with the reads on a streaming replica (pg_basebackup into a temporary directory,
 * removed at the end), each pool sized as the services' defaults (10 per role); a third variant gives the primary alone
 * the same 20 connections, to tell the second server from the second pool. Both servers share this machine's
 * cores, so the row shows the cost and headroom of the split, not a cluster's gain (docs/performance.md). Run:
 * `npm run bench:replica`.
 */
const ROOT = __dirname.endsWith(join('dist', 'bench')) ? resolve(__dirname, '..', '..') : resolve(__dirname, '..');

export interface ReadReplicaVariantResult {
  readonly variant: 'primary only' | 'primary only, pool 20' | 'primary + replica';
  readonly opsPerSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
}

export interface ReadReplicaBenchResult {
  readonly rows: number;
  readonly readShare: number;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly variants: readonly ReadReplicaVariantResult[];
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (n: number): number => Math.round(n * 100) / 100;

async function drive(variant: ReadReplicaVariantResult['variant'], primary: Pool, reads: Pool, options: { rows: number; readShare: number; connections: number; durationMs: number }): Promise<ReadReplicaVariantResult> {
  const latencies: number[] = [];
  let errors = 0;
  let seed = 1;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const deadline = performance.now() + options.durationMs;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const started = performance.now();
      try {
        if (random() < options.readShare) {
          const prefix = `name ${Math.floor(random() * 100)}`;
          await reads.query('SELECT id, name, email FROM person WHERE name >= $1 ORDER BY name, id LIMIT 20', [prefix]);
        } else {
          await primary.query('UPDATE person SET version = version + 1 WHERE id = $1', [1 + Math.floor(random() * options.rows)]);
        }
        latencies.push(performance.now() - started);
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, () => worker()));
  latencies.sort((a, b) => a - b);
  return {
    variant,
    opsPerSecond: Math.round(latencies.length / (options.durationMs / 1000)),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p99Ms: round(percentile(latencies, 99)),
    errors,
  };
}

export async function runReadReplicaBench(options: { durationSeconds?: number; connections?: number } = {}): Promise<ReadReplicaBenchResult> {
  const env = process.env;
  const adminUrl = env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const config = {
    rows: Number(env.BENCH_REPLICA_ROWS ?? 50_000),
    readShare: Number(env.BENCH_REPLICA_READ_SHARE ?? 0.95),
    connections: options.connections ?? Number(env.BENCH_CONNECTIONS ?? 20),
    durationMs: 1000 * (options.durationSeconds ?? Number(env.BENCH_DURATION_SECONDS ?? 10)),
  };
  const database = assertTestDatabaseName(scratchDatabaseName(createRunId(), 'replica_bench'));
  const databaseUrl = new URL(adminUrl);
  databaseUrl.pathname = `/${database}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  const baseDir = await mkdtemp(join(tmpdir(), 'taskhub-replica-bench-'));
  const pools: Pool[] = [];
  try {
    const seedClient = new Client({ connectionString: databaseUrl.toString() });
    await seedClient.connect();
    await seedClient.query(`CREATE TABLE person (id int PRIMARY KEY, name text NOT NULL, email text NOT NULL, version int NOT NULL DEFAULT 0)`);
    await seedClient.query(`INSERT INTO person (id, name, email) SELECT i, 'name ' || (i % 1000), 'p' || i || '@example.com' FROM generate_series(1, $1) i`, [config.rows]);
    await seedClient.query('CREATE INDEX person_name ON person (name, id)');
    await seedClient.query('ANALYZE person');
    await seedClient.end();
    const replica = await startReplica({ primaryAdminUrl: adminUrl, baseDir });
    const pool = (url: string, max = 10): Pool => {
      const created = new Pool({ connectionString: url, max });
      pools.push(created);
      return created;
    };
    const primary = pool(databaseUrl.toString());
    const onReplica = pool(replica.urlFor(databaseUrl.toString()));
    // the replica has the seeded rows once it answers the count the primary gives
    for (;;) {
      const found = await onReplica.query<{ n: number }>('SELECT count(*)::int AS n FROM person').catch(() => undefined);
      if (found?.rows[0].n === config.rows) break;
      await new Promise((done) => setTimeout(done, 200));
    }
    const primary20 = pool(databaseUrl.toString(), 20);
    const variants = [
      await drive('primary only', primary, primary, config),
      await drive('primary only, pool 20', primary20, primary20, config),
      await drive('primary + replica', primary, onReplica, config),
    ];
    const result: ReadReplicaBenchResult = { rows: config.rows, readShare: config.readShare, connections: config.connections, durationSeconds: config.durationMs / 1000, variants };
    const outDir = join(ROOT, 'bench', 'results');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'read-replica.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(`read-heavy (${config.readShare * 100} % reads, ${config.connections} clients, ${config.durationMs / 1000} s each)`);
    console.table(variants);
    return result;
  } finally {
    await Promise.all(pools.map((p) => p.end()));
    await removeReplica({ baseDir, primaryAdminUrl: adminUrl });
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  }
}

if (require.main === module) {
  runReadReplicaBench().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
