import { type ServiceDatabaseDefinition } from '@taskhub/platform-database';
import { NOTIFICATION_ENTITIES } from './entities';
import { NOTIFICATION_MIGRATIONS } from './migrations';

/** What the notification service declares about its database (PlatformModule, migrate.ts and the TypeORM CLI data source). */
export const NOTIFICATION_DATABASE: ServiceDatabaseDefinition = { migrations: NOTIFICATION_MIGRATIONS, entities: NOTIFICATION_ENTITIES };
