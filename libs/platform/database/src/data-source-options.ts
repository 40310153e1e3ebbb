import { Logger } from '@nestjs/common';
import { type BaseServiceConfig } from '@taskhub/platform-config';
import { type MigrationInterface } from 'typeorm';
import { type PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { AfterCommitSubscriber } from './after-commit';

/** What a service declares about its own database: its migrations (listed explicitly, no globs) and entities. */
export interface ServiceDatabaseDefinition {
  readonly migrations: ReadonlyArray<new () => MigrationInterface>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM entity classes
  readonly entities?: readonly Function[];
  /** GET and HEAD requests may read from READ_DATABASE_URL, a streaming replica (docs/read-replicas.md) */
  readonly readReplica?: boolean;
}

export interface DataSourceTuning {
  /** pool size (default DATABASE_POOL_MAX) */
  readonly poolMax?: number;
  /** server-side statement_timeout (default DATABASE_STATEMENT_TIMEOUT_MS); 0 disables (migrations) */
  readonly statementTimeoutMs?: number;
}

/** Connect timeout of a new pool connection: a dead or black-holed database fails a request in ~2 s, not minutes. */
export const CONNECT_TIMEOUT_MS = 2000;
/** Client-side read timeout, a little above the statement timeout: catches a server that stopped answering at all. */
export const QUERY_TIMEOUT_MARGIN_MS = 1000;

const poolLogger = new Logger('DatabasePool');

/**
 * TypeORM options of a service's database. Never `synchronize`: the schema changes only through migrations. Its
 * transactions support `afterCommit`.
 */
export function buildDataSourceOptions(
  config: Pick<BaseServiceConfig, 'service' | 'databaseUrl' | 'databasePoolMax' | 'databaseStatementTimeoutMs'>,
  definition: ServiceDatabaseDefinition,
  tuning: DataSourceTuning = {},
): PostgresConnectionOptions {
  const statementTimeoutMs = tuning.statementTimeoutMs ?? config.databaseStatementTimeoutMs;
  return {
    type: 'postgres',
    url: config.databaseUrl,
    applicationName: `${config.service}-service`,
    entities: [...(definition.entities ?? [])],
    migrations: [...definition.migrations],
    subscribers: [AfterCommitSubscriber],
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    poolSize: tuning.poolMax ?? config.databasePoolMax,
    connectTimeoutMS: CONNECT_TIMEOUT_MS,
    poolErrorHandler: (error: Error) => poolLogger.warn(`idle database connection failed: ${error.message}`),
    extra: {
      max: tuning.poolMax ?? config.databasePoolMax,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
      ...(statementTimeoutMs > 0
        ? { statement_timeout: statementTimeoutMs, query_timeout: statementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS }
        : {}),
    },
  };
}
