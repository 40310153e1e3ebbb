import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * People gain their account (e-mail address, disabled) and a row may exist before its profile (nullable profile
 * columns); the read model of tasks (task_watch). Generated; frozen.
 */
export class PeopleAccountsAndTaskWatch1797010000000 implements MigrationInterface {
  name = 'PeopleAccountsAndTaskWatch1797010000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "task_watch" ("task_id" uuid NOT NULL, "project_id" uuid NOT NULL, "task_key" text, "title" text, "title_version" integer NOT NULL, "creator_id" uuid, "assignee_ids" uuid array NOT NULL, "assignees_version" integer NOT NULL, "deleted_until" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_dbf1d9be0f50780d3462456d4a7" PRIMARY KEY ("task_id"))`);
    await queryRunner.query(`ALTER TABLE "person" ADD "email" text`);
    await queryRunner.query(`ALTER TABLE "person" ADD "disabled_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "person" ALTER COLUMN "display_name" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "person" ALTER COLUMN "timezone" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "person" ALTER COLUMN "locale" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "person" ALTER COLUMN "status" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "person" ALTER COLUMN "version" DROP NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // rows known only from auth's events have no profile: the old schema cannot hold them
    await queryRunner.query(`DELETE FROM "person" WHERE "version" IS NULL`);
    await queryRunner.query(`ALTER TABLE "person" ALTER COLUMN "version" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "person" ALTER COLUMN "status" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "person" ALTER COLUMN "locale" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "person" ALTER COLUMN "timezone" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "person" ALTER COLUMN "display_name" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "person" DROP COLUMN "disabled_at"`);
    await queryRunner.query(`ALTER TABLE "person" DROP COLUMN "email"`);
    await queryRunner.query(`DROP TABLE "task_watch"`);
  }
}
