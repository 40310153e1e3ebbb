import { Transform, type TransformCallback, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type ExportFormat } from '@taskhub/contracts';
import { stringify } from 'csv-stringify';
import { type Submittable } from 'pg';
import QueryStream from 'pg-query-stream';
import { type ExportQuery, type ExportRow } from './export-query';

/** rows fetched per round trip of the cursor: what the worker holds of the result at most (twice, with the stream's buffer) */
const FETCH_ROWS = 500;
/** progress is reported every so many rows */
export const PROGRESS_EVERY_ROWS = 5000;

const CSV_COLUMNS = ['id', 'key', 'title', 'description', 'status', 'priority', 'assignees', 'labels', 'parentId', 'startAt', 'dueAt', 'completedAt', 'createdAt', 'updatedAt'];

/** A pg client (the export transaction's connection) that can run a cursor. */
export interface CursorClient {
  query(stream: Submittable): unknown;
}

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

function record(row: ExportRow): Record<string, unknown> {
  return {
    id: row.id,
    key: row.key,
    title: row.title,
    description: row.description,
    status: row.status,
    priority: row.priority,
    assignees: row.assignees,
    labels: row.labels,
    parentId: row.parent_id,
    startAt: iso(row.start_at),
    dueAt: iso(row.due_at),
    completedAt: iso(row.completed_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** CSV cells of a row: people and labels by name joined with `; ` (the stringifier quotes and escapes). */
function csvCells(): Transform {
  return new Transform({
    objectMode: true,
    transform(row: ExportRow, _encoding, done: TransformCallback) {
      done(null, {
        ...record(row),
        assignees: row.assignees.map((a) => a.displayName ?? a.id).join('; '),
        labels: row.labels.map((l) => l.name).join('; '),
      });
    },
  });
}

/** JSON: one array of tasks, written element by element. */
function jsonArray(): Transform {
  let first = true;
  return new Transform({
    writableObjectMode: true,
    transform(row: ExportRow, _encoding, done: TransformCallback) {
      done(null, `${first ? '[\n' : ',\n'}${JSON.stringify(record(row))}`);
      first = false;
    },
    flush(done: TransformCallback) {
      done(null, first ? '[]\n' : '\n]\n');
    },
  });
}

function counting(onProgress: (rows: number) => void): Transform & { rows: number } {
  const counter = new Transform({
    objectMode: true,
    transform(row: ExportRow, _encoding, done: TransformCallback) {
      counter.rows++;
      if (counter.rows % PROGRESS_EVERY_ROWS === 0) onProgress(counter.rows);
      done(null, row);
    },
  }) as Transform & { rows: number };
  counter.rows = 0;
  return counter;
}

/**
 * Streams the query's rows through a cursor into `sink` (the export's ChunkWriter): rows are fetched FETCH_ROWS at a
 * time and written as they come, with backpressure from the sink down to the cursor, so memory stays flat however
 * many rows there are. Resolves with the number of rows once the sink has finished (its last piece stored).
 */
export async function writeExport(client: CursorClient, query: ExportQuery, format: ExportFormat, sink: Writable, onProgress: (rows: number) => void): Promise<number> {
  const rows = new QueryStream(query.sql, query.params, { batchSize: FETCH_ROWS, highWaterMark: FETCH_ROWS });
  client.query(rows);
  const counter = counting(onProgress);
  if (format === 'csv') {
    // a cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is prefixed with ' (OWASP CSV injection)
    await pipeline(rows, counter, csvCells(), stringify({ header: true, columns: CSV_COLUMNS, escape_formulas: true }), sink);
  } else {
    await pipeline(rows, counter, jsonArray(), sink);
  }
  return counter.rows;
}
