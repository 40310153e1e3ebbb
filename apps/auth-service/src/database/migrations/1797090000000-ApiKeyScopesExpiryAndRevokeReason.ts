import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * API keys get scopes (`read`, `write`), a required expiry and the reason they were revoked (docs/auth.md). Keys that
 * exist keep what they could do (`read` and `write`; their tokens lose the admin role and key management in the code)
 * and expire at most 365 days from now (AUTH_API_KEY_MAX_LIFETIME_DAYS' default); keys already revoked were revoked
 * by their owner, the only way there was.
 */
export class ApiKeyScopesExpiryAndRevokeReason1797090000000 implements MigrationInterface {
  name = 'ApiKeyScopesExpiryAndRevokeReason1797090000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_key" ADD "scopes" text array NOT NULL DEFAULT '{read,write}'`);
    await queryRunner.query(`ALTER TABLE "api_key" ALTER COLUMN "scopes" DROP DEFAULT`);
    await queryRunner.query(`UPDATE "api_key" SET "expires_at" = now() + interval '365 days' WHERE "expires_at" IS NULL OR "expires_at" > now() + interval '365 days'`);
    await queryRunner.query(`ALTER TABLE "api_key" ALTER COLUMN "expires_at" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "api_key" ADD "revoke_reason" text`);
    await queryRunner.query(`UPDATE "api_key" SET "revoke_reason" = 'revoked' WHERE "revoked_at" IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_key" DROP COLUMN "revoke_reason"`);
    await queryRunner.query(`ALTER TABLE "api_key" ALTER COLUMN "expires_at" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "api_key" DROP COLUMN "scopes"`);
  }
}
