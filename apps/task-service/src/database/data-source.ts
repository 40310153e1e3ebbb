import { loadServiceConfig } from '@taskhub/platform-config';
import { buildDataSourceOptions } from '@taskhub/platform-database';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { TaskServiceConfig } from '../config/task.config';
import { TASK_DATABASE } from './task-database';

/** TypeORM options of the task database. */
export function taskDataSourceOptions(config: TaskServiceConfig): DataSourceOptions {
  return buildDataSourceOptions(config, TASK_DATABASE);
}

/**
 * For the TypeORM CLI only (reads DATABASE_URL), e.g.
 * `npx typeorm migration:show -d dist/apps/task-service/src/database/data-source.js`.
 * The service itself and migrate.ts do not import this file.
 */
export default new DataSource(taskDataSourceOptions(loadServiceConfig(TaskServiceConfig)));
