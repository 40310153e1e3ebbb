import { Injectable } from '@nestjs/common';
import { TASK_TASK_UPDATED_V1 } from '@taskhub/contracts';
import { type AuthenticatedUser } from '@taskhub/platform-auth';
import { StaleVersionException } from '@taskhub/platform-http';
import { afterCommit } from '@taskhub/platform-database';
import { writeToOutbox } from '@taskhub/platform-messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { TaskNotFoundException } from '../access/access.errors';
import { ProjectAccess, type TaskMembership } from '../access/project-access';
import { ActivityLog } from '../activity/activity-log';
import { type CreateTaskRequestDto } from './dto/create-task.request.dto';
import { type UpdateTaskRequestDto } from './dto/update-task.request.dto';
import { idSet, normaliseInstant, type Task, TASK_LIMITS, type TaskFields } from './task';
import { initialChanges } from './task-changes';
import { locksProject, TaskChanger } from './task-changer';
import { ProjectCreateQueue } from './project-create-queue';
import { createdEvents, publishDeleted } from './task-events';
import { checkSchedule, TaskReferences } from './task-references';
import { TaskRepository } from './task.repository';
import { RestoreExpiredException, TaskNotDeletedException } from './tasks.errors';

const DAY_MS = 86_400_000;
/** `WEB-42`: the project's key (any case) and a number */
const TASK_KEY = /^([A-Za-z][A-Za-z0-9]{1,9})-([1-9]\d{0,8})$/;

/**
 * Tasks: created with a gap-free per-project number, read by id or key, changed field by field with the history and
 * the events of each change in its transaction, soft-deleted and restored within 30 days. Every route checks the
 * caller's membership first (ProjectAccess: 404 to non-members); writes need an editor of a project not archived.
 */
@Injectable()
export class TasksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ProjectAccess,
    private readonly activity: ActivityLog,
    private readonly tasks: TaskRepository,
    private readonly references: TaskReferences,
    private readonly changer: TaskChanger,
    private readonly numbering: ProjectCreateQueue,
  ) {}

  create(user: AuthenticatedUser, input: CreateTaskRequestDto): Promise<Task> {
    const fields = newTaskFields(input);
    checkSchedule(fields.startAt, fields.dueAt, input);
    // one create holds a connection, and its project's row, at a time in this process: the others wait in memory,
    // so waiters for a busy project never take the pool's connections from creates in other projects
    return this.numbering.run(input.projectId, (done) =>
      this.dataSource.transaction(async (manager) => {
        // the next create of the project may start at this one's commit, not after what runs after it (a Redis round trip)
        afterCommit(manager, done);
        // the project row stays locked until commit (the number's UPDATE): creators take numbers one after another,
        // and members and moves in the project wait, so the checks below still hold when the task is written; a check
        // that fails from here on rolls the number back with the transaction: numbers never skip
        const project = await this.access.requireWithNextTaskNumber(manager, input.projectId, user.id);
        await this.references.checkAssignees(manager, project.projectId, fields.assigneeIds);
        await this.references.checkLabels(manager, project.projectId, fields.labelIds);
        if (fields.parentId !== null) await this.references.checkParent(manager, project.projectId, fields.parentId);
        const task = await this.tasks.insertNew(manager, { id: uuidv7(), projectId: project.projectId, number: project.number, createdBy: user.id, ...fields }, project.key);
        // the history entry and the events in one statement: the last round trip before the commit
        const entry = { projectId: task.projectId, taskId: task.id, actorId: user.id, action: 'task.created', changes: initialChanges(task) } as const;
        await this.activity.record(manager, entry, createdEvents(task, user.id));
        return task;
      }),
    );
  }

  async byId(user: AuthenticatedUser, taskId: string): Promise<Task> {
    const manager = this.dataSource.manager;
    await this.access.requireTask(manager, taskId, user.id, 'viewer');
    return this.load(manager, taskId);
  }

  /** By its key in a project (`WEB-42`): 404 when the key is another project's, malformed, or names no live task. */
  async byKey(user: AuthenticatedUser, projectId: string, key: string): Promise<Task> {
    const manager = this.dataSource.manager;
    const project = await this.access.require(manager, projectId, user.id, 'viewer');
    const match = TASK_KEY.exec(key);
    const id = match && match[1].toUpperCase() === project.key ? await this.tasks.idByNumber(manager, project.projectId, Number(match[2])) : undefined;
    if (!id) throw new TaskNotFoundException(key);
    return this.load(manager, id);
  }

  /**
   * Changes the fields sent, if the task is still at `expectedVersion` (If-Match; 412 otherwise); nothing changed:
   * the task as it is (no new version, no history, no event).
   */
  update(user: AuthenticatedUser, taskId: string, input: UpdateTaskRequestDto, expectedVersion: number): Promise<Task> {
    return this.dataSource.transaction(async (manager) => {
      const found = await this.lockForUpdate(manager, user, taskId, locksProject(input));
      if (found.version !== expectedVersion) throw new StaleVersionException(found.version);
      return (await this.changer.apply(manager, user.id, found.taskId, input)).after;
    });
  }

  /** Soft delete at `expectedVersion` (412 otherwise): restorable for 30 days; its subtasks stay (their parent shown deleted). */
  async remove(user: AuthenticatedUser, taskId: string, expectedVersion: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const found = await this.access.requireTask(manager, taskId.toLowerCase(), user.id, 'editor', { write: true, lock: true });
      if (found.version !== expectedVersion) throw new StaleVersionException(found.version);
      const { deletedAt } = await this.tasks.softDelete(manager, found.taskId);
      const restorableUntil = new Date(Date.parse(deletedAt) + TASK_LIMITS.RESTORE_DAYS * DAY_MS).toISOString();
      await this.activity.record(manager, {
        projectId: found.projectId,
        taskId: found.taskId,
        actorId: user.id,
        action: 'task.deleted',
        changes: [{ field: 'deletedAt', old: null, new: deletedAt }],
      });
      await publishDeleted(manager, found, restorableUntil, user.id);
    });
  }

  /** Undoes a delete younger than 30 days (410 after); announced as task.task.updated.v1 with the deletedAt change. */
  restore(user: AuthenticatedUser, taskId: string): Promise<Task> {
    return this.dataSource.transaction(async (manager) => {
      const found = await this.access.requireTask(manager, taskId, user.id, 'editor', { write: true, lock: true, includeDeleted: true });
      if (found.deletedAt === null) throw new TaskNotDeletedException(found.taskId);
      if (!(await this.tasks.restoreWithin(manager, found.taskId, TASK_LIMITS.RESTORE_DAYS))) throw new RestoreExpiredException(found.taskId);
      const task = await this.load(manager, found.taskId);
      const changes = [{ field: 'deletedAt', old: found.deletedAt.toISOString(), new: null }];
      await this.activity.record(manager, { projectId: task.projectId, taskId: task.id, actorId: user.id, action: 'task.restored', changes });
      await writeToOutbox(manager, TASK_TASK_UPDATED_V1, { taskId: task.id, projectId: task.projectId, version: task.version, changes, updatedBy: user.id });
      return task;
    });
  }

  /**
   * The task row locked for a change. A change of its parent, assignees or labels also locks the project row (moves,
   * member and label changes one at a time), taken before the task's: the order a create under this task takes them.
   */
  private async lockForUpdate(manager: EntityManager, user: AuthenticatedUser, taskId: string, lockProject: boolean): Promise<TaskMembership> {
    if (!lockProject) return this.access.requireTask(manager, taskId, user.id, 'editor', { write: true, lock: true });
    const { projectId } = await this.access.requireTask(manager, taskId, user.id, 'editor', { write: true });
    await this.access.require(manager, projectId, user.id, 'editor', { write: true, lock: true });
    return this.access.requireTask(manager, taskId, user.id, 'editor', { write: true, lock: true });
  }

  private load(manager: EntityManager, id: string): Promise<Task> {
    return this.changer.load(manager, id);
  }
}

function newTaskFields(input: CreateTaskRequestDto): TaskFields {
  return {
    title: input.title,
    description: input.description ?? null,
    status: input.status ?? 'todo',
    priority: input.priority ?? 'none',
    startAt: normaliseInstant(input.startAt ?? null),
    dueAt: normaliseInstant(input.dueAt ?? null),
    parentId: input.parentId?.toLowerCase() ?? null,
    assigneeIds: idSet(input.assigneeIds ?? []),
    labelIds: idSet(input.labelIds ?? []),
  };
}
