import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

const iso = (value: Date | null): string | null => value?.toISOString() ?? null;

interface ProjectRow {
  id: string;
  key: string;
  name: string;
  description: string | null;
  created_by: string;
  archived_at: Date | null;
  created_at: Date;
  role: string;
  added_by: string;
  added_at: Date;
}

interface TaskRow {
  id: string;
  project_id: string;
  number: number;
  title: string;
  description: string | null;
  status: string;
  priority: string;
  start_at: Date | null;
  due_at: Date | null;
  parent_id: string | null;
  completed_at: Date | null;
  created_by: string;
  deleted_at: Date | null;
  created_at: Date;
  updated_at: Date;
  assignee_ids: string[];
}

interface CommentRow {
  id: string;
  task_id: string;
  body: string;
  mentions: string[];
  created_at: Date;
  updated_at: Date;
}

/**
 * The task service's part of a personal data export: `projects` the person is a member of (with their role),
 * `tasks` they created or are assigned (deleted ones too) and `comments` they wrote. Other people appear by id only:
 * nothing is joined with the people read model, and activity (which keeps actors' names) is left out.
 */
@Injectable()
export class TaskPersonalDataRepository {
  async part(manager: EntityManager, userId: string): Promise<Record<string, unknown>> {
    return { projects: await this.projects(manager, userId), tasks: await this.tasks(manager, userId), comments: await this.comments(manager, userId) };
  }

  private async projects(manager: EntityManager, userId: string): Promise<Record<string, unknown>[]> {
    const rows = await manager.query<ProjectRow[]>(
      `SELECT p.id, p.key, p.name, p.description, p.created_by, p.archived_at, p.created_at, m.role, m.added_by, m.added_at
         FROM project_member m JOIN project p ON p.id = m.project_id
        WHERE m.user_id = $1 ORDER BY p.created_at, p.id`,
      [userId],
    );
    return rows.map((r) => ({
      id: r.id,
      key: r.key,
      name: r.name,
      description: r.description,
      createdBy: r.created_by,
      archivedAt: iso(r.archived_at),
      createdAt: r.created_at.toISOString(),
      membership: { role: r.role, addedBy: r.added_by, addedAt: r.added_at.toISOString() },
    }));
  }

  private async tasks(manager: EntityManager, userId: string): Promise<Record<string, unknown>[]> {
    const rows = await manager.query<TaskRow[]>(
      `SELECT t.id, t.project_id, t.number, t.title, t.description, t.status, t.priority, t.start_at, t.due_at, t.parent_id,
              t.completed_at, t.created_by, t.deleted_at, t.created_at, t.updated_at,
              ARRAY(SELECT a.user_id FROM task_assignee a WHERE a.task_id = t.id ORDER BY a.user_id) AS assignee_ids
         FROM task t
        WHERE t.created_by = $1 OR EXISTS (SELECT 1 FROM task_assignee a WHERE a.task_id = t.id AND a.user_id = $1)
        ORDER BY t.created_at, t.id`,
      [userId],
    );
    return rows.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      number: r.number,
      title: r.title,
      description: r.description,
      status: r.status,
      priority: r.priority,
      startAt: iso(r.start_at),
      dueAt: iso(r.due_at),
      parentId: r.parent_id,
      completedAt: iso(r.completed_at),
      createdBy: r.created_by,
      assigneeIds: r.assignee_ids,
      createdByYou: r.created_by === userId,
      assignedToYou: r.assignee_ids.includes(userId),
      deletedAt: iso(r.deleted_at),
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    }));
  }

  private async comments(manager: EntityManager, userId: string): Promise<Record<string, unknown>[]> {
    const rows = await manager.query<CommentRow[]>(
      `SELECT id, task_id, body, mentions, created_at, updated_at FROM comment WHERE author_id = $1 ORDER BY created_at, id`,
      [userId],
    );
    return rows.map((r) => ({ id: r.id, taskId: r.task_id, body: r.body, mentionedIds: r.mentions, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString() }));
  }
}
