import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type EditableLabelFields, type Label } from './label';

interface LabelRow {
  id: string;
  project_id: string;
  name: string;
  color: string;
  created_at: Date;
}

const COLUMNS = 'id, project_id, name, color, created_at';

function toLabel(row: LabelRow): Label {
  return { id: row.id, projectId: row.project_id, name: row.name, color: row.color, createdAt: row.created_at.toISOString() };
}

/** The label table. */
@Injectable()
export class LabelRepository {
  async insert(manager: EntityManager, input: { id: string; projectId: string; name: string; color: string }): Promise<Label> {
    const rows = await manager.query<LabelRow[]>(`INSERT INTO label (id, project_id, name, color) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`, [
      input.id,
      input.projectId,
      input.name,
      input.color,
    ]);
    return toLabel(rows[0]);
  }

  /** The label if it is one of this project's. */
  async byId(manager: EntityManager, projectId: string, id: string): Promise<Label | undefined> {
    const rows = await manager.query<LabelRow[]>(`SELECT ${COLUMNS} FROM label WHERE id = $1 AND project_id = $2`, [id, projectId]);
    return rows[0] && toLabel(rows[0]);
  }

  /** Every label of the project, by name ignoring case (then id). */
  async list(manager: EntityManager, projectId: string): Promise<Label[]> {
    const rows = await manager.query<LabelRow[]>(`SELECT ${COLUMNS} FROM label WHERE project_id = $1 ORDER BY lower(name), id`, [projectId]);
    return rows.map(toLabel);
  }

  async count(manager: EntityManager, projectId: string): Promise<number> {
    const rows = await manager.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM label WHERE project_id = $1`, [projectId]);
    return rows[0].n;
  }

  /** Whether another label of the project (not `exceptId`) has this name, ignoring case (the unique index's rule). */
  async nameTaken(manager: EntityManager, projectId: string, name: string, exceptId?: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(`SELECT 1 FROM label WHERE project_id = $1 AND lower(name) = lower($2) AND id IS DISTINCT FROM $3`, [
      projectId,
      name,
      exceptId ?? null,
    ]);
    return rows.length > 0;
  }

  async update(manager: EntityManager, id: string, changes: EditableLabelFields): Promise<Label> {
    const [rows] = await manager.query<[LabelRow[], number]>(
      `UPDATE label SET name = coalesce($2, name), color = coalesce($3, color) WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, changes.name ?? null, changes.color ?? null],
    );
    if (!rows[0]) throw new Error(`label ${id} vanished inside its own transaction`);
    return toLabel(rows[0]);
  }

  /** Deletes the label; it leaves every task it was on (ON DELETE CASCADE of task_label). */
  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM label WHERE id = $1`, [id]);
  }
}
