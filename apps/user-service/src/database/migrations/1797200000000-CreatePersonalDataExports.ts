import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Personal data exports (docs/personal-data.md): the export, one row per part another service contributes (pending
 * until all its pieces are in), the pieces as they arrive (deleted once the archive is assembled) and the archive
 * itself (bytea, like the task exports of ADR 0009; a person's archive is small, so one value). At most one running
 * export per person (partial unique index). Written by hand (raw SQL repository, no entities); frozen.
 */
export class CreatePersonalDataExports1797200000000 implements MigrationInterface {
  name = 'CreatePersonalDataExports1797200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE personal_data_export (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'complete')),
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        expires_at timestamptz NOT NULL,
        archive bytea,
        archive_bytes integer
      )
    `);
    await queryRunner.query(`CREATE UNIQUE INDEX personal_data_export_running_idx ON personal_data_export (user_id) WHERE status = 'running'`);
    await queryRunner.query(`CREATE INDEX personal_data_export_user_idx ON personal_data_export (user_id)`);
    await queryRunner.query(`CREATE INDEX personal_data_export_expiry_idx ON personal_data_export (expires_at)`);
    await queryRunner.query(`
      CREATE TABLE personal_data_export_part (
        export_id uuid NOT NULL REFERENCES personal_data_export (id) ON DELETE CASCADE,
        part text NOT NULL,
        chunk_count integer,
        received_at timestamptz,
        PRIMARY KEY (export_id, part)
      )
    `);
    await queryRunner.query(`
      CREATE TABLE personal_data_export_chunk (
        export_id uuid NOT NULL,
        part text NOT NULL,
        chunk integer NOT NULL,
        content text NOT NULL,
        PRIMARY KEY (export_id, part, chunk),
        FOREIGN KEY (export_id, part) REFERENCES personal_data_export_part (export_id, part) ON DELETE CASCADE
      )
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE personal_data_export_chunk`);
    await queryRunner.query(`DROP TABLE personal_data_export_part`);
    await queryRunner.query(`DROP TABLE personal_data_export`);
  }
}
