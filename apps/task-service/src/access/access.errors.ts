import { type ProjectRole } from '@taskhub/contracts';
import { DomainException } from '@taskhub/platform-errors';

/** Error codes of project access, shared by every feature of the task service. */
export const AccessErrors = {
  PROJECT_NOT_FOUND: 'PROJECT.NOT_FOUND',
  ROLE_TOO_LOW: 'PROJECT.ROLE_TOO_LOW',
  PROJECT_ARCHIVED: 'PROJECT.ARCHIVED',
  TASK_NOT_FOUND: 'TASK.NOT_FOUND',
} as const;

/** No such project, or the caller is not a member: the same answer, so a non-member learns nothing (never 403). */
export class ProjectNotFoundException extends DomainException {
  constructor(projectId: string) {
    super(AccessErrors.PROJECT_NOT_FOUND, `project ${projectId} not found`, 404);
  }
}

/** A member whose role is below what the action needs (a member may know the project exists). */
export class RoleTooLowException extends DomainException {
  constructor(role: ProjectRole, needed: ProjectRole) {
    super(AccessErrors.ROLE_TOO_LOW, `your role in this project (${role}) cannot do this: it needs ${needed}`, 403);
  }
}

/** An archived project is read-only until it is unarchived. */
export class ProjectArchivedException extends DomainException {
  constructor(projectId: string) {
    super(AccessErrors.PROJECT_ARCHIVED, `project ${projectId} is archived: unarchive it to change it`, 409);
  }
}

/** No such task (or deleted), or the caller is not a member of its project: one answer (never 403). */
export class TaskNotFoundException extends DomainException {
  constructor(taskId: string) {
    super(AccessErrors.TASK_NOT_FOUND, `task ${taskId} not found`, 404);
  }
}
