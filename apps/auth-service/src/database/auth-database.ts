import { type ServiceDatabaseDefinition } from '@taskhub/platform-database';
import { AUTH_ENTITIES } from './entities';
import { AUTH_MIGRATIONS } from './migrations';

/** What the auth service declares about its database (PlatformModule, migrate.ts and the TypeORM CLI data source). */
export const AUTH_DATABASE: ServiceDatabaseDefinition = { migrations: AUTH_MIGRATIONS, entities: AUTH_ENTITIES };
