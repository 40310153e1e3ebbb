import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * In-app notifications; `notification_seq` numbers every insert and grouping update (the live stream resumes after
 * a seq). Generated (the sequence added by hand: TypeORM does not model sequences); frozen.
 */
export class CreateNotifications1797010000100 implements MigrationInterface {
  name = 'CreateNotifications1797010000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE "notification_seq" AS bigint`);
    await queryRunner.query(`CREATE TABLE "notification" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "kind" text NOT NULL, "project_id" uuid NOT NULL, "task_id" uuid, "actor_id" uuid, "actor_name" text, "task_key" text, "task_title" text, "project_name" text, "status_from" text, "status_to" text, "excerpt" text, "due_at" TIMESTAMP WITH TIME ZONE, "due_window" text, "role" text, "count" integer NOT NULL, "event_ids" uuid array NOT NULL, "read_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "seq" bigint NOT NULL, CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "notification_read_at_idx" ON "notification" ("read_at") `);
    await queryRunner.query(`CREATE INDEX "notification_user_task_idx" ON "notification" ("user_id", "task_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "notification_user_seq_idx" ON "notification" ("user_id", "seq") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."notification_user_seq_idx"`);
    await queryRunner.query(`DROP INDEX "public"."notification_user_task_idx"`);
    await queryRunner.query(`DROP INDEX "public"."notification_read_at_idx"`);
    await queryRunner.query(`DROP TABLE "notification"`);
    await queryRunner.query(`DROP SEQUENCE "notification_seq"`);
  }
}
