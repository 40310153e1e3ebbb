import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { TaskServiceConfig } from '../../config/task.config';
import { type ActivityMonth, addMonths, monthEnd, monthLabel, monthOf, monthStart, partitionName } from './activity-months';

/** Held (per transaction) while partitions are created, so instances starting together do not race. */
export const PARTITIONS_LOCK_KEY = 'taskhub:activity-partitions';

/**
 * Keeps a month partition of `activity` ready for the current month and the next ACTIVITY_PARTITIONS_AHEAD_MONTHS, and
 * moves rows that landed in the DEFAULT partition (a month nobody had created) into their month's partition. A new
 * partition is made as a plain table, filled from the default partition, then attached (ATTACH takes a SHARE UPDATE
 * EXCLUSIVE lock on `activity`: reads and inserts go on). Idempotent; safe with several instances (advisory lock).
 */
@Injectable()
export class ActivityPartitions {
  private readonly logger = new Logger(ActivityPartitions.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: TaskServiceConfig,
  ) {}

  /** Creates the missing partitions; returns the names it created. */
  async ensure(now = new Date()): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [PARTITIONS_LOCK_KEY]);
      const wanted = new Map<string, ActivityMonth>();
      for (const month of await this.strandedMonths(manager)) wanted.set(partitionName(month), month);
      for (let i = 0; i <= this.config.activityPartitionsAheadMonths; i++) {
        const month = addMonths(monthOf(now), i);
        wanted.set(partitionName(month), month);
      }
      const attached = new Set(await this.attached(manager));
      const created: string[] = [];
      for (const [name, month] of wanted) {
        if (attached.has(name)) continue;
        await this.create(manager, name, month);
        created.push(name);
      }
      if (created.length > 0) this.logger.log(`activity partitions created: ${created.join(', ')}`);
      return created;
    });
  }

  /** Names of the partitions attached to `activity` (the default one included). */
  async attached(manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows = await manager.query<{ name: string }[]>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'activity'::regclass ORDER BY c.relname`,
    );
    return rows.map((r) => r.name);
  }

  /** Months with rows in the default partition (there only when their partition was missing at insert time). */
  private async strandedMonths(manager: EntityManager): Promise<ActivityMonth[]> {
    const rows = await manager.query<{ month: Date }[]>(
      `SELECT DISTINCT date_trunc('month', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS month FROM activity_default`,
    );
    if (rows.length > 0) this.logger.warn(`activity rows found in the default partition, moving them: ${rows.map((r) => monthLabel(monthOf(r.month))).join(', ')}`);
    return rows.map((r) => monthOf(r.month));
  }

  private async create(manager: EntityManager, name: string, month: ActivityMonth): Promise<void> {
    const [from, to] = [monthStart(month).toISOString(), monthEnd(month).toISOString()];
    await manager.query(`CREATE TABLE IF NOT EXISTS ${name} (LIKE activity INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
    await manager.query(
      `WITH moved AS (DELETE FROM activity_default WHERE created_at >= $1 AND created_at < $2 RETURNING *)
       INSERT INTO ${name} SELECT * FROM moved`,
      [from, to],
    );
    await manager.query(`ALTER TABLE activity ATTACH PARTITION ${name} FOR VALUES FROM ('${from}') TO ('${to}')`);
  }
}
