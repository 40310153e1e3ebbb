import { Injectable } from '@nestjs/common';
import { type ProjectRole } from '@taskhub/contracts';
import { type EntityManager } from 'typeorm';
import { type CachedProject, type CachedRole, MembershipCache } from '../caching/membership-cache';
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
 * write to an archived project 409. A `lock` call reads the database (project by id joined to the caller's
 * membership, locked); any other call takes the project and the caller's role from MembershipCache (in-process LRU,
 * then Redis, then the database through `manager`: make the check the first query of a REPEATABLE READ transaction,
 * as every caller does, so a load never reads an older snapshot than the cache's version).
 */
@Injectable()
export class ProjectAccess {
  constructor(private readonly cache: MembershipCache) {}

  async require(manager: EntityManager, projectId: string, userId: string, least: ProjectRole, options: AccessOptions = {}): Promise<ProjectMembership> {
    const row = options.lock ? await this.lockedMembership(manager, projectId, userId) : await this.cachedMembership(manager, projectId, userId);
    return checked(row, projectId, least, options);
  }

  /**
   * `require(editor, { write, lock })` and the project's next task number in one statement: the counter's UPDATE
   * locks the project row until the transaction ends, as the locked read does (a refusal, or any later failure, rolls
   * the number back with the transaction: numbers never skip). One round trip instead of two under the lock.
   */
  async requireWithNextTaskNumber(manager: EntityManager, projectId: string, userId: string): Promise<ProjectMembership & { readonly number: number }> {
    const [rows] = await manager.query<[(MembershipRow & { number: number })[], number]>(
      `UPDATE project p SET task_counter = p.task_counter + 1
       FROM project_member m
       WHERE p.id = $1 AND m.project_id = p.id AND m.user_id = $2
       RETURNING p.id, p.key, p.name, p.archived_at IS NOT NULL AS archived, m.role, p.task_counter AS number`,
      [projectId, userId],
    );
    const membership = checked(rows[0], projectId, 'editor', { write: true });
    return { ...membership, number: rows[0].number };
  }

  /**
   * The same checks reached through a task: 404 TASK.NOT_FOUND when it does not exist, is deleted (unless
   * `includeDeleted`) or the caller is not a member of its project. `lock` locks the task row.
   */
  async requireTask(manager: EntityManager, taskId: string, userId: string, least: ProjectRole, options: TaskAccessOptions = {}): Promise<TaskMembership> {
    const row = options.lock ? await this.lockedTask(manager, taskId, userId) : await this.cachedTask(manager, taskId, userId);
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

  private async lockedMembership(manager: EntityManager, projectId: string, userId: string): Promise<MembershipRow | undefined> {
    const rows = await manager.query<MembershipRow[]>(
      `SELECT p.id, p.key, p.name, p.archived_at IS NOT NULL AS archived, m.role
       FROM project p JOIN project_member m ON m.project_id = p.id AND m.user_id = $2
       WHERE p.id = $1 FOR UPDATE OF p`,
      [projectId, userId],
    );
    return rows[0];
  }

  private async cachedMembership(manager: EntityManager, projectId: string, userId: string): Promise<MembershipRow | undefined> {
    const project = await this.cache.project(projectId, () => loadProject(manager, projectId));
    if (!project) return undefined;
    const member = await this.cache.role(projectId, userId, () => loadRole(manager, projectId, userId));
    if (!member?.role) return undefined;
    return { ...project, role: member.role };
  }

  private async lockedTask(manager: EntityManager, taskId: string, userId: string): Promise<TaskAccessRow | undefined> {
    const rows = await manager.query<TaskAccessRow[]>(
      `SELECT t.project_id, p.key, p.name, p.archived_at IS NOT NULL AS archived, m.role, t.number, t.title, t.version, t.deleted_at
       FROM task t JOIN project p ON p.id = t.project_id LEFT JOIN project_member m ON m.project_id = t.project_id AND m.user_id = $2
       WHERE t.id = $1 FOR UPDATE OF t`,
      [taskId, userId],
    );
    return rows[0];
  }

  /** The task row (by primary key), then its project and the caller's role from the cache. */
  private async cachedTask(manager: EntityManager, taskId: string, userId: string): Promise<TaskAccessRow | undefined> {
    const rows = await manager.query<Pick<TaskAccessRow, 'project_id' | 'number' | 'title' | 'version' | 'deleted_at'>[]>(
      `SELECT project_id, number, title, version, deleted_at FROM task WHERE id = $1`,
      [taskId],
    );
    const task = rows[0];
    if (!task) return undefined;
    const membership = await this.cachedMembership(manager, task.project_id, userId);
    if (!membership) return undefined;
    return { ...task, key: membership.key, name: membership.name, archived: membership.archived, role: membership.role };
  }
}

/** The checks of `require` on the caller's membership row (undefined: not a member, or no such project). */
function checked(row: MembershipRow | undefined, projectId: string, least: ProjectRole, options: AccessOptions): ProjectMembership {
  if (!row) throw new ProjectNotFoundException(projectId);
  if (RANK[row.role] < RANK[least]) throw new RoleTooLowException(row.role, least);
  if (options.write && row.archived) throw new ProjectArchivedException(projectId);
  return { projectId: row.id, key: row.key, name: row.name, archived: row.archived, role: row.role };
}

interface MembershipRow extends CachedProject {
  readonly role: ProjectRole;
}

interface TaskAccessRow {
  readonly project_id: string;
  readonly key: string;
  readonly name: string;
  readonly archived: boolean;
  readonly role: ProjectRole | null;
  readonly number: number;
  readonly title: string;
  readonly version: number;
  readonly deleted_at: Date | null;
}

async function loadProject(manager: EntityManager, projectId: string): Promise<CachedProject | null> {
  const rows = await manager.query<CachedProject[]>(`SELECT id, key, name, archived_at IS NOT NULL AS archived FROM project WHERE id = $1`, [projectId]);
  return rows[0] ?? null;
}

async function loadRole(manager: EntityManager, projectId: string, userId: string): Promise<CachedRole> {
  const rows = await manager.query<{ role: ProjectRole }[]>(`SELECT role FROM project_member WHERE project_id = $1 AND user_id = $2`, [projectId, userId]);
  return { role: rows[0]?.role ?? null };
}