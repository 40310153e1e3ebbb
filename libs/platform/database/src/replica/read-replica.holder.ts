import { type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type BaseServiceConfig } from '@taskhub/platform-config';
import { ServiceMetrics } from '@taskhub/platform-metrics';
import { type Redis } from '@taskhub/platform-redis';
import { Pool } from 'pg';
import { CONNECT_TIMEOUT_MS, QUERY_TIMEOUT_MARGIN_MS } from '../data-source-options';
import { type ServiceDataSource } from '../service-data-source';
import { LastWriteStore } from './last-write-store';
import { ReadReplica } from './read-replica';
import { ReplicaMetrics } from './replica-metrics';
import { ReplicaMonitor } from './replica-monitor';

/** The instance's ReadReplica, or undefined when READ_DATABASE_URL is not set; starts and stops it with the app. */
export class ReadReplicaHolder implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(readonly replica: ReadReplica | undefined) {}

  static create(config: BaseServiceConfig, dataSource: ServiceDataSource, redis: Redis, metrics: ServiceMetrics): ReadReplicaHolder {
    if (config.readDatabaseUrl === undefined) return new ReadReplicaHolder(undefined);
    const pool = new Pool({
      connectionString: config.readDatabaseUrl,
      application_name: `${config.service}-service-replica`,
      max: config.databaseReplicaPoolMax,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
      statement_timeout: config.databaseStatementTimeoutMs,
      query_timeout: config.databaseStatementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS,
    });
    pool.on('error', () => undefined); // an idle connection lost (replica stopped): the pool drops it, the monitor reports it
    const replicaMetrics = new ReplicaMetrics(metrics.registry, () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }));
    const monitor = new ReplicaMonitor(
      {
        primary: async () => (await dataSource.query<{ lsn: string }[]>('SELECT pg_current_wal_lsn()::text AS lsn'))[0].lsn,
        replayed: async () => (await pool.query<{ lsn: string | null }>('SELECT pg_last_wal_replay_lsn()::text AS lsn')).rows[0].lsn,
      },
      { pollMs: config.replicaLagPollMs, maxLagMs: config.replicaMaxLagMs, timeoutMs: CONNECT_TIMEOUT_MS },
      replicaMetrics,
    );
    const lastWrites = new LastWriteStore(redis, config.readYourWritesWindowMs, config.cacheRedisTimeoutMs);
    const replica = new ReadReplica(pool, dataSource, monitor, lastWrites, replicaMetrics);
    dataSource.useReplica(replica);
    return new ReadReplicaHolder(replica);
  }

  onApplicationBootstrap(): void {
    this.replica?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.replica?.stop();
  }
}
