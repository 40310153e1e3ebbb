import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Due-date reminders' claims (one row per task, due date and window: the unique key that makes each reminder happen
 * once, whichever instance scans), the partial index the scan reads (open, undeleted tasks by due date), and the
 * export jobs. Generated from the entities; frozen.
 */
export class CreateRemindersAndExports1797040000000 implements MigrationInterface {
  name = 'CreateRemindersAndExports1797040000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "task_due_reminder" ("task_id" uuid NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reminder_window" text NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "task_due_reminder_pkey" PRIMARY KEY ("task_id", "due_at", "reminder_window"))`);
    await queryRunner.query(`CREATE INDEX "task_due_reminder_due_idx" ON "task_due_reminder" ("due_at") `);
    await queryRunner.query(`ALTER TABLE "task_due_reminder" ADD CONSTRAINT "task_due_reminder_task_fkey" FOREIGN KEY ("task_id") REFERENCES "task"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`CREATE INDEX "task_due_open_idx" ON "task" ("due_at") WHERE "deleted_at" IS NULL AND "status" NOT IN ('done', 'cancelled') AND "due_at" IS NOT NULL`);
    await queryRunner.query(`CREATE TABLE "task_export" ("id" uuid NOT NULL, "project_id" uuid NOT NULL, "requested_by" uuid NOT NULL, "format" text NOT NULL, "filters" jsonb NOT NULL DEFAULT '{}', "status" text NOT NULL DEFAULT 'queued', "rows_written" integer NOT NULL DEFAULT '0', "total_rows" integer, "file_path" text, "bytes" bigint, "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "task_export_pkey" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "task_export_expiry_idx" ON "task_export" ("expires_at") WHERE "status" = 'ready'`);
    await queryRunner.query(`ALTER TABLE "task_export" ADD CONSTRAINT "task_export_project_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "task_export" DROP CONSTRAINT "task_export_project_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."task_export_expiry_idx"`);
    await queryRunner.query(`DROP TABLE "task_export"`);
    await queryRunner.query(`DROP INDEX "public"."task_due_open_idx"`);
    await queryRunner.query(`ALTER TABLE "task_due_reminder" DROP CONSTRAINT "task_due_reminder_task_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."task_due_reminder_due_idx"`);
    await queryRunner.query(`DROP TABLE "task_due_reminder"`);
  }
}
