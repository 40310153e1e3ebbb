import { Injectable } from '@nestjs/common';
import { type ProjectRole } from '@taskhub/contracts';
import { type EntityManager } from 'typeorm';
import { type EditableProjectFields, type Project, type ProjectView } from './project';

/** Where the caller's project list is: the id of the last project of the page (UUIDv7: newest first). */
export interface ProjectListPosition {
  readonly id: string;
}

export interface ProjectListQuery {
  readonly userId: string;
  readonly archived?: boolean;
  readonly after?: ProjectListPosition;
  readonly limit: number;
}

interface ProjectRow {
  id: string;
  key: string;
  name: string;
  description: string | null;
  archived_at: Date | null;
  created_by: string;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'p.id, p.key, p.name, p.description, p.archived_at, p.created_by, p.version, p.created_at, p.updated_at';

function toProject(row: ProjectRow): Project {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    archived: row.archived_at !== null,
    archivedAt: row.archived_at?.toISOString() ?? null,
    createdBy: row.created_by,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The project table (members: MemberRepository). */
@Injectable()
export class ProjectRepository {
  /** Inserts the project; undefined when its key is taken (the unique index decides, also between concurrent creates). */
  async insertIfKeyFree(manager: EntityManager, input: { id: string; key: string; name: string; description: string | null; createdBy: string }): Promise<Project | undefined> {
    const rows = await manager.query<ProjectRow[]>(
      `INSERT INTO project AS p (id, key, name, description, created_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (key) DO NOTHING RETURNING ${COLUMNS}`,
      [input.id, input.key, input.name, input.description, input.createdBy],
    );
    return rows[0] && toProject(rows[0]);
  }

  async byId(manager: EntityManager, id: string): Promise<Project | undefined> {
    const rows = await manager.query<ProjectRow[]>(`SELECT ${COLUMNS} FROM project p WHERE p.id = $1`, [id]);
    return rows[0] && toProject(rows[0]);
  }

  /** The projects `userId` is a member of, newest first, with their role: served by the index on (user_id, project_id). */
  async listForMember(manager: EntityManager, query: ProjectListQuery): Promise<ProjectView[]> {
    const params: unknown[] = [query.userId, query.limit];
    const where = ['m.user_id = $1'];
    if (query.after) where.push(`m.project_id < $${params.push(query.after.id)}`);
    if (query.archived !== undefined) where.push(`p.archived_at IS ${query.archived ? 'NOT ' : ''}NULL`);
    const rows = await manager.query<(ProjectRow & { role: ProjectRole })[]>(
      `SELECT ${COLUMNS}, m.role FROM project_member m JOIN project p ON p.id = m.project_id
       WHERE ${where.join(' AND ')} ORDER BY m.project_id DESC LIMIT $2`,
      params,
    );
    return rows.map((row) => ({ ...toProject(row), role: row.role }));
  }

  /** The sizes GET /projects/:id shows (both lists are capped, so counting is cheap). */
  async counts(manager: EntityManager, id: string): Promise<{ memberCount: number; labelCount: number }> {
    const rows = await manager.query<{ members: number; labels: number }[]>(
      `SELECT (SELECT count(*)::int FROM project_member WHERE project_id = $1) AS members, (SELECT count(*)::int FROM label WHERE project_id = $1) AS labels`,
      [id],
    );
    return { memberCount: rows[0].members, labelCount: rows[0].labels };
  }

  /** Writes the changed fields (and `archived_at` when given) and bumps the version; returns the project as stored. */
  async update(manager: EntityManager, id: string, changes: EditableProjectFields & { archivedAt?: Date | null }): Promise<Project> {
    const params: unknown[] = [id];
    const sets = ['version = version + 1', 'updated_at = now()'];
    if (changes.name !== undefined) sets.push(`name = $${params.push(changes.name)}`);
    if (changes.description !== undefined) sets.push(`description = $${params.push(changes.description)}`);
    if (changes.archivedAt !== undefined) sets.push(`archived_at = $${params.push(changes.archivedAt)}`);
    const [rows] = await manager.query<[ProjectRow[], number]>(`UPDATE project p SET ${sets.join(', ')} WHERE p.id = $1 RETURNING ${COLUMNS}`, params);
    if (!rows[0]) throw new Error(`project ${id} vanished inside its own transaction`);
    return toProject(rows[0]);
  }

  /** Deletes the project and, by the foreign keys' cascades, everything in it. */
  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM project WHERE id = $1`, [id]);
  }
}
