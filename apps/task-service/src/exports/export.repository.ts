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
  bytes: string | null;
  error: string | null;
  created_at: Date;
  expires_at: Date | null;
  /** ready, and past its expiry: its pieces are being deleted (or about to be) */
  lapsed: boolean;
}

/** task_export's columns, and whether a ready export is past its expiry (by the database's clock) */
const COLUMNS = `*, (status = 'ready' AND expires_at <= now()) AS lapsed`;

const toJob = (r: ExportRowDb): ExportJob => ({
  id: r.id,
  projectId: r.project_id,
  requestedBy: r.requested_by,
  format: r.format,
  filters: r.filters,
  status: r.lapsed ? 'expired' : r.status,
  rowsWritten: r.rows_written,
  totalRows: r.total_rows,
  bytes: r.bytes === null ? null : Number(r.bytes),
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
    const rows = await manager.query<ExportRowDb[]>(`SELECT ${COLUMNS} FROM task_export WHERE id = $1`, [id]);
    return rows[0] ? toJob(rows[0]) : undefined;
  }

  /** Marks it running (again, after a crash mid-way) unless it is already ready, failed or expired: then undefined. */
  async start(manager: EntityManager, id: string): Promise<ExportJob | undefined> {
    const [rows] = await manager.query<[ExportRowDb[], number]>(
      `UPDATE task_export SET status = 'running', started_at = now(), rows_written = 0, total_rows = NULL
       WHERE id = $1 AND status IN ('queued', 'running') RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0] ? toJob(rows[0]) : undefined;
  }

  async progress(manager: EntityManager, id: string, rowsWritten: number, totalRows?: number): Promise<void> {
    await manager.query(`UPDATE task_export SET rows_written = $2, total_rows = COALESCE($3, total_rows) WHERE id = $1 AND status = 'running'`, [id, rowsWritten, totalRows ?? null]);
  }

  /**
   * Marks it ready, in the transaction that wrote its pieces (they become visible with it); false when it is no longer
   * running (the caller rolls its pieces back).
   */
  async ready(manager: EntityManager, id: string, result: { rows: number; bytes: number }, ttlHours: number): Promise<boolean> {
    const [, updated] = await manager.query<[unknown[], number]>(
      `UPDATE task_export SET status = 'ready', rows_written = $2, total_rows = $2, bytes = $3, finished_at = now(),
         expires_at = now() + make_interval(hours => $4) WHERE id = $1 AND status = 'running'`,
      [id, result.rows, result.bytes, ttlHours],
    );
    return updated === 1;
  }

  /** Marks it failed, unless it has finished meanwhile (ready, by an earlier delivery of the same request). */
  async failed(manager: EntityManager, id: string, error: string): Promise<void> {
    await manager.query(`UPDATE task_export SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status IN ('queued', 'running')`, [id, error]);
  }

  /**
   * The ready export that expired first, if any, locked until the caller's transaction ends (SKIP LOCKED: instances
   * running the expiry at once take different ones).
   */
  async claimLapsed(manager: EntityManager): Promise<string | undefined> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM task_export WHERE status = 'ready' AND expires_at <= now() ORDER BY expires_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
    );
    return rows[0]?.id;
  }

  /** Marks a claimed export expired (once its pieces are deleted). */
  async expired(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE task_export SET status = 'expired' WHERE id = $1`, [id]);
  }
}
