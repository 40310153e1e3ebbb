import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The erasure of a person (the account deletion saga, docs/projects.md#erasure-of-a-person): `person.erased_at` marks
 * the read model's row as a tombstone that later profile events leave alone, and `person_erasure` holds each
 * deletion applied (its id is the key: a replay of the same deletion, under any event id, finds its row and does
 * nothing). Generated from the entities; frozen.
 */
export class PersonErasure1797350000000 implements MigrationInterface {
  name = 'PersonErasure1797350000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "person" ADD "erased_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`CREATE TABLE "person_erasure" ("deletion_id" uuid NOT NULL, "user_id" uuid NOT NULL, "erased_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "person_erasure_pkey" PRIMARY KEY ("deletion_id"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "person_erasure"`);
    await queryRunner.query(`ALTER TABLE "person" DROP COLUMN "erased_at"`);
  }
}
