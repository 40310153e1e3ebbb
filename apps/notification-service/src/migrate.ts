import { runMigrationsMain } from '@taskhub/platform-database';
import { NotificationServiceConfig } from './config/notification.config';
import { NOTIFICATION_DATABASE } from './database/notification-database';

// Applies pending migrations to DATABASE_URL and exits 0 (idempotent); exits 1 with a reason otherwise.
void runMigrationsMain(NotificationServiceConfig, NOTIFICATION_DATABASE);
