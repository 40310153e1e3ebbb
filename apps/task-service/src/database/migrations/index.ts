import { Baseline1795329973273 } from './1795329973273-Baseline';

/** Every migration of the task database, oldest first. Listed explicitly (no globs): the same list works in Jest and dist/. */
export const TASK_MIGRATIONS = [Baseline1795329973273];
