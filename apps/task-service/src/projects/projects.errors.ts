import { DomainException } from '@taskhub/platform-errors';
import { PROJECT_LIMITS } from './project';

/** Error codes of projects and their members (access errors, PROJECT.NOT_FOUND and the like, are in access.errors.ts). */
export const ProjectErrors = {
  KEY_TAKEN: 'PROJECT.KEY_TAKEN',
  NOT_ARCHIVED: 'PROJECT.NOT_ARCHIVED',
  LAST_OWNER: 'PROJECT.LAST_OWNER',
  MEMBER_EXISTS: 'PROJECT.MEMBER_EXISTS',
  MEMBER_NOT_FOUND: 'PROJECT.MEMBER_NOT_FOUND',
  MEMBER_LIMIT: 'PROJECT.MEMBER_LIMIT',
} as const;

export class ProjectKeyTakenException extends DomainException {
  constructor(key: string) {
    super(ProjectErrors.KEY_TAKEN, `the project key ${key} is taken: choose another`, 409);
  }
}

/** Unarchiving a project that is not archived. */
export class ProjectNotArchivedException extends DomainException {
  constructor(projectId: string) {
    super(ProjectErrors.NOT_ARCHIVED, `project ${projectId} is not archived`, 409);
  }
}

/** Demoting or removing the only owner would leave the project without one. */
export class LastOwnerException extends DomainException {
  constructor() {
    super(ProjectErrors.LAST_OWNER, 'a project keeps at least one owner: make someone else owner first', 409);
  }
}

export class MemberExistsException extends DomainException {
  constructor(userId: string) {
    super(ProjectErrors.MEMBER_EXISTS, `user ${userId} is already a member of this project: change their role instead`, 409);
  }
}

export class MemberNotFoundException extends DomainException {
  constructor(userId: string) {
    super(ProjectErrors.MEMBER_NOT_FOUND, `user ${userId} is not a member of this project`, 404);
  }
}

export class MemberLimitException extends DomainException {
  constructor() {
    super(ProjectErrors.MEMBER_LIMIT, `a project has at most ${PROJECT_LIMITS.members} members`, 409, { limit: PROJECT_LIMITS.members });
  }
}
