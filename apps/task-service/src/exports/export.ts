import { type ExportFormat } from '@taskhub/contracts';
import { type ExportFilters } from './export-filters.dto';

export const EXPORT_STATUSES = ['queued', 'running', 'ready', 'failed', 'expired'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/** An export job as the service passes it around: `expired` from the moment a ready one passes its expiry. */
export interface ExportJob {
  readonly id: string;
  readonly projectId: string;
  readonly requestedBy: string;
  readonly format: ExportFormat;
  readonly filters: ExportFilters;
  readonly status: ExportStatus;
  readonly rowsWritten: number;
  readonly totalRows: number | null;
  /** the file's size, once ready */
  readonly bytes: number | null;
  readonly error: string | null;
  readonly createdAt: string;
  readonly expiresAt: string | null;
}

export const EXPORT_CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};
