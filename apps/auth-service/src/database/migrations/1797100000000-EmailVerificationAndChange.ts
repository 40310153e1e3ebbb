import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * E-mail verification and e-mail change (docs/auth.md): `account.email_verified_at`, and the single-use tokens of
 * both (SHA-256 at rest). Accounts that exist are marked verified (as of their creation): they registered before
 * verification existed and have used their address since.
 */
export class EmailVerificationAndChange1797100000000 implements MigrationInterface {
  name = 'EmailVerificationAndChange1797100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "account" ADD "email_verified_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`UPDATE "account" SET "email_verified_at" = "created_at"`);
    await queryRunner.query(`CREATE TABLE "email_verification" ("id" uuid NOT NULL, "account_id" uuid NOT NULL, "token_hash" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_email_verification_token_hash" UNIQUE ("token_hash"), CONSTRAINT "PK_email_verification" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "email_verification_account_id_idx" ON "email_verification" ("account_id")`);
    await queryRunner.query(`ALTER TABLE "email_verification" ADD CONSTRAINT "FK_email_verification_account" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`CREATE TABLE "email_change" ("id" uuid NOT NULL, "account_id" uuid NOT NULL, "new_email" text NOT NULL, "confirm_token_hash" bytea NOT NULL, "cancel_token_hash" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "outcome" text, CONSTRAINT "UQ_email_change_confirm_token_hash" UNIQUE ("confirm_token_hash"), CONSTRAINT "UQ_email_change_cancel_token_hash" UNIQUE ("cancel_token_hash"), CONSTRAINT "PK_email_change" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "email_change_account_id_idx" ON "email_change" ("account_id")`);
    await queryRunner.query(`ALTER TABLE "email_change" ADD CONSTRAINT "FK_email_change_account" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "email_change"`);
    await queryRunner.query(`DROP TABLE "email_verification"`);
    await queryRunner.query(`ALTER TABLE "account" DROP COLUMN "email_verified_at"`);
  }
}
