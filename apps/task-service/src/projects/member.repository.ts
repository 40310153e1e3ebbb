import { Injectable } from '@nestjs/common';
import { type ProjectRole } from '@taskhub/contracts';
import { type EntityManager } from 'typeorm';
import { type Member } from './project';

/**
 * Where the member list is: the last member's `added_at` as Postgres prints it (microseconds: a JS Date would round
 * them off and repeat or skip members on the next page) and user id (ties).
 */
export interface MemberListPosition {
  readonly addedAt: string;
  readonly userId: string;
}

/** One task the removed member was unassigned from: its new version and assignees before and after (sorted ids). */
export interface Unassignment {
  readonly taskId: string;
  readonly version: number;
  readonly before: string[];
  readonly after: string[];
}

interface MemberRow {
  user_id: string;
  role: ProjectRole;
  display_name: string | null;
  added_by: string;
  added_at: Date;
  position: string;
}

const COLUMNS = `m.user_id, m.role, pe.display_name, m.added_by, m.added_at, to_char(m.added_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS position`;

function toMember(row: MemberRow): Member {
  return { userId: row.user_id, role: row.role, displayName: row.display_name, addedBy: row.added_by, addedAt: row.added_at.toISOString() };
}

/** The project_member table, with names from the people read model. */
@Injectable()
export class MemberRepository {
  /** Adds the member; undefined when they are one already. */
  async insertIfAbsent(manager: EntityManager, input: { projectId: string; userId: string; role: ProjectRole; addedBy: string }): Promise<Member | undefined> {
    const rows = await manager.query<{ user_id: string }[]>(
      `INSERT INTO project_member (project_id, user_id, role, added_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING user_id`,
      [input.projectId, input.userId, input.role, input.addedBy],
    );
    return rows.length === 0 ? undefined : this.byUser(manager, input.projectId, input.userId);
  }

  async byUser(manager: EntityManager, projectId: string, userId: string): Promise<Member | undefined> {
    const rows = await manager.query<MemberRow[]>(
      `SELECT ${COLUMNS} FROM project_member m LEFT JOIN person pe ON pe.id = m.user_id WHERE m.project_id = $1 AND m.user_id = $2`,
      [projectId, userId],
    );
    return rows[0] && toMember(rows[0]);
  }

  /** Members in the order they joined (then by id), after `after`. */
  async list(manager: EntityManager, projectId: string, query: { after?: MemberListPosition; limit: number }): Promise<{ member: Member; position: MemberListPosition }[]> {
    const params: unknown[] = [projectId, query.limit];
    const after = query.after ? `AND (m.added_at, m.user_id) > ($${params.push(query.after.addedAt)}::timestamptz, $${params.push(query.after.userId)}::uuid)` : '';
    const rows = await manager.query<MemberRow[]>(
      `SELECT ${COLUMNS} FROM project_member m LEFT JOIN person pe ON pe.id = m.user_id
       WHERE m.project_id = $1 ${after} ORDER BY m.added_at, m.user_id LIMIT $2`,
      params,
    );
    return rows.map((row) => ({ member: toMember(row), position: { addedAt: row.position, userId: row.user_id } }));
  }

  /** How many members the project has, and how many of them are owners. */
  async counts(manager: EntityManager, projectId: string): Promise<{ members: number; owners: number }> {
    const rows = await manager.query<{ members: number; owners: number }[]>(
      `SELECT count(*)::int AS members, (count(*) FILTER (WHERE role = 'owner'))::int AS owners FROM project_member WHERE project_id = $1`,
      [projectId],
    );
    return rows[0];
  }

  async updateRole(manager: EntityManager, projectId: string, userId: string, role: ProjectRole): Promise<Member> {
    await manager.query(`UPDATE project_member SET role = $3 WHERE project_id = $1 AND user_id = $2`, [projectId, userId, role]);
    const member = await this.byUser(manager, projectId, userId);
    if (!member) throw new Error(`member ${userId} of ${projectId} vanished inside its own transaction`);
    return member;
  }

  async delete(manager: EntityManager, projectId: string, userId: string): Promise<void> {
    await manager.query(`DELETE FROM project_member WHERE project_id = $1 AND user_id = $2`, [projectId, userId]);
  }

  /**
   * Takes the user off every task of the project they are assigned to (soft-deleted ones too: a restored task must
   * not bring back a non-member) and bumps those tasks' versions; returns each task's assignees before and after.
   */
  async unassignFromProjectTasks(manager: EntityManager, projectId: string, userId: string): Promise<Unassignment[]> {
    const before = await manager.query<{ task_id: string; assignees: string[] }[]>(
      `SELECT a.task_id, array_agg(a.user_id ORDER BY a.user_id) AS assignees
       FROM task_assignee a JOIN task t ON t.id = a.task_id
       WHERE t.project_id = $1 AND a.task_id IN (SELECT task_id FROM task_assignee WHERE user_id = $2)
       GROUP BY a.task_id ORDER BY a.task_id`,
      [projectId, userId],
    );
    if (before.length === 0) return [];
    const taskIds = before.map((r) => r.task_id);
    await manager.query(`DELETE FROM task_assignee WHERE user_id = $1 AND task_id = ANY($2)`, [userId, taskIds]);
    const [versions] = await manager.query<[{ id: string; version: number }[], number]>(
      `UPDATE task SET version = version + 1, updated_at = now() WHERE id = ANY($1) RETURNING id, version`,
      [taskIds],
    );
    const versionOf = new Map(versions.map((v) => [v.id, v.version]));
    return before.map((r) => ({ taskId: r.task_id, version: versionOf.get(r.task_id)!, before: r.assignees, after: r.assignees.filter((id) => id !== userId) }));
  }
}
