import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Month partitions made by this migration beyond the current month; the service keeps ACTIVITY_PARTITIONS_AHEAD_MONTHS. */
const MONTHS_AHEAD = 3;

const COLUMNS = 'id, project_id, task_id, actor_id, actor_name, action, changes, created_at';

const TABLE_COLUMNS = `id uuid NOT NULL, project_id uuid NOT NULL, task_id uuid, actor_id uuid NOT NULL, actor_name text,
  action text NOT NULL, changes jsonb NOT NULL DEFAULT '[]', created_at timestamptz NOT NULL DEFAULT now()`;

/**
 * The activity history becomes a table partitioned by month of `created_at` (UTC months, partitions named
 * `activity_YYYY_MM`), keeping its rows: a partitioned copy gets one partition per month that has rows, the current
 * month and the next three, plus a DEFAULT partition (an insert for a month without its partition lands there instead
 * of failing; the service moves such rows into their month's partition, docs/operations.md). The primary key includes
 * the partition key; the two list indexes and the foreign key to project become partitioned ones. Hand-written (TypeORM
 * does not generate partitioning); frozen.
 */
export class PartitionActivityByMonth1797050000000 implements MigrationInterface {
  name = 'PartitionActivityByMonth1797050000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE activity RENAME TO activity_unpartitioned`);
    await queryRunner.query(`ALTER INDEX activity_task_idx RENAME TO activity_unpartitioned_task_idx`);
    await queryRunner.query(`ALTER INDEX activity_project_idx RENAME TO activity_unpartitioned_project_idx`);
    await queryRunner.query(
      `CREATE TABLE activity (${TABLE_COLUMNS}, CONSTRAINT activity_pkey PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at)`,
    );
    await queryRunner.query(`CREATE INDEX activity_task_idx ON activity (task_id, id)`);
    await queryRunner.query(`CREATE INDEX activity_project_idx ON activity (project_id, id)`);
    await queryRunner.query(`CREATE TABLE activity_default PARTITION OF activity DEFAULT`);
    await queryRunner.query(`DO $$
      DECLARE
        this_month timestamp := date_trunc('month', now() AT TIME ZONE 'UTC');
        m timestamp;
      BEGIN
        FOR m IN
          SELECT DISTINCT date_trunc('month', created_at AT TIME ZONE 'UTC') FROM activity_unpartitioned
          UNION SELECT generate_series(this_month, this_month + interval '${MONTHS_AHEAD} months', interval '1 month')
        LOOP
          EXECUTE format('CREATE TABLE %I PARTITION OF activity FOR VALUES FROM (%L) TO (%L)',
            'activity_' || to_char(m, 'YYYY_MM'), m AT TIME ZONE 'UTC', (m + interval '1 month') AT TIME ZONE 'UTC');
        END LOOP;
      END $$`);
    await queryRunner.query(`INSERT INTO activity (${COLUMNS}) SELECT ${COLUMNS} FROM activity_unpartitioned`);
    await queryRunner.query(`DROP TABLE activity_unpartitioned`);
    await queryRunner.query(
      `ALTER TABLE activity ADD CONSTRAINT activity_project_fk FOREIGN KEY (project_id) REFERENCES project(id) ON DELETE CASCADE`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE activity_unpartitioned (${TABLE_COLUMNS}, CONSTRAINT "PK_24625a1d6b1b089c8ae206fe467" PRIMARY KEY (id))`,
    );
    await queryRunner.query(`INSERT INTO activity_unpartitioned (${COLUMNS}) SELECT ${COLUMNS} FROM activity`);
    await queryRunner.query(`DROP TABLE activity`);
    await queryRunner.query(`ALTER TABLE activity_unpartitioned RENAME TO activity`);
    await queryRunner.query(`CREATE INDEX "activity_task_idx" ON "activity" ("task_id", "id")`);
    await queryRunner.query(`CREATE INDEX "activity_project_idx" ON "activity" ("project_id", "id")`);
    await queryRunner.query(
      `ALTER TABLE "activity" ADD CONSTRAINT "FK_1c997489daaec2d503cab2e27f5" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }
}
