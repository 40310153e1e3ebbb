import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type CommentView } from './comment';

interface CommentRow {
  id: string;
  task_id: string;
  author_id: string;
  author_name: string | null;
  body: string;
  mentions: string[];
  version: number;
  created_at: Date;
  updated_at: Date;
}

const SELECT = `SELECT c.id, c.task_id, c.author_id, p.display_name AS author_name, c.body, c.mentions, c.version, c.created_at, c.updated_at
  FROM comment c LEFT JOIN person p ON p.id = c.author_id`;

function toView(row: CommentRow): CommentView {
  return {
    id: row.id,
    taskId: row.task_id,
    authorId: row.author_id,
    authorName: row.author_name,
    body: row.body,
    mentions: row.mentions,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The comment table (with the author's current name from the people read model). */
@Injectable()
export class CommentRepository {
  async insert(manager: EntityManager, comment: { id: string; taskId: string; authorId: string; body: string; mentions: string[] }): Promise<CommentView> {
    await manager.query(`INSERT INTO comment (id, task_id, author_id, body, mentions) VALUES ($1, $2, $3, $4, $5)`, [
      comment.id,
      comment.taskId,
      comment.authorId,
      comment.body,
      comment.mentions,
    ]);
    return (await this.byId(manager, comment.taskId, comment.id))!;
  }

  /** The comment of this task (a comment id under another task is not found), optionally locked. */
  async byId(manager: EntityManager, taskId: string, commentId: string, lock = false): Promise<CommentView | undefined> {
    const rows = await manager.query<CommentRow[]>(`${SELECT} WHERE c.task_id = $1 AND c.id = $2${lock ? ' FOR UPDATE OF c' : ''}`, [taskId, commentId]);
    return rows[0] && toView(rows[0]);
  }

  async update(manager: EntityManager, commentId: string, change: { body: string; mentions: string[] }): Promise<void> {
    await manager.query(`UPDATE comment SET body = $2, mentions = $3, version = version + 1, updated_at = now() WHERE id = $1`, [commentId, change.body, change.mentions]);
  }

  async delete(manager: EntityManager, commentId: string): Promise<void> {
    await manager.query(`DELETE FROM comment WHERE id = $1`, [commentId]);
  }

  /** Oldest first (the ids are time-ordered), after `afterId`. */
  async page(manager: EntityManager, taskId: string, afterId: string | undefined, limit: number): Promise<CommentView[]> {
    const rows = await manager.query<CommentRow[]>(
      `${SELECT} WHERE c.task_id = $1${afterId ? ' AND c.id > $3' : ''} ORDER BY c.id LIMIT $2`,
      afterId ? [taskId, limit, afterId] : [taskId, limit],
    );
    return rows.map(toView);
  }
}
