import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * `profile.email_verified` (from auth.user.email_verified.v1 and auth.user.email_changed.v1): the directory lists
 * verified people only, so its partial index gains the condition. Profiles that exist are verified (auth marks the
 * accounts that exist verified too). `email_changed_at`: a late, older e-mail change loses.
 */
export class ProfileEmailVerified1797100000000 implements MigrationInterface {
  name = 'ProfileEmailVerified1797100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "profile" ADD "email_verified" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`UPDATE "profile" SET "email_verified" = true`);
    await queryRunner.query(`ALTER TABLE "profile" ADD "email_changed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`DROP INDEX "public"."profile_directory_idx"`);
    await queryRunner.query(`CREATE INDEX "profile_directory_idx" ON "profile" ("name_key", "id") WHERE "status" = 'active' AND "email_verified"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."profile_directory_idx"`);
    await queryRunner.query(`CREATE INDEX "profile_directory_idx" ON "profile" ("name_key", "id") WHERE "status" = 'active'`);
    await queryRunner.query(`ALTER TABLE "profile" DROP COLUMN "email_changed_at"`);
    await queryRunner.query(`ALTER TABLE "profile" DROP COLUMN "email_verified"`);
  }
}
