import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The e-mail outbox: one row per (event, user, template), so a duplicated event never sends a second e-mail. The
 * sender claims due rows (`FOR UPDATE SKIP LOCKED`); held rows wait for the end of quiet hours or for the digest.
 */
export class CreateEmail1797020000000 implements MigrationInterface {
  name = 'CreateEmail1797020000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "email" (
      "id" uuid NOT NULL,
      "event_id" uuid NOT NULL,
      "user_id" uuid NOT NULL,
      "template" text NOT NULL,
      "to_address" text NOT NULL,
      "locale" text NOT NULL,
      "payload" jsonb NOT NULL,
      "status" text NOT NULL,
      "hold_reason" text,
      "not_before" TIMESTAMP WITH TIME ZONE,
      "attempts" integer NOT NULL DEFAULT 0,
      "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "first_attempt_at" TIMESTAMP WITH TIME ZONE,
      "last_error" text,
      "digest_id" uuid,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "sent_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_email" PRIMARY KEY ("id"),
      CONSTRAINT "UQ_email_event_user_template" UNIQUE ("event_id", "user_id", "template"),
      CONSTRAINT "CHK_email_status" CHECK ("status" IN ('queued', 'held', 'sent', 'parked', 'digested')),
      CONSTRAINT "CHK_email_hold_reason" CHECK ("hold_reason" IS NULL OR "hold_reason" IN ('quiet_hours', 'digest'))
    )`);
    await queryRunner.query(`CREATE INDEX "IDX_email_due" ON "email" ("next_attempt_at") WHERE "status" IN ('queued', 'held')`);
    await queryRunner.query(`CREATE INDEX "IDX_email_sent_at" ON "email" ("sent_at") WHERE "status" IN ('sent', 'digested')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "email"`);
  }
}
