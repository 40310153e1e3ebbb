import { loadServiceConfig } from '@taskhub/platform-config';
import { buildDataSourceOptions } from '@taskhub/platform-database';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { AuthServiceConfig } from '../config/auth.config';
import { AUTH_DATABASE } from './auth-database';

/** TypeORM options of the auth database. */
export function authDataSourceOptions(config: AuthServiceConfig): DataSourceOptions {
  return buildDataSourceOptions(config, AUTH_DATABASE);
}

/**
 * For the TypeORM CLI only (reads DATABASE_URL), e.g.
 * `npx typeorm migration:show -d dist/apps/auth-service/src/database/data-source.js`.
 * The service itself and migrate.ts do not import this file.
 */
export default new DataSource(authDataSourceOptions(loadServiceConfig(AuthServiceConfig)));
