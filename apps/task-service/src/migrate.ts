import { runMigrationsMain } from '@taskhub/platform-database';
import { TaskServiceConfig } from './config/task.config';
import { TASK_DATABASE } from './database/task-database';

// Applies pending migrations to DATABASE_URL and exits 0 (idempotent); exits 1 with a reason otherwise.
void runMigrationsMain(TaskServiceConfig, TASK_DATABASE);
