import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The account deletion saga (docs/sagas.md): one row per deletion, ids and step timestamps only (no personal data),
 * purged 30 days after it completed. At most one running deletion per account (partial unique index).
 */
export class CreateAccountDeletion1797300000000 implements MigrationInterface {
  name = 'CreateAccountDeletion1797300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "account_deletion" (
        "id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "status" text NOT NULL DEFAULT 'running',
        "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "completed_at" TIMESTAMP WITH TIME ZONE,
        "task_started_at" TIMESTAMP WITH TIME ZONE,
        "task_completed_at" TIMESTAMP WITH TIME ZONE,
        "task_attempts" integer NOT NULL DEFAULT 0,
        "notification_started_at" TIMESTAMP WITH TIME ZONE,
        "notification_completed_at" TIMESTAMP WITH TIME ZONE,
        "notification_attempts" integer NOT NULL DEFAULT 0,
        "profile_started_at" TIMESTAMP WITH TIME ZONE,
        "profile_completed_at" TIMESTAMP WITH TIME ZONE,
        "profile_attempts" integer NOT NULL DEFAULT 0,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_account_deletion" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_account_deletion_status" CHECK ("status" IN ('running', 'completed'))
      )
    `);
    await queryRunner.query(`CREATE UNIQUE INDEX "account_deletion_running_idx" ON "account_deletion" ("user_id") WHERE "status" = 'running'`);
    await queryRunner.query(`CREATE INDEX "account_deletion_requested_idx" ON "account_deletion" ("requested_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "account_deletion"`);
  }
}
