import {
  type BaseServiceConfig,
  ConfigValidationError,
  loadServiceConfig,
  redactUrl,
  type ServiceConfigClass,
} from '@taskhub/platform-config';
import { createRootLogger } from '@taskhub/platform-logging';
import { buildDataSourceOptions, type ServiceDatabaseDefinition } from './data-source-options';
import { isDatabaseUnavailableError } from './database-unavailable';
import { runMigrations } from './migrations';

/**
 * Entry point of `apps/<svc>/src/migrate.ts`: applies pending migrations to DATABASE_URL and exits 0 (also when there
 * was nothing to do); exits 1 with a one-line reason on bad configuration, an unreachable database or a failed migration.
 */
export async function runMigrationsMain<T extends BaseServiceConfig>(
  configClass: ServiceConfigClass<T>,
  definition: ServiceDatabaseDefinition,
  exit: (code: number) => never = (code) => process.exit(code),
): Promise<void> {
  let config: T;
  try {
    // the migrations use the database alone: production needs no other secret here (compose's one-shot has none)
    config = loadServiceConfig(configClass, process.env, { credentialsUsed: ['DATABASE_URL'] });
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return exit(1);
  }
  const logger = createRootLogger({ service: `${config.service}-service`, level: config.logLevel });
  const database = redactUrl(config.databaseUrl);
  try {
    const applied = await runMigrations(buildDataSourceOptions(config, definition, { poolMax: 2, statementTimeoutMs: 0 }));
    logger.info({ database, applied }, applied.length > 0 ? `applied ${applied.length} migration(s)` : 'no pending migrations');
    return exit(0);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (isDatabaseUnavailableError(error)) {
      logger.error({ database, reason }, 'migrations not applied: database unreachable');
      process.stderr.write(`migrate: database ${database} is unreachable: ${reason}\n`);
    } else {
      logger.error({ database, err: error }, 'migration failed');
      process.stderr.write(`migrate: migration failed on ${database}: ${reason}\n`);
    }
    return exit(1);
  }
}
