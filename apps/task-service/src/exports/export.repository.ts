import { Injectable } from '@nestjs/common';
import { type ExportFormat } from '@taskhub/contracts';
import { type EntityManager } from 'typeorm';
import { type ExportJob, type ExportStatus } from './export';
import { type ExportFilters } from './export-filters.dto';

interface ExportRowDb {
  id: string;
  project_id: string;
  requested_by: string;
  format: ExportFormat;
  filters: ExportFilters;
  status: ExportStatus;
  rows_written: number;
  total_rows: number | null;
  file_path: string | null;
  error: string | null;
  created_at: Date;
  expires_at: Date | null;
}

const toJob = (r: ExportRowDb): ExportJob => ({
  id: r.id,
  projectId: r.project_id,
  requestedBy: r.requested_by,
  format: r.format,
  filters: r.filters,
  status: r.status,
  rowsWritten: r.rows_written,
  totalRows: r.total_rows,
  filePath: r.file_path,
  error: r.error,
  createdAt: r.created_at.toISOString(),
  expiresAt: r.expires_at?.toISOString() ?? null,
});

/**
 * The export jobs (task_export). Each method takes the manager to run on: the request's transaction, or the exports'
 * own pool for the worker's status and progress (committed at once, visible while the export runs).
 */
@Injectable()
export class ExportRepository {
  async insert(manager: EntityManager, job: { id: string; projectId: string; requestedBy: string; format: ExportFormat; filters: ExportFilters }): Promise<void> {
    await manager.query(`INSERT INTO task_export (id, project_id, requested_by, format, filters) VALUES ($1, $2, $3, $4, $5)`, [
      job.id,
      job.projectId,
      job.requestedBy,
      job.format,
      JSON.stringify(job.filters),
    ]);
  }

  async byId(manager: EntityManager, id: string): Promise<ExportJob | undefined> {
    const rows = await manager.query<ExportRowDb[]>(`SELECT * FROM task_export WHERE id = $1`, [id]);
    return rows[0] ? toJob(rows[0]) : undefined;
  }

  /** Marks it running (again, after a crash mid-way) unless it is already ready, failed or expired: then undefined. */
  async start(manager: EntityManager, id: string): Promise<ExportJob | undefined> {
    const [rows] = await manager.query<[ExportRowDb[], number]>(
      `UPDATE task_export SET status = 'running', started_at = now(), rows_written = 0, total_rows = NULL
       WHERE id = $1 AND status IN ('queued', 'running') RETURNING *`,
      [id],
    );
    return rows[0] ? toJob(rows[0]) : undefined;
  }

  async progress(manager: EntityManager, id: string, rowsWritten: number, totalRows?: number): Promise<void> {
    await manager.query(`UPDATE task_export SET rows_written = $2, total_rows = COALESCE($3, total_rows) WHERE id = $1 AND status = 'running'`, [id, rowsWritten, totalRows ?? null]);
  }

  async ready(manager: EntityManager, id: string, result: { rows: number; bytes: number; filePath: string }, ttlHours: number): Promise<void> {
    await manager.query(
      `UPDATE task_export SET status = 'ready', rows_written = $2, total_rows = $2, bytes = $3, file_path = $4, finished_at = now(),
         expires_at = now() + make_interval(hours => $5) WHERE id = $1`,
      [id, result.rows, result.bytes, result.filePath, ttlHours],
    );
  }

  async failed(manager: EntityManager, id: string, error: string): Promise<void> {
    await manager.query(`UPDATE task_export SET status = 'failed', error = $2, finished_at = now() WHERE id = $1`, [id, error]);
  }

  /** Up to `limit` ready exports past their expiry, with their files, marked expired (the caller deletes the files). */
  async expire(manager: EntityManager, limit: number): Promise<string[]> {
    const [rows] = await manager.query<[{ file_path: string | null }[], number]>(
      `WITH due AS (
         SELECT id, file_path FROM task_export WHERE status = 'ready' AND expires_at <= now() ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED
       )
       UPDATE task_export e SET status = 'expired', file_path = NULL FROM due WHERE e.id = due.id RETURNING due.file_path`,
      [limit],
    );
    return rows.flatMap((r) => (r.file_path ? [r.file_path] : []));
  }
}
