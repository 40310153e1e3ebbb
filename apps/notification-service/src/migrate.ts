import { runMigrationsMain } from '@taskhub/platform-database';
import { NotificationServiceConfig } from './config/notification.config';
import { NOTIFICATION_MIGRATIONS } from './database/migrations';

// Applies pending migrations to DATABASE_URL and exits 0 (idempotent); exits 1 with a reason otherwise.
void runMigrationsMain(NotificationServiceConfig, { migrations: NOTIFICATION_MIGRATIONS });
