import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Database-level defaults the notification service relies on, for every session of its own database: timestamps are read and
 * written in UTC, and a transaction left open by a crashed client cannot hold locks for more than a minute.
 */
export class Baseline1795329973273 implements MigrationInterface {
  name = 'Baseline1795329973273';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$
      BEGIN
        EXECUTE format('ALTER DATABASE %I SET timezone TO %L', current_database(), 'UTC');
        EXECUTE format('ALTER DATABASE %I SET idle_in_transaction_session_timeout TO %L', current_database(), '60s');
      END
      $$;
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$
      BEGIN
        EXECUTE format('ALTER DATABASE %I RESET timezone', current_database());
        EXECUTE format('ALTER DATABASE %I RESET idle_in_transaction_session_timeout', current_database());
      END
      $$;
    `);
  }
}
