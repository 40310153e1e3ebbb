import { Injectable } from '@nestjs/common';
import { type ProjectRole } from '@taskhub/contracts';
import { type EntityManager } from 'typeorm';
import { ProjectArchivedException, ProjectNotFoundException, RoleTooLowException, TaskNotFoundException } from './access.errors';

const RANK: Readonly<Record<ProjectRole, number>> = { viewer: 1, editor: 2, owner: 3 };

/** What a request knows of the project it acts in, once its access is checked. */
export interface ProjectMembership {
  readonly projectId: string;
  readonly key: string;
  readonly name: string;
  readonly archived: boolean;
  /** the caller's role */
  readonly role: ProjectRole;
}

/** A task as access checks see it, with the caller's membership in its project. */
export interface TaskMembership extends ProjectMembership {
  readonly taskId: string;
  readonly number: number;
  /** `<project key>-<number>` */
  readonly taskKey: string;
  readonly title: string;
  readonly version: number;
  readonly deletedAt: Date | null;
}

export interface TaskAccessOptions extends AccessOptions {
  /** a soft-deleted task is found too (restore, or its history); otherwise it answers 404 like a missing one */
  readonly includeDeleted?: boolean;
}

export interface AccessOptions {
  /** the action changes the project's content: refused while it is archived (409) */
  readonly write?: boolean;
  /** lock the project row until the transaction ends (serialises task numbering, member changes) */
  readonly lock?: boolean;
}

/**
 * Object-level authorisation (OWASP API1): every route that touches a project's content asks here first. A
 * non-member gets 404 whatever exists (never 403, which would confirm it), a member below the role needed 403, a
 * write to an archived project 409. One indexed query (project by id joined to the caller's membership).
 */
@Injectable()
export class ProjectAccess {
  async require(manager: EntityManager, projectId: string, userId: string, least: ProjectRole, options: AccessOptions = {}): Promise<ProjectMembership> {
    const rows = await manager.query<{ id: string; key: string; name: string; archived: boolean; role: ProjectRole }[]>(
      `SELECT p.id, p.key, p.name, p.archived_at IS NOT NULL AS archived, m.role
       FROM project p JOIN project_member m ON m.project_id = p.id AND m.user_id = $2
       WHERE p.id = $1${options.lock ? ' FOR UPDATE OF p' : ''}`,
      [projectId, userId],
    );
    const row = rows[0];
    if (!row) throw new ProjectNotFoundException(projectId);
    if (RANK[row.role] < RANK[least]) throw new RoleTooLowException(row.role, least);
    if (options.write && row.archived) throw new ProjectArchivedException(projectId);
    return { projectId: row.id, key: row.key, name: row.name, archived: row.archived, role: row.role };
  }

  /**
   * The same checks reached through a task: 404 TASK.NOT_FOUND when it does not exist, is deleted (unless
   * `includeDeleted`) or the caller is not a member of its project. `lock` locks the task row.
   */
  async requireTask(manager: EntityManager, taskId: string, userId: string, least: ProjectRole, options: TaskAccessOptions = {}): Promise<TaskMembership> {
    const rows = await manager.query<
      { project_id: string; key: string; name: string; archived: boolean; role: ProjectRole | null; number: number; title: string; version: number; deleted_at: Date | null }[]
    >(
      `SELECT t.project_id, p.key, p.name, p.archived_at IS NOT NULL AS archived, m.role, t.number, t.title, t.version, t.deleted_at
       FROM task t JOIN project p ON p.id = t.project_id LEFT JOIN project_member m ON m.project_id = t.project_id AND m.user_id = $2
       WHERE t.id = $1${options.lock ? ' FOR UPDATE OF t' : ''}`,
      [taskId, userId],
    );
    const row = rows[0];
    if (!row || row.role === null || (row.deleted_at !== null && !options.includeDeleted)) throw new TaskNotFoundException(taskId);
    if (RANK[row.role] < RANK[least]) throw new RoleTooLowException(row.role, least);
    if (options.write && row.archived) throw new ProjectArchivedException(row.project_id);
    return {
      projectId: row.project_id,
      key: row.key,
      name: row.name,
      archived: row.archived,
      role: row.role,
      taskId,
      number: row.number,
      taskKey: `${row.key}-${row.number}`,
      title: row.title,
      version: row.version,
      deletedAt: row.deleted_at,
    };
  }

  /** Whether `role` is at least `least` (for what a view shows: e.g. only owners see member management links). */
  static atLeast(role: ProjectRole, least: ProjectRole): boolean {
    return RANK[role] >= RANK[least];
  }
}
