import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Profiles (created from auth.user.registered.v1) and notification preferences. The directory is read in
 * (name_key, id) order over active profiles; search matches word prefixes of ` <name key> <e-mail>` through a GIN
 * trigram index (pg_trgm, a trusted extension: the database owner may create it).
 * Generated from the entities (`migration:generate`), then the extension and the trigram index added; frozen.
 */
export class CreateProfiles1796439854970 implements MigrationInterface {
  name = 'CreateProfiles1796439854970';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "preferences" ("user_id" uuid NOT NULL, "kinds" jsonb NOT NULL, "digest_enabled" boolean NOT NULL, "digest_hour" smallint NOT NULL, "quiet_start" text, "quiet_end" text, "version" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_34a542d34f1c75c43e78df2e67a" PRIMARY KEY ("user_id"))`);
    await queryRunner.query(`CREATE TABLE "profile" ("id" uuid NOT NULL, "email" text NOT NULL, "display_name" text NOT NULL, "avatar_url" text, "timezone" text NOT NULL DEFAULT 'UTC', "locale" text NOT NULL DEFAULT 'en', "status" text NOT NULL DEFAULT 'active', "version" integer NOT NULL DEFAULT '1', "name_key" text NOT NULL, "search_text" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "disabled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_3dd8bfc97e4a77c70971591bdcb" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "profile_directory_idx" ON "profile" ("name_key", "id") WHERE "status" = 'active'`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`CREATE INDEX "profile_search_trgm_idx" ON "profile" USING gin ("search_text" gin_trgm_ops)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."profile_search_trgm_idx"`);
    await queryRunner.query(`DROP INDEX "public"."profile_directory_idx"`);
    await queryRunner.query(`DROP TABLE "profile"`);
    await queryRunner.query(`DROP TABLE "preferences"`);
  }
}
