import { runMigrationsMain } from '@taskhub/platform-database';
import { UserServiceConfig } from './config/user.config';
import { USER_DATABASE } from './database/user-database';

// Applies pending migrations to DATABASE_URL and exits 0 (idempotent); exits 1 with a reason otherwise.
void runMigrationsMain(UserServiceConfig, USER_DATABASE);
