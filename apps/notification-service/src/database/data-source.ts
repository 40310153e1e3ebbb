import { loadServiceConfig } from '@taskhub/platform-config';
import { buildDataSourceOptions } from '@taskhub/platform-database';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { NotificationServiceConfig } from '../config/notification.config';
import { NOTIFICATION_DATABASE } from './notification-database';

/** TypeORM options of the notification database. */
export function notificationDataSourceOptions(config: NotificationServiceConfig): DataSourceOptions {
  return buildDataSourceOptions(config, NOTIFICATION_DATABASE);
}

/**
 * For the TypeORM CLI only (reads DATABASE_URL), e.g.
 * `npx typeorm migration:show -d dist/apps/notification-service/src/database/data-source.js`.
 * The service itself and migrate.ts do not import this file.
 */
export default new DataSource(notificationDataSourceOptions(loadServiceConfig(NotificationServiceConfig)));
