import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Drops `task_due_open_idx` (due_at) WHERE deleted_at IS NULL AND status NOT IN ('done', 'cancelled') AND due_at IS NOT
 * NULL: it held the same rows as `task_open_due_idx` (due_at, id) WHERE deleted_at IS NULL AND status IN ('todo',
 * 'in_progress', 'blocked') (the list indexes), whose status list the due-reminder scan now writes, so the scan reads
 * that one and every task write keeps one index fewer up to date.
 */
export class DropDuplicateDueIndex1797060000000 implements MigrationInterface {
  name = 'DropDuplicateDueIndex1797060000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."task_due_open_idx"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "task_due_open_idx" ON "task" ("due_at") WHERE "deleted_at" IS NULL AND "status" NOT IN ('done', 'cancelled') AND "due_at" IS NOT NULL`);
  }
}
