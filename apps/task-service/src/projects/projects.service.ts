import { Injectable } from '@nestjs/common';
import { type FieldChangeV1, TASK_PROJECT_CREATED_V1 } from '@taskhub/contracts';
import { type AuthenticatedUser } from '@taskhub/platform-auth';
import { type Page, PageCursors, pageLimit, StaleVersionException } from '@taskhub/platform-http';
import { writeToOutbox } from '@taskhub/platform-messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ProjectAccess } from '../access/project-access';
import { ActivityLog } from '../activity/activity-log';
import { MembershipCache } from '../caching/membership-cache';
import { ProjectGenerations } from '../caching/project-generations';
import { type CreateProjectRequestDto } from './dto/create-project.request.dto';
import { type ListProjectsQueryDto } from './dto/list-projects.query.dto';
import { type UpdateProjectRequestDto } from './dto/update-project.request.dto';
import { type EditableProjectFields, type Project, type ProjectView } from './project';
import { type ProjectListPosition, ProjectRepository } from './project.repository';
import { ProjectKeyTakenException, ProjectNotArchivedException } from './projects.errors';

const EDITABLE: readonly (keyof EditableProjectFields)[] = ['name', 'description'];

/** Projects: created by anyone (who becomes the owner), read by members, changed, archived and deleted by owners. */
@Injectable()
export class ProjectsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projects: ProjectRepository,
    private readonly access: ProjectAccess,
    private readonly activity: ActivityLog,
    private readonly cursors: PageCursors,
    private readonly membership: MembershipCache,
    private readonly generations: ProjectGenerations,
  ) {}

  /** The caller (known from the token, even before the people read model has seen them) becomes the owner. */
  create(user: AuthenticatedUser, input: CreateProjectRequestDto): Promise<ProjectView> {
    return this.dataSource.transaction(async (manager) => {
      const description = input.description ?? null;
      const project = await this.projects.insertIfKeyFree(manager, { id: uuidv7(), key: input.key, name: input.name, description, createdBy: user.id });
      if (!project) throw new ProjectKeyTakenException(input.key);
      await manager.query(`INSERT INTO project_member (project_id, user_id, role, added_by) VALUES ($1, $2, 'owner', $2)`, [project.id, user.id]);
      await writeToOutbox(manager, TASK_PROJECT_CREATED_V1, { projectId: project.id, key: project.key, name: project.name, ownerId: user.id });
      const changes: FieldChangeV1[] = [
        { field: 'key', old: null, new: project.key },
        { field: 'name', old: null, new: project.name },
        ...(description === null ? [] : [{ field: 'description', old: null, new: description }]),
      ];
      await this.activity.record(manager, { projectId: project.id, actorId: user.id, action: 'project.created', changes });
      return { ...project, role: 'owner' as const };
    });
  }

  /** The caller's projects, newest first (UUIDv7 ids), optionally only archived or only active ones. */
  async list(user: AuthenticatedUser, query: ListProjectsQueryDto): Promise<Page<ProjectView>> {
    const binding = { list: 'task.projects', archived: query.archived ?? null };
    const limit = pageLimit(query);
    const after = this.cursors.decode<ProjectListPosition>(query.cursor, binding);
    const rows = await this.projects.listForMember(this.dataSource.manager, { userId: user.id, archived: query.archived, after, limit: limit + 1 });
    return this.cursors.page(rows, limit, (last) => ({ id: last.id }), binding);
  }

  /** Any member; with the numbers of members and labels. */
  byId(user: AuthenticatedUser, projectId: string): Promise<ProjectView & { memberCount: number; labelCount: number }> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const { role } = await this.access.require(manager, projectId, user.id, 'viewer');
      const project = await this.load(manager, projectId);
      return { ...project, role, ...(await this.projects.counts(manager, projectId)) };
    });
  }

  /**
   * Owners; not while archived; `expectedVersion` (If-Match) must be the stored one. A PATCH that changes nothing
   * changes no version and records nothing.
   */
  update(user: AuthenticatedUser, projectId: string, input: UpdateProjectRequestDto, expectedVersion: number): Promise<ProjectView> {
    return this.dataSource.transaction(async (manager) => {
      const { role } = await this.access.require(manager, projectId, user.id, 'owner', { write: true, lock: true });
      const current = await this.load(manager, projectId, expectedVersion);
      const changed = EDITABLE.filter((field) => input[field] !== undefined && input[field] !== current[field]);
      if (changed.length === 0) return { ...current, role };
      const updated = await this.projects.update(manager, projectId, Object.fromEntries(changed.map((f) => [f, input[f]])));
      this.membership.forgetProjectAfterCommit(manager, projectId);
      const changes = changed.map((field) => ({ field, old: current[field], new: updated[field] }));
      await this.activity.record(manager, { projectId, actorId: user.id, action: 'project.updated', changes });
      return { ...updated, role };
    });
  }

  /** Owners: the project becomes read-only (409 PROJECT.ARCHIVED to every write) until unarchived. */
  archive(user: AuthenticatedUser, projectId: string): Promise<ProjectView> {
    return this.dataSource.transaction(async (manager) => {
      const { role } = await this.access.require(manager, projectId, user.id, 'owner', { write: true, lock: true });
      const updated = await this.projects.update(manager, projectId, { archivedAt: new Date() });
      this.membership.forgetProjectAfterCommit(manager, projectId);
      await this.activity.record(manager, { projectId, actorId: user.id, action: 'project.archived', changes: [{ field: 'archived', old: false, new: true }] });
      return { ...updated, role };
    });
  }

  /** Owners: the one write an archived project takes. */
  unarchive(user: AuthenticatedUser, projectId: string): Promise<ProjectView> {
    return this.dataSource.transaction(async (manager) => {
      const { role, archived } = await this.access.require(manager, projectId, user.id, 'owner', { lock: true });
      if (!archived) throw new ProjectNotArchivedException(projectId);
      const updated = await this.projects.update(manager, projectId, { archivedAt: null });
      this.membership.forgetProjectAfterCommit(manager, projectId);
      await this.activity.record(manager, { projectId, actorId: user.id, action: 'project.unarchived', changes: [{ field: 'archived', old: true, new: false }] });
      return { ...updated, role };
    });
  }

  /**
   * Owners, archived or not, at `expectedVersion` (If-Match): the project and everything in it (members, labels,
   * tasks, comments, activity) go for good.
   */
  async delete(user: AuthenticatedUser, projectId: string, expectedVersion: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.access.require(manager, projectId, user.id, 'owner', { lock: true });
      await this.load(manager, projectId, expectedVersion);
      await this.projects.delete(manager, projectId);
      this.membership.forgetProjectAfterCommit(manager, projectId);
      this.generations.bumpAfterCommit(manager, projectId); // no activity entry: it goes with the project
    });
  }

  /** The project once its access is checked; 412 when it is not at `expectedVersion` (read under the row's lock). */
  private async load(manager: EntityManager, projectId: string, expectedVersion?: number): Promise<Project> {
    const project = await this.projects.byId(manager, projectId);
    if (!project) throw new Error(`project ${projectId} vanished after its access check`);
    if (expectedVersion !== undefined && project.version !== expectedVersion) throw new StaleVersionException(project.version);
    return project;
  }
}
