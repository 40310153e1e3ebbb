import { runMigrationsMain } from '@taskhub/platform-database';
import { AuthServiceConfig } from './config/auth.config';
import { AUTH_DATABASE } from './database/auth-database';

// Applies pending migrations to DATABASE_URL and exits 0 (idempotent); exits 1 with a reason otherwise.
void runMigrationsMain(AuthServiceConfig, AUTH_DATABASE);
