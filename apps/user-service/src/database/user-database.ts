import { type ServiceDatabaseDefinition } from '@taskhub/platform-database';
import { USER_ENTITIES } from './entities';
import { USER_MIGRATIONS } from './migrations';

/**
 * What the user service declares about its database (PlatformModule, migrate.ts and the TypeORM CLI data source); its
 * GET requests read from READ_DATABASE_URL when set (docs/read-replicas.md).
 */
export const USER_DATABASE: ServiceDatabaseDefinition = { migrations: USER_MIGRATIONS, entities: USER_ENTITIES, readReplica: true };
