import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Webhooks, their deliveries (the delivery log and retry schedule), and the read model of project owners. Generated; frozen. */
export class Webhooks1797030000000 implements MigrationInterface {
  name = 'Webhooks1797030000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "project_owner" ("project_id" uuid NOT NULL, "user_id" uuid NOT NULL, CONSTRAINT "PK_d4b977feab93215732dd86d8a60" PRIMARY KEY ("project_id", "user_id"))`);
    await queryRunner.query(`CREATE TABLE "webhook" ("id" uuid NOT NULL, "owner_id" uuid NOT NULL, "project_id" uuid, "url" text NOT NULL, "events" text array NOT NULL, "secret_sealed" text NOT NULL, "previous_secret_sealed" text, "previous_secret_expires_at" TIMESTAMP WITH TIME ZONE, "status" text NOT NULL DEFAULT 'active', "failures_in_row" integer NOT NULL DEFAULT '0', "disabled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e6765510c2d078db49632b59020" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "webhook_project_idx" ON "webhook" ("project_id") `);
    await queryRunner.query(`CREATE INDEX "webhook_owner_idx" ON "webhook" ("owner_id", "id") `);
    await queryRunner.query(`CREATE TABLE "webhook_delivery" ("id" uuid NOT NULL, "webhook_id" uuid NOT NULL, "event_id" uuid NOT NULL, "event_type" text NOT NULL, "body" text NOT NULL, "status" text NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "attempts_before_redelivery" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE, "response_code" integer, "duration_ms" integer, "last_error" text, "last_attempt_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "webhook_delivery_event_webhook_key" UNIQUE ("event_id", "webhook_id"), CONSTRAINT "PK_b1ae290239a778f12399db91354" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "webhook_delivery_due_idx" ON "webhook_delivery" ("next_attempt_at") WHERE status = 'pending'`);
    await queryRunner.query(`CREATE INDEX "webhook_delivery_webhook_idx" ON "webhook_delivery" ("webhook_id", "id") `);
    await queryRunner.query(`ALTER TABLE "webhook_delivery" ADD CONSTRAINT "FK_ef25cc28dcf88ea3dd81f39af2d" FOREIGN KEY ("webhook_id") REFERENCES "webhook"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhook_delivery" DROP CONSTRAINT "FK_ef25cc28dcf88ea3dd81f39af2d"`);
    await queryRunner.query(`DROP INDEX "public"."webhook_delivery_webhook_idx"`);
    await queryRunner.query(`DROP INDEX "public"."webhook_delivery_due_idx"`);
    await queryRunner.query(`DROP TABLE "webhook_delivery"`);
    await queryRunner.query(`DROP INDEX "public"."webhook_owner_idx"`);
    await queryRunner.query(`DROP INDEX "public"."webhook_project_idx"`);
    await queryRunner.query(`DROP TABLE "webhook"`);
    await queryRunner.query(`DROP TABLE "project_owner"`);
  }
}
