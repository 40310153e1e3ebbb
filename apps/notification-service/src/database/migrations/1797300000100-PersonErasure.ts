import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A person erased by an account deletion (docs/sagas.md) stays as a tombstone: `erased_at` set, every personal column
 * null and `version` at its maximum, so a late event about them (a profile update in flight, a registration replayed)
 * brings nothing back.
 */
export class PersonErasure1797300000100 implements MigrationInterface {
  name = 'PersonErasure1797300000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "person" ADD "erased_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "person" DROP COLUMN "erased_at"`);
  }
}
