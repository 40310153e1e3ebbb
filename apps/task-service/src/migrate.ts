import { runMigrationsMain } from '@taskhub/platform-database';
import { TaskServiceConfig } from './config/task.config';
import { TASK_MIGRATIONS } from './database/migrations';

// Applies pending migrations to DATABASE_URL and exits 0 (idempotent); exits 1 with a reason otherwise.
void runMigrationsMain(TaskServiceConfig, { migrations: TASK_MIGRATIONS });
