import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** `person.email_changed_at`: the stored address follows auth.user.email_changed.v1, and a late, older change loses. */
export class PersonEmailChangedAt1797100000000 implements MigrationInterface {
  name = 'PersonEmailChangedAt1797100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "person" ADD "email_changed_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "person" DROP COLUMN "email_changed_at"`);
  }
}
