import { CreateInbox1795500000001, CreateOutbox1795500000000, DropOutboxNotifyTrigger1796151356792 } from '@taskhub/platform-messaging';
import { Baseline1795329973273 } from './1795329973273-Baseline';
import { CreatePeople1796440014820 } from './1796440014820-CreatePeople';
import { CreateProjects1796442064422 } from './1796442064422-CreateProjects';
import { TaskListSearch1797010000000 } from './1797010000000-TaskListSearch';
import { TaskListIndexes1797020000000 } from './1797020000000-TaskListIndexes';
import { TaskStatsIndex1797030000000 } from './1797030000000-TaskStatsIndex';
import { CreateRemindersAndExports1797040000000 } from './1797040000000-CreateRemindersAndExports';
import { PartitionActivityByMonth1797050000000 } from './1797050000000-PartitionActivityByMonth';
import { DropDuplicateDueIndex1797060000000 } from './1797060000000-DropDuplicateDueIndex';
import { StoreExportFilesInPostgres1797070000000 } from './1797070000000-StoreExportFilesInPostgres';
import { TaskStatsIndexCoversId1797080000000 } from './1797080000000-TaskStatsIndexCoversId';
import { PersonErasure1797350000000 } from './1797350000000-PersonErasure';

/**
 * Every migration of the task database, oldest first (TypeORM applies them in timestamp order). Listed explicitly (no globs): the same list works in Jest and
 * dist/. The inbox and outbox tables are the platform's (the task service consumes the user service's events and
 * produces task.* events).
 */
export const TASK_MIGRATIONS = [
  Baseline1795329973273,
  CreateOutbox1795500000000,
  CreateInbox1795500000001,
  DropOutboxNotifyTrigger1796151356792,
  CreatePeople1796440014820,
  CreateProjects1796442064422,
  TaskListSearch1797010000000,
  TaskListIndexes1797020000000,
  TaskStatsIndex1797030000000,
  CreateRemindersAndExports1797040000000,
  PartitionActivityByMonth1797050000000,
  DropDuplicateDueIndex1797060000000,
  StoreExportFilesInPostgres1797070000000,
  TaskStatsIndexCoversId1797080000000,
  PersonErasure1797350000000,
];
