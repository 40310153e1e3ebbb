import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Accounts, login sessions (refresh-token families) with their refresh tokens, password resets and API keys.
 * Secrets are stored only as hashes: argon2id for passwords, SHA-256 for the high-entropy random tokens and keys.
 * Generated from the entities (`migration:generate`); frozen like every migration.
 */
export class CreateAccounts1796147760453 implements MigrationInterface {
  name = 'CreateAccounts1796147760453';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "account" ("id" uuid NOT NULL, "email" text NOT NULL, "display_name" text NOT NULL, "password_hash" text NOT NULL, "roles" text array NOT NULL DEFAULT '{user}', "status" text NOT NULL DEFAULT 'active', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "disabled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_4c8f96ccf523e9a3faefd5bdd4c" UNIQUE ("email"), CONSTRAINT "PK_54115ee388cdb6d86bb4bf5b2ea" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "api_key" ("id" uuid NOT NULL, "account_id" uuid NOT NULL, "name" text NOT NULL, "prefix" text NOT NULL, "key_hash" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_3c9751d2a6011ba13e27838105e" UNIQUE ("key_hash"), CONSTRAINT "PK_b1bd840641b8acbaad89c3d8d11" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "api_key_account_id_idx" ON "api_key" ("account_id")`);
    await queryRunner.query(`CREATE TABLE "password_reset" ("id" uuid NOT NULL, "account_id" uuid NOT NULL, "token_hash" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_0309de62e0cb0960ebb2cb65c95" UNIQUE ("token_hash"), CONSTRAINT "PK_8515e60a2cc41584fa4784f52ce" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "password_reset_account_id_idx" ON "password_reset" ("account_id")`);
    await queryRunner.query(`CREATE TABLE "session" ("id" uuid NOT NULL, "account_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoke_reason" text, CONSTRAINT "PK_f55da76ac1c3ac420f444d2ff11" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "session_account_id_idx" ON "session" ("account_id")`);
    await queryRunner.query(`CREATE TABLE "refresh_token" ("id" uuid NOT NULL, "session_id" uuid NOT NULL, "token_hash" bytea NOT NULL, "status" text NOT NULL DEFAULT 'active', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "spent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_f0812282fad2e352cdaf83ef0a9" UNIQUE ("token_hash"), CONSTRAINT "PK_b575dd3c21fb0831013c909e7fe" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "refresh_token_session_id_idx" ON "refresh_token" ("session_id")`);
    await queryRunner.query(`ALTER TABLE "api_key" ADD CONSTRAINT "FK_e1c10c0d45f5331063b62d9573f" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "password_reset" ADD CONSTRAINT "FK_c491bba845232ca65b799a63252" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "session" ADD CONSTRAINT "FK_fae5a6b4a57f098e9af8520d499" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "refresh_token" ADD CONSTRAINT "FK_7643a722ca45fb721be1c63dc0c" FOREIGN KEY ("session_id") REFERENCES "session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_token" DROP CONSTRAINT "FK_7643a722ca45fb721be1c63dc0c"`);
    await queryRunner.query(`ALTER TABLE "session" DROP CONSTRAINT "FK_fae5a6b4a57f098e9af8520d499"`);
    await queryRunner.query(`ALTER TABLE "password_reset" DROP CONSTRAINT "FK_c491bba845232ca65b799a63252"`);
    await queryRunner.query(`ALTER TABLE "api_key" DROP CONSTRAINT "FK_e1c10c0d45f5331063b62d9573f"`);
    await queryRunner.query(`DROP INDEX "public"."refresh_token_session_id_idx"`);
    await queryRunner.query(`DROP TABLE "refresh_token"`);
    await queryRunner.query(`DROP INDEX "public"."session_account_id_idx"`);
    await queryRunner.query(`DROP TABLE "session"`);
    await queryRunner.query(`DROP INDEX "public"."password_reset_account_id_idx"`);
    await queryRunner.query(`DROP TABLE "password_reset"`);
    await queryRunner.query(`DROP INDEX "public"."api_key_account_id_idx"`);
    await queryRunner.query(`DROP TABLE "api_key"`);
    await queryRunner.query(`DROP TABLE "account"`);
  }
}
