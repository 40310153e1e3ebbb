import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The stats statement also reads each live task's id (to join its assignees), which task_project_stats_idx did not
 * hold, so Postgres read the table through another index instead (the plan test showed it). Holding the id too makes
 * the read an index-only scan of the project's entries.
 */
export class TaskStatsIndexCoversId1797080000000 implements MigrationInterface {
  name = 'TaskStatsIndexCoversId1797080000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "task_project_stats_idx"`);
    await queryRunner.query(
      `CREATE INDEX "task_project_stats_idx" ON "task" ("project_id", "status") INCLUDE ("priority", "due_at", "completed_at", "id") WHERE "deleted_at" IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "task_project_stats_idx"`);
    await queryRunner.query(
      `CREATE INDEX "task_project_stats_idx" ON "task" ("project_id", "status") INCLUDE ("priority", "due_at", "completed_at") WHERE "deleted_at" IS NULL`,
    );
  }
}
