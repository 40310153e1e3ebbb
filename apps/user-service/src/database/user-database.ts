import { type ServiceDatabaseDefinition } from '@taskhub/platform-database';
import { USER_ENTITIES } from './entities';
import { USER_MIGRATIONS } from './migrations';

/** What the user service declares about its database (PlatformModule, migrate.ts and the TypeORM CLI data source). */
export const USER_DATABASE: ServiceDatabaseDefinition = { migrations: USER_MIGRATIONS, entities: USER_ENTITIES };
