import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The local read model of people (a copy of each profile's public fields, from user.profile.* events). Generated; frozen. */
export class CreatePeople1796440014820 implements MigrationInterface {
  name = 'CreatePeople1796440014820';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "person" ("id" uuid NOT NULL, "display_name" text NOT NULL, "avatar_url" text, "status" text NOT NULL, "version" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5fdaf670315c4b7e70cce85daa3" PRIMARY KEY ("id"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "person"`);
  }
}
