import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The inbox of a consuming service, shipped by the platform and listed in the service's own migrations. A row per
 * (event, consumer) applied, written in the handler's transaction: the primary key turns a second delivery of the
 * same event into a no-op. Frozen like every migration.
 */
export class CreateInbox1795500000001 implements MigrationInterface {
  name = 'CreateInbox1795500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE inbox_event (
        event_id uuid NOT NULL,
        consumer text NOT NULL,
        routing_key text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT inbox_event_pkey PRIMARY KEY (event_id, consumer)
      )
    `);
    await queryRunner.query(`CREATE INDEX inbox_event_applied_idx ON inbox_event (applied_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE inbox_event`);
  }
}
