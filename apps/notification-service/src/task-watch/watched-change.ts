import { type TaskTaskUpdatedV1 } from '@taskhub/contracts';
import { type WatchedChange } from './task-watch.repository';

const isIdList = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

/** The part of a task.task.updated.v1 the read model keeps (null: nothing it keeps changed). */
export function watchedChange(event: TaskTaskUpdatedV1): WatchedChange | null {
  const find = (field: string) => event.changes.find((c) => c.field === field);
  const assignees = find('assigneeIds');
  const title = find('title');
  const deletedAt = find('deletedAt');
  const change: WatchedChange = {
    taskId: event.taskId,
    projectId: event.projectId,
    version: event.version,
    assigneeIds: assignees && isIdList(assignees.new) ? assignees.new : null,
    title: title && typeof title.new === 'string' ? title.new : null,
    restored: deletedAt !== undefined && deletedAt.new === null,
  };
  return change.assigneeIds === null && change.title === null && !change.restored ? null : change;
}
