import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The indexes of the task lists (docs/task-queries.md has each query shape, the index it reads and its plan). Each is
 * partial on `deleted_at IS NULL` (lists never show deleted tasks) and ends with `id`, the tie-breaker of every
 * order, so a page is read in order from the index and the scan stops after one page, whatever the direction
 * (a backward scan serves the descending sort; due_at, the one key with NULLs, which come last both ways, has an
 * index per direction).
 * - `task_project_*`: one project's list by each sort key; `task_project_status_idx` also its board (counts
 *   index-only, a column by status).
 * - `task_*` (no project): "my work" across the caller's projects by each sort key, read in order and kept when the
 *   task's project is one of theirs.
 * - `task_open_due_idx`: open tasks by due date (my open work, overdue), partial on the open statuses.
 */
const INDEXES: Readonly<Record<string, string>> = {
  task_project_created_idx: '(project_id, created_at, id)',
  task_project_updated_idx: '(project_id, updated_at, id)',
  task_project_number_idx: '(project_id, number, id)',
  task_project_priority_idx: '(project_id, task_priority_rank(priority), id)',
  task_project_due_idx: '(project_id, due_at, id)',
  task_project_due_desc_idx: '(project_id, due_at DESC NULLS LAST, id DESC)',
  task_project_status_idx: '(project_id, status, created_at, id)',
  task_created_idx: '(created_at, id)',
  task_updated_idx: '(updated_at, id)',
  task_number_idx: '(number, id)',
  task_priority_idx: '(task_priority_rank(priority), id)',
  task_due_idx: '(due_at, id)',
  task_due_desc_idx: '(due_at DESC NULLS LAST, id DESC)',
};

export class TaskListIndexes1797020000000 implements MigrationInterface {
  name = 'TaskListIndexes1797020000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [name, columns] of Object.entries(INDEXES)) {
      await queryRunner.query(`CREATE INDEX "${name}" ON "task" ${columns} WHERE deleted_at IS NULL`);
    }
    await queryRunner.query(
      `CREATE INDEX "task_open_due_idx" ON "task" (due_at, id) WHERE deleted_at IS NULL AND status IN ('todo', 'in_progress', 'blocked')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."task_open_due_idx"`);
    for (const name of Object.keys(INDEXES).reverse()) await queryRunner.query(`DROP INDEX "public"."${name}"`);
  }
}
