import { createHash, randomBytes } from 'node:crypto';
import { bulkLoadStatements } from '@taskhub/tooling-seed';
import { Client } from 'pg';
import { type TaskHarness } from './task-harness';

/** Postgres' SQLSTATE for a transaction aborted to break a deadlock */
const DEADLOCK_DETECTED = '40P01';

/** What a download delivered, read as it streams (the test never holds a large file). */
export interface Received {
  readonly bytes: number;
  readonly lines: number;
  readonly sha256: string;
}

/** Test data and probes for exports: many tasks at once, a fault while a file is stored, the pieces stored. */
export class ExportFixtures {
  constructor(private readonly h: TaskHarness) {}

  /**
   * `count` tasks in the project, set-based (one INSERT … SELECT generate_series, on a connection of its own: no client
   * read timeout), each about 460 bytes of CSV. Loaded as the seed script loads (`bulkLoadStatements`: indexes built
   * once afterwards, search triggers paused), with the search vectors the trigger would store (task_search_document:
   * the title's, then the description's; checked on a few rows) and the one description's computed once: row by row,
   * the trigger's to_tsvector calls and the indexes took 25 s of the 200,000 tasks' 40 s test.
   *
   * Unlike the seed script's database, this one is in use: the service under test (its workers, its consumers, an
   * earlier test's export) may hold a lock on one of the four tables while waiting for another that the load has
   * locked, and Postgres then aborts one of the two ("deadlock detected", 40P01). When it is the load, it runs again,
   * from the start (its transaction was rolled back whole), as an application retries a deadlock victim.
   */
  async tasks(projectId: string, createdBy: string, count: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.loadTasks(projectId, createdBy, count);
      } catch (error) {
        if ((error as { code?: unknown }).code !== DEADLOCK_DETECTED || attempt === 3) throw error;
      }
    }
  }

  private async loadTasks(projectId: string, createdBy: string, count: number): Promise<void> {
    const seed = new Client({ connectionString: this.h.under.service.config.databaseUrl });
    await seed.connect();
    try {
      await seed.query('BEGIN');
      const bulk = await bulkLoadStatements(seed);
      for (const sql of bulk.off) await seed.query(sql);
      await seed.query(
        `WITH d AS (SELECT $4::text AS description, setweight(to_tsvector('english', $4), 'B') || setweight(to_tsvector('simple', $4), 'B') AS search),
              t AS (SELECT n, 'Task number ' || n || ', with "quotes"' AS title FROM generate_series(1, $3::int) AS n)
         INSERT INTO task (id, project_id, number, title, description, status, priority, due_at, created_by, search)
         SELECT gen_random_uuid(), $1, t.n, t.title, d.description, 'todo', 'medium', now() + t.n * interval '1 minute', $2,
                setweight(to_tsvector('english', t.title), 'A') || setweight(to_tsvector('simple', t.title), 'A') || d.search
         FROM t, d`,
        [projectId, createdBy, count, 'Some description text. '.repeat(12)],
      );
      for (const sql of bulk.on) await seed.query(sql);
      await seed.query(`UPDATE project SET task_counter = $2 WHERE id = $1`, [projectId, count]);
      const { rows } = await seed.query<{ same: boolean }>(
        `SELECT search = task_search_document(id, title, description) AS same FROM task WHERE project_id = $1 AND number IN (1, 2, $2)`,
        [projectId, count],
      );
      if (rows.length !== 3 || !rows.every((r) => r.same)) throw new Error("seeded search vectors differ from task_search_document's");
      await seed.query('COMMIT');
    } catch (error) {
      await seed.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await seed.end();
    }
  }

  /**
   * Makes storing piece `piece` of the project's exports fail (a database error in the file's transaction, after the
   * pieces before it were inserted), the first `times` times.
   */
  async failPiece(projectId: string, piece: number, times: number): Promise<void> {
    const counter = `test_export_fault_${randomBytes(4).toString('hex')}`;
    await this.h.dataSource.query(`CREATE SEQUENCE ${counter}`);
    await this.h.dataSource.query(`CREATE TABLE IF NOT EXISTS test_export_fault (project_id uuid PRIMARY KEY, piece int NOT NULL, counter text NOT NULL, times int NOT NULL)`);
    await this.h.dataSource.query(`INSERT INTO test_export_fault VALUES ($1, $2, $3, $4)`, [projectId, piece, counter, times]);
    await this.h.dataSource.query(`CREATE OR REPLACE FUNCTION test_export_fault() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE f test_export_fault;
      BEGIN
        SELECT x.* INTO f FROM test_export_fault x JOIN task_export e ON e.project_id = x.project_id WHERE e.id = NEW.export_id;
        -- a sequence counts the faults: it is not rolled back with the transaction that fails
        IF FOUND AND NEW.seq = f.piece AND nextval(f.counter::regclass) <= f.times THEN
          RAISE EXCEPTION 'injected fault storing piece %', NEW.seq;
        END IF;
        RETURN NEW;
      END $$`);
    await this.h.dataSource.query(`CREATE OR REPLACE TRIGGER test_export_fault BEFORE INSERT ON task_export_chunk FOR EACH ROW EXECUTE FUNCTION test_export_fault()`);
  }

  /** The pieces stored for an export (committed ones: what any instance can read), and their size on disk. */
  async pieces(exportId: string): Promise<{ count: number; bytes: number; stored: number }> {
    const [row] = await this.h.dataSource.query<{ count: number; bytes: string | null; stored: string | null }[]>(
      `SELECT count(*)::int AS count, sum(length(data)) AS bytes, sum(pg_column_size(data)) AS stored FROM task_export_chunk WHERE export_id = $1`,
      [exportId],
    );
    return { count: row.count, bytes: Number(row.bytes ?? 0), stored: Number(row.stored ?? 0) };
  }
}

/** Reads a response's body as it streams: its size, lines and hash; `onBytes` after each part. */
export async function receive(response: Response, onBytes: (received: number) => void | Promise<void> = () => undefined): Promise<Received> {
  const hash = createHash('sha256');
  let bytes = 0;
  let lines = 0;
  for await (const part of response.body as unknown as AsyncIterable<Uint8Array>) {
    hash.update(part);
    bytes += part.length;
    for (let at = part.indexOf(0x0a); at !== -1; at = part.indexOf(0x0a, at + 1)) lines++;
    await onBytes(bytes);
  }
  return { bytes, lines, sha256: hash.digest('hex') };
}
