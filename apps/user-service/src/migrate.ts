import { runMigrationsMain } from '@taskhub/platform-database';
import { UserServiceConfig } from './config/user.config';
import { USER_MIGRATIONS } from './database/migrations';

// Applies pending migrations to DATABASE_URL and exits 0 (idempotent); exits 1 with a reason otherwise.
void runMigrationsMain(UserServiceConfig, { migrations: USER_MIGRATIONS });
