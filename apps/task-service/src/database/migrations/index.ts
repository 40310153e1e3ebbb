import { CreateInbox1795500000001 } from '@taskhub/platform-messaging';
import { Baseline1795329973273 } from './1795329973273-Baseline';
import { CreatePeople1796440014820 } from './1796440014820-CreatePeople';

/**
 * Every migration of the task database, oldest first. Listed explicitly (no globs): the same list works in Jest and
 * dist/. The inbox table is the platform's (the task service consumes the user service's events).
 */
export const TASK_MIGRATIONS = [Baseline1795329973273, CreateInbox1795500000001, CreatePeople1796440014820];
