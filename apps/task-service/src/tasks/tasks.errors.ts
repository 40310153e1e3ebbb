import { DomainException } from '@taskhub/platform-errors';
import { TASK_LIMITS } from './task';

/** Error codes of the tasks feature (TASK.NOT_FOUND is access's: the same 404 whether missing or not yours). */
export const TaskErrors = {
  ASSIGNEE_NOT_MEMBER: 'TASK.ASSIGNEE_NOT_MEMBER',
  LABEL_NOT_IN_PROJECT: 'TASK.LABEL_NOT_IN_PROJECT',
  PARENT_NOT_IN_PROJECT: 'TASK.PARENT_NOT_IN_PROJECT',
  PARENT_DELETED: 'TASK.PARENT_DELETED',
  PARENT_CYCLE: 'TASK.PARENT_CYCLE',
  TOO_DEEP: 'TASK.TOO_DEEP',
  DATES_REVERSED: 'TASK.DATES_REVERSED',
  NOT_DELETED: 'TASK.NOT_DELETED',
  RESTORE_EXPIRED: 'TASK.RESTORE_EXPIRED',
} as const;

/**
 * A 400 about one field of the request, found against the database (not by the DTO's rules): `details` has the
 * shape of REQUEST.VALIDATION_FAILED's, `[{ field, constraints: { <rule>: message } }]`, so a client shows both alike.
 */
export abstract class TaskFieldException extends DomainException {
  protected constructor(code: string, field: string, rule: string, message: string) {
    super(code, message, 400, [{ field, constraints: { [rule]: message } }]);
  }
}

export class AssigneeNotMemberException extends TaskFieldException {
  constructor(userIds: readonly string[]) {
    super(TaskErrors.ASSIGNEE_NOT_MEMBER, 'assigneeIds', 'projectMember', `assigneeIds must be members of the project: ${userIds.join(', ')} not`);
  }
}

export class LabelNotInProjectException extends TaskFieldException {
  constructor(labelIds: readonly string[]) {
    super(TaskErrors.LABEL_NOT_IN_PROJECT, 'labelIds', 'projectLabel', `labelIds must be labels of the project: ${labelIds.join(', ')} not`);
  }
}

export class ParentNotInProjectException extends TaskFieldException {
  constructor(parentId: string) {
    super(TaskErrors.PARENT_NOT_IN_PROJECT, 'parentId', 'projectTask', `parentId must be a task of the same project: ${parentId} is not`);
  }
}

export class ParentDeletedException extends TaskFieldException {
  constructor(parentId: string) {
    super(TaskErrors.PARENT_DELETED, 'parentId', 'notDeleted', `parentId names a deleted task (${parentId}): restore it first`);
  }
}

export class ParentCycleException extends TaskFieldException {
  constructor(parentId: string) {
    super(TaskErrors.PARENT_CYCLE, 'parentId', 'noCycle', `parentId ${parentId} is this task or one of its subtasks: a task cannot be under itself`);
  }
}

export class TooDeepException extends TaskFieldException {
  constructor(levels: number) {
    super(TaskErrors.TOO_DEEP, 'parentId', 'maxDepth', `subtasks nest at most ${TASK_LIMITS.MAX_DEPTH} levels: this parentId would make ${levels}`);
  }
}

export class DatesReversedException extends TaskFieldException {
  constructor(field: 'startAt' | 'dueAt') {
    super(TaskErrors.DATES_REVERSED, field, 'startNotAfterDue', 'startAt must not be after dueAt');
  }
}

/** Restore of a task that is not deleted. */
export class TaskNotDeletedException extends DomainException {
  constructor(taskId: string) {
    super(TaskErrors.NOT_DELETED, `task ${taskId} is not deleted`, 409);
  }
}

/** Restore after the window: the task is gone for good (a purge may not have removed the row yet). */
export class RestoreExpiredException extends DomainException {
  constructor(taskId: string) {
    super(TaskErrors.RESTORE_EXPIRED, `task ${taskId} was deleted more than ${TASK_LIMITS.RESTORE_DAYS} days ago and can no longer be restored`, 410);
  }
}
