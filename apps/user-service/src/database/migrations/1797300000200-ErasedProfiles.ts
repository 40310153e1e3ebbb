import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Profiles erased by an account deletion (docs/sagas.md): the id alone, so a late event about the account (a
 * registration replayed, a disablement in flight) creates nothing again.
 */
export class ErasedProfiles1797300000200 implements MigrationInterface {
  name = 'ErasedProfiles1797300000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "erased_profile" ("id" uuid NOT NULL, "erased_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_erased_profile" PRIMARY KEY ("id"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "erased_profile"`);
  }
}
