import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Export files move from the local disk of the instance that wrote them (TASK_EXPORT_DIR) into the database, so every
 * instance serves every export (docs/adr/0009-export-files-in-postgres.md): `task_export_chunk` holds each file as
 * numbered pieces of 1 MiB, deleted with their export. `data` keeps bytea's default storage, EXTENDED (compressed,
 * then stored out of line in the TOAST table: the CSV measured compresses 3.5 to 9 times), with lz4 rather than pglz
 * when the server has it (as fast to write as no compression, where pglz is about 6 times slower, and a little
 * smaller). No toast_tuple_target: every piece is far above the 2 kB threshold, so each one is compressed and moved
 * out of line anyway. `file_path` goes; exports that were ready have their files on some instance's disk, which the
 * database cannot serve: they are marked expired (their requesters ask again). Table, key and foreign key as
 * TypeORM writes them for the entity (the runtime suite's drift check compares).
 */
export class StoreExportFilesInPostgres1797070000000 implements MigrationInterface {
  name = 'StoreExportFilesInPostgres1797070000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "task_export_chunk" ("export_id" uuid NOT NULL, "seq" integer NOT NULL, "data" bytea NOT NULL, CONSTRAINT "task_export_chunk_pkey" PRIMARY KEY ("export_id", "seq"))`);
    await queryRunner.query(`ALTER TABLE "task_export_chunk" ADD CONSTRAINT "task_export_chunk_export_fkey" FOREIGN KEY ("export_id") REFERENCES "task_export"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`DO $$ BEGIN
      IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        ALTER TABLE "task_export_chunk" ALTER COLUMN "data" SET COMPRESSION lz4;
      END IF;
    END $$`);
    await queryRunner.query(`UPDATE "task_export" SET "status" = 'expired' WHERE "status" = 'ready'`);
    await queryRunner.query(`ALTER TABLE "task_export" DROP COLUMN "file_path"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "task_export" ADD "file_path" text`);
    await queryRunner.query(`UPDATE "task_export" SET "status" = 'expired' WHERE "status" = 'ready'`);
    await queryRunner.query(`ALTER TABLE "task_export_chunk" DROP CONSTRAINT "task_export_chunk_export_fkey"`);
    await queryRunner.query(`DROP TABLE "task_export_chunk"`);
  }
}
