import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { CONTRIBUTED_PARTS, type ContributedPart, type DataExport, type DataExportPart } from './personal-data-export';

interface ExportRow {
  id: string;
  user_id: string;
  status: 'running' | 'complete';
  created_at: Date;
  completed_at: Date | null;
  expires_at: Date;
  archive_bytes: number | null;
}

interface PartRow {
  part: ContributedPart;
  received_at: Date | null;
}

const EXPORT_COLUMNS = 'id, user_id, status, created_at, completed_at, expires_at, archive_bytes';

function toExport(row: ExportRow, parts: readonly PartRow[]): DataExport {
  const byName = new Map(parts.map((p) => [p.part, p]));
  return {
    id: row.id,
    userId: row.user_id,
    status: row.status,
    createdAt: row.created_at,
    completedAt: row.completed_at,
    expiresAt: row.expires_at,
    archiveBytes: row.archive_bytes,
    parts: CONTRIBUTED_PARTS.map((name): DataExportPart => {
      const receivedAt = byName.get(name)?.received_at ?? null;
      return { name, status: receivedAt ? 'received' : 'pending', receivedAt: receivedAt?.toISOString() ?? null };
    }),
  };
}

/**
 * The personal data export tables (raw SQL: a bytea archive and a partial unique index). UPDATE and DELETE answer
 * `[rows, count]` through TypeORM.
 */
@Injectable()
export class DataExportRepository {
  /**
   * A running export with its parts pending; undefined when the person has one running already (partial unique index).
   * Its creation time is the caller's, so that `expiresAt` is exactly the TTL after it.
   */
  async insertRunning(manager: EntityManager, input: { id: string; userId: string; createdAt: Date; expiresAt: Date }): Promise<DataExport | undefined> {
    const inserted = await manager.query<ExportRow[]>(
      `INSERT INTO personal_data_export (id, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id) WHERE status = 'running' DO NOTHING RETURNING ${EXPORT_COLUMNS}`,
      [input.id, input.userId, input.createdAt, input.expiresAt],
    );
    if (inserted.length === 0) return undefined;
    await manager.query(`INSERT INTO personal_data_export_part (export_id, part) SELECT $1, unnest($2::text[])`, [input.id, [...CONTRIBUTED_PARTS]]);
    return toExport(inserted[0], []);
  }

  /** The person's running export, if any. */
  async runningOf(manager: EntityManager, userId: string): Promise<DataExport | undefined> {
    const [row] = await manager.query<ExportRow[]>(`SELECT ${EXPORT_COLUMNS} FROM personal_data_export WHERE user_id = $1 AND status = 'running'`, [userId]);
    return row ? this.withParts(manager, row) : undefined;
  }

  /** The export if it is this person's (another's is not found either). */
  async ofUser(manager: EntityManager, id: string, userId: string): Promise<DataExport | undefined> {
    const [row] = await manager.query<ExportRow[]>(`SELECT ${EXPORT_COLUMNS} FROM personal_data_export WHERE id = $1 AND user_id = $2`, [id, userId]);
    return row ? this.withParts(manager, row) : undefined;
  }

  /** Locks a running export for its pieces (one assembly at a time); undefined if it is complete or gone. */
  async lockRunning(manager: EntityManager, id: string): Promise<DataExport | undefined> {
    const [row] = await manager.query<ExportRow[]>(`SELECT ${EXPORT_COLUMNS} FROM personal_data_export WHERE id = $1 AND status = 'running' FOR UPDATE`, [id]);
    return row ? this.withParts(manager, row) : undefined;
  }

  /** Stores a piece (a second copy changes nothing) and the part's piece count; false if the count disagrees. */
  async addPiece(manager: EntityManager, piece: { exportId: string; part: ContributedPart; chunk: number; chunkCount: number; content: string }): Promise<boolean> {
    const [counted] = await manager.query<[{ chunk_count: number }[], number]>(
      `UPDATE personal_data_export_part SET chunk_count = COALESCE(chunk_count, $3) WHERE export_id = $1 AND part = $2 RETURNING chunk_count`,
      [piece.exportId, piece.part, piece.chunkCount],
    );
    if (counted[0]?.chunk_count !== piece.chunkCount) return false;
    await manager.query(
      `INSERT INTO personal_data_export_chunk (export_id, part, chunk, content) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [piece.exportId, piece.part, piece.chunk, piece.content],
    );
    return true;
  }

  /** Marks the part received once all its pieces are in; true the one time it does. */
  async receiveIfWhole(manager: EntityManager, exportId: string, part: ContributedPart): Promise<boolean> {
    const [updated] = await manager.query<[{ part: string }[], number]>(
      `UPDATE personal_data_export_part p SET received_at = now()
       WHERE p.export_id = $1 AND p.part = $2 AND p.received_at IS NULL
         AND p.chunk_count = (SELECT count(*) FROM personal_data_export_chunk c WHERE c.export_id = p.export_id AND c.part = p.part)
       RETURNING p.part`,
      [exportId, part],
    );
    return updated.length === 1;
  }

  /** Every part's pieces' contents, in order. */
  async pieces(manager: EntityManager, exportId: string): Promise<Map<ContributedPart, string[]>> {
    const rows = await manager.query<{ part: ContributedPart; content: string }[]>(
      `SELECT part, content FROM personal_data_export_chunk WHERE export_id = $1 ORDER BY part, chunk`,
      [exportId],
    );
    const parts = new Map<ContributedPart, string[]>();
    for (const row of rows) parts.set(row.part, [...(parts.get(row.part) ?? []), row.content]);
    return parts;
  }

  /** Stores the archive, marks the export complete until `expiresAt`, and drops the pieces it was made of. */
  async complete(manager: EntityManager, exportId: string, archive: Buffer, completedAt: Date, expiresAt: Date): Promise<void> {
    await manager.query(
      `UPDATE personal_data_export SET status = 'complete', archive = $2, archive_bytes = $3, completed_at = $4, expires_at = $5 WHERE id = $1`,
      [exportId, archive, archive.length, completedAt, expiresAt],
    );
    await manager.query(`DELETE FROM personal_data_export_chunk WHERE export_id = $1`, [exportId]);
  }

  /** The archive's bytes of a complete export. */
  async archive(manager: EntityManager, exportId: string): Promise<Buffer | undefined> {
    const [row] = await manager.query<{ archive: Buffer | null }[]>(`SELECT archive FROM personal_data_export WHERE id = $1 AND status = 'complete'`, [exportId]);
    return row?.archive ?? undefined;
  }

  /** Deletes up to `limit` exports past their expiry, with their parts and pieces; how many. */
  async deleteExpired(manager: EntityManager, now: Date, limit: number): Promise<number> {
    const [deleted] = await manager.query<[{ id: string }[], number]>(
      `DELETE FROM personal_data_export WHERE id IN (
         SELECT id FROM personal_data_export WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED
       ) RETURNING id`,
      [now, limit],
    );
    return deleted.length;
  }

  private async withParts(manager: EntityManager, row: ExportRow): Promise<DataExport> {
    const parts = await manager.query<PartRow[]>(`SELECT part, received_at FROM personal_data_export_part WHERE export_id = $1`, [row.id]);
    return toExport(row, parts);
  }
}
