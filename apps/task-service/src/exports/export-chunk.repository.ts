import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

/** The pieces of the export files (task_export_chunk), each method on the manager given (see ExportRepository). */
@Injectable()
export class ExportChunkRepository {
  /** One piece, in the export's write transaction (visible once it marks the export ready and commits). */
  async insert(manager: EntityManager, exportId: string, seq: number, data: Buffer): Promise<void> {
    await manager.query(`INSERT INTO task_export_chunk (export_id, seq, data) VALUES ($1, $2, $3)`, [exportId, seq, data]);
  }

  /** The piece `seq` of an export's file: keyed by (export_id, seq), one piece a query. */
  async piece(manager: EntityManager, exportId: string, seq: number): Promise<Buffer | undefined> {
    const rows = await manager.query<{ data: Buffer }[]>(`SELECT data FROM task_export_chunk WHERE export_id = $1 AND seq = $2`, [exportId, seq]);
    return rows[0]?.data;
  }

  /** Deletes the first `limit` pieces of an export's file; how many it deleted. */
  async deleteSome(manager: EntityManager, exportId: string, limit: number): Promise<number> {
    const [, deleted] = await manager.query<[unknown[], number]>(
      `DELETE FROM task_export_chunk WHERE export_id = $1 AND seq IN (SELECT seq FROM task_export_chunk WHERE export_id = $1 ORDER BY seq LIMIT $2)`,
      [exportId, limit],
    );
    return deleted;
  }
}
