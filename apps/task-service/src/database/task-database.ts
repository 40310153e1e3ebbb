import { type ServiceDatabaseDefinition } from '@taskhub/platform-database';
import { TASK_ENTITIES } from './entities';
import { TASK_MIGRATIONS } from './migrations';

/**
 * What the task service declares about its database (PlatformModule, migrate.ts and the TypeORM CLI data source); its
 * GET requests read from READ_DATABASE_URL when set (docs/read-replicas.md).
 */
export const TASK_DATABASE: ServiceDatabaseDefinition = { migrations: TASK_MIGRATIONS, entities: TASK_ENTITIES, readReplica: true };
