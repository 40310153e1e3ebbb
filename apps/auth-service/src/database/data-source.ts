import { loadServiceConfig } from '@taskhub/platform-config';
import { buildDataSourceOptions } from '@taskhub/platform-database';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { AuthServiceConfig } from '../config/auth.config';
import { AUTH_MIGRATIONS } from './migrations';

/** TypeORM options of the auth database. */
export function authDataSourceOptions(config: AuthServiceConfig): DataSourceOptions {
  return buildDataSourceOptions(config, { migrations: AUTH_MIGRATIONS });
}

/**
 * For the TypeORM CLI only (reads DATABASE_URL), e.g.
 * `npx typeorm migration:show -d dist/apps/auth-service/src/database/data-source.js`.
 * The service itself and migrate.ts do not import this file.
 */
export default new DataSource(authDataSourceOptions(loadServiceConfig(AuthServiceConfig)));
