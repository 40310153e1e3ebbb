import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import { TaskServiceConfig } from '../../config/task.config';
import { countNdjsonGz, writeNdjsonGz } from './activity-archive-file';
import { type ActivityMonth, addMonths, isBefore, monthLabel, monthOf, monthOfPartition } from './activity-months';

/** Held (per session) while archiving: one instance archives, the others skip their run. */
export const ARCHIVE_LOCK_KEY = 'taskhub:activity-archive';
/** Rows read per query while a month is written out. */
const BATCH_ROWS = 1000;
/** DETACH needs a brief ACCESS EXCLUSIVE lock on `activity`: give up (and retry next run) rather than queue reads. */
const DETACH_LOCK_TIMEOUT = '5s';

export interface ArchivedMonth {
  readonly month: string;
  readonly rows: number;
  readonly file: string;
}

export interface ArchiveRun {
  /** false when another instance held the archive lock (nothing done) */
  readonly ran: boolean;
  readonly archived: ArchivedMonth[];
}

/**
 * Archives the months older than ACTIVITY_RETENTION_MONTHS full months before the current one: detaches the month's
 * partition, writes it to `<ACTIVITY_ARCHIVE_DIR>/activity-YYYY-MM.ndjson.gz` (via a `.partial` file), reads the file
 * back and compares its row count with the rows read from the table, then drops the table. A run that stops half-way
 * leaves a detached table the next run picks up again; an existing archive file is never overwritten.
 */
@Injectable()
export class ActivityArchiver {
  private readonly logger = new Logger(ActivityArchiver.name);
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: TaskServiceConfig,
  ) {}

  /** The first month kept: every month before it is archived. */
  cutoff(now: Date): ActivityMonth {
    return addMonths(monthOf(now), -this.config.activityRetentionMonths);
  }

  /** `2025-12`: the first month kept. */
  cutoffLabel(now: Date): string {
    return monthLabel(this.cutoff(now));
  }

  /** Ends a run between batches (service shutdown); what it left is taken up by the next run. */
  stop(): void {
    this.stopping = true;
  }

  async run(now = new Date()): Promise<ArchiveRun> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [ARCHIVE_LOCK_KEY])) as { locked: boolean }[];
      if (!locked) return { ran: false, archived: [] };
      try {
        const archived: ArchivedMonth[] = [];
        for (const { name, month, attached } of await this.candidates(runner, this.cutoff(now))) {
          if (this.stopping) break;
          archived.push(await this.archive(runner, name, month, attached));
        }
        return { ran: true, archived };
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [ARCHIVE_LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }

  /** Month tables (attached, or detached by a run that stopped) older than the cutoff, oldest first. */
  private async candidates(runner: QueryRunner, cutoff: ActivityMonth): Promise<{ name: string; month: ActivityMonth; attached: boolean }[]> {
    const rows = (await runner.query(
      `SELECT c.relname AS name, EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid) AS attached
       FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace AND c.relname ~ '^activity_[0-9]{4}_[0-9]{2}$'
       ORDER BY c.relname`,
    )) as { name: string; attached: boolean }[];
    return rows.flatMap(({ name, attached }) => {
      const month = monthOfPartition(name);
      return month && isBefore(month, cutoff) ? [{ name, month, attached }] : [];
    });
  }

  private async archive(runner: QueryRunner, name: string, month: ActivityMonth, attached: boolean): Promise<ArchivedMonth> {
    if (attached) {
      await runner.query(`SET lock_timeout = '${DETACH_LOCK_TIMEOUT}'`);
      try {
        await runner.query(`ALTER TABLE activity DETACH PARTITION ${name}`);
      } finally {
        await runner.query('RESET lock_timeout');
      }
    }
    const dir = path.resolve(this.config.activityArchiveDir);
    await mkdir(dir, { recursive: true });
    const partial = path.join(dir, `activity-${monthLabel(month)}.ndjson.gz.partial`);
    await rm(partial, { force: true });
    const rows = await writeNdjsonGz(partial, this.batches(runner, name));
    const readBack = await countNdjsonGz(partial);
    if (readBack !== rows) throw new Error(`archive of ${name}: ${rows} rows read from the table but ${readBack} in ${partial}; the table is kept`);
    const file = this.freeName(dir, month);
    await rename(partial, file);
    await runner.query(`DROP TABLE ${name}`);
    this.logger.log(`activity ${monthLabel(month)} archived: ${rows} rows to ${file}, partition ${name} dropped`);
    return { month: monthLabel(month), rows, file };
  }

  /** The month's rows in primary-key order, a batch per query (the table is detached: nothing writes to it). */
  private async *batches(runner: QueryRunner, name: string): AsyncGenerator<object[]> {
    let after: { id: string; created_at: Date } | undefined;
    for (;;) {
      if (this.stopping) throw new Error(`archive of ${name} stopped (shutdown); the next run starts it again`);
      const rows = (await runner.query(
        `SELECT id, project_id, task_id, actor_id, actor_name, action, changes, created_at FROM ${name}
         ${after ? 'WHERE (id, created_at) > ($2, $3)' : ''} ORDER BY id, created_at LIMIT $1`,
        after ? [BATCH_ROWS, after.id, after.created_at] : [BATCH_ROWS],
      )) as { id: string; created_at: Date }[];
      yield rows;
      if (rows.length < BATCH_ROWS) return;
      after = rows[rows.length - 1];
    }
  }

  /** `activity-YYYY-MM.ndjson.gz`, or with a `-<epoch ms>` suffix when that file exists (a month archived twice). */
  private freeName(dir: string, month: ActivityMonth): string {
    const file = path.join(dir, `activity-${monthLabel(month)}.ndjson.gz`);
    return existsSync(file) ? path.join(dir, `activity-${monthLabel(month)}-${Date.now()}.ndjson.gz`) : file;
  }
}
