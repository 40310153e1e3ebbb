import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * GET /projects/:id/stats reads a project's live tasks once: this partial index holds every column it counts, so the
 * read is an index-only scan of that project's entries (the assignee counts join task_assignee by its primary key).
 */
export class TaskStatsIndex1797030000000 implements MigrationInterface {
  name = 'TaskStatsIndex1797030000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "task_project_stats_idx" ON "task" ("project_id", "status") INCLUDE ("priority", "due_at", "completed_at") WHERE "deleted_at" IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "task_project_stats_idx"`);
  }
}
