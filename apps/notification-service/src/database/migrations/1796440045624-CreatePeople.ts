import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Local copies of people's public profiles and notification preferences (from the user service's events). Generated; frozen. */
export class CreatePeople1796440045624 implements MigrationInterface {
  name = 'CreatePeople1796440045624';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "person_preferences" ("user_id" uuid NOT NULL, "kinds" jsonb NOT NULL, "digest_enabled" boolean NOT NULL, "digest_hour" smallint NOT NULL, "quiet_start" text, "quiet_end" text, "version" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_69d0b882d7c6699f777b3ac1e9f" PRIMARY KEY ("user_id"))`);
    await queryRunner.query(`CREATE TABLE "person" ("id" uuid NOT NULL, "display_name" text NOT NULL, "timezone" text NOT NULL, "locale" text NOT NULL, "status" text NOT NULL, "version" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5fdaf670315c4b7e70cce85daa3" PRIMARY KEY ("id"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "person"`);
    await queryRunner.query(`DROP TABLE "person_preferences"`);
  }
}
