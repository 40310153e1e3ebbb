import { loadServiceConfig } from '@taskhub/platform-config';
import { buildDataSourceOptions } from '@taskhub/platform-database';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { UserServiceConfig } from '../config/user.config';
import { USER_DATABASE } from './user-database';

/** TypeORM options of the user database. */
export function userDataSourceOptions(config: UserServiceConfig): DataSourceOptions {
  return buildDataSourceOptions(config, USER_DATABASE);
}

/**
 * For the TypeORM CLI only (reads DATABASE_URL), e.g.
 * `npx typeorm migration:show -d dist/apps/user-service/src/database/data-source.js`.
 * The service itself and migrate.ts do not import this file.
 */
export default new DataSource(userDataSourceOptions(loadServiceConfig(UserServiceConfig)));
