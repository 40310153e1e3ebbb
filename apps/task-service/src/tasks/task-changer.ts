import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { TaskNotFoundException } from '../access/access.errors';
import { ActivityLog } from '../activity/activity-log';
import { COMPLETED_STATUS, fieldsOf, idSet, normaliseInstant, type Task, type TaskFields } from './task';
import { changedFields, fieldChanges } from './task-changes';
import { publishUpdated } from './task-events';
import { checkSchedule, TaskReferences } from './task-references';
import { TaskRepository, type TaskScalars } from './task.repository';

const SCALARS: readonly (keyof TaskScalars)[] = ['title', 'description', 'status', 'priority', 'startAt', 'dueAt', 'parentId'];

/** The fields a change sends (PATCH /tasks/:id, the `set` of POST /tasks/bulk): those left out stay. */
export interface TaskChangeInput {
  readonly title?: string;
  readonly description?: string | null;
  readonly status?: TaskFields['status'];
  readonly priority?: TaskFields['priority'];
  readonly startAt?: string | null;
  readonly dueAt?: string | null;
  readonly parentId?: string | null;
  readonly assigneeIds?: readonly string[];
  readonly labelIds?: readonly string[];
}

export interface TaskChange {
  readonly before: Task;
  /** the task after the change; `before` itself when nothing changed */
  readonly after: Task;
  readonly changed: boolean;
}

/** Whether a change of these fields needs the project row locked first (parent, assignees, labels: see lockForUpdate). */
export function locksProject(input: TaskChangeInput): boolean {
  return input.parentId !== undefined || input.assigneeIds !== undefined || input.labelIds !== undefined;
}

/**
 * One task's change, the rules of the single PATCH and of the bulk edit alike: the caller has checked access and
 * holds the task's lock (and the project's when `locksProject`). Writes the changed fields, the history entry and the
 * events in the caller's transaction; a change that changes nothing writes nothing (no version, history or event).
 */
@Injectable()
export class TaskChanger {
  constructor(
    private readonly activity: ActivityLog,
    private readonly tasks: TaskRepository,
    private readonly references: TaskReferences,
  ) {}

  async apply(manager: EntityManager, actorId: string, taskId: string, input: TaskChangeInput): Promise<TaskChange> {
    const before = await this.load(manager, taskId);
    const requested = requestedFields(input);
    const changed = changedFields(fieldsOf(before), requested);
    if (changed.length === 0) return { before, after: before, changed: false };
    const fields: TaskFields = { ...fieldsOf(before), ...definedOnly(requested) };
    if (changed.includes('startAt') || changed.includes('dueAt')) checkSchedule(fields.startAt, fields.dueAt, input);
    if (changed.includes('assigneeIds')) await this.references.checkAssignees(manager, before.projectId, fields.assigneeIds);
    if (changed.includes('labelIds')) await this.references.checkLabels(manager, before.projectId, fields.labelIds);
    if (changed.includes('parentId') && fields.parentId !== null) await this.references.checkParent(manager, before.projectId, fields.parentId, before.id);
    const scalars = Object.fromEntries(SCALARS.filter((f) => changed.includes(f)).map((f) => [f, fields[f]])) as Partial<TaskScalars>;
    await this.tasks.update(manager, before.id, scalars, changed.includes('status') ? fields.status === COMPLETED_STATUS : undefined);
    if (changed.includes('assigneeIds')) await this.tasks.replaceAssignees(manager, before.id, fields.assigneeIds);
    if (changed.includes('labelIds')) await this.tasks.replaceLabels(manager, before.id, fields.labelIds);
    const after = await this.load(manager, before.id);
    const changes = fieldChanges(before, after);
    await this.activity.record(manager, { projectId: after.projectId, taskId: after.id, actorId, action: 'task.updated', changes });
    await publishUpdated(manager, before, after, changes, actorId);
    return { before, after, changed: true };
  }

  async load(manager: EntityManager, id: string): Promise<Task> {
    const task = await this.tasks.byId(manager, id);
    if (!task) throw new TaskNotFoundException(id);
    return task;
  }
}

/** The change's fields as the service compares and stores them; those not sent stay undefined. */
function requestedFields(input: TaskChangeInput): Partial<TaskFields> {
  return {
    title: input.title,
    description: input.description,
    status: input.status,
    priority: input.priority,
    startAt: input.startAt === undefined ? undefined : normaliseInstant(input.startAt),
    dueAt: input.dueAt === undefined ? undefined : normaliseInstant(input.dueAt),
    parentId: input.parentId === undefined ? undefined : (input.parentId?.toLowerCase() ?? null),
    assigneeIds: input.assigneeIds === undefined ? undefined : idSet(input.assigneeIds),
    labelIds: input.labelIds === undefined ? undefined : idSet(input.labelIds),
  };
}

function definedOnly(fields: Partial<TaskFields>): Partial<TaskFields> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
