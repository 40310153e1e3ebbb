import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The transactional outbox of a producing service, shipped by the platform and listed in the service's own
 * migrations (e.g. `AUTH_MIGRATIONS`). Like every migration it is frozen: a later change is a new migration class.
 * - `seq` orders rows; the relay claims `pending` rows by status with FOR UPDATE SKIP LOCKED (never by a `seq`
 *   watermark, which would skip a row whose transaction took its `seq` early and committed late);
 * - `body` is the exact JSON published; `headers` the AMQP headers (correlation id, traceparent);
 * - `available_at` holds back a row the broker returned as unroutable (no queue bound yet), retried with backoff;
 * - a statement-level trigger NOTIFYs `outbox_event` on insert, delivered at commit, so the relay wakes at once
 *   (dropped by DropOutboxNotifyTrigger1796151356792: writers wake their own process's relay).
 */
export class CreateOutbox1795500000000 implements MigrationInterface {
  name = 'CreateOutbox1795500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox_event (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id uuid NOT NULL CONSTRAINT outbox_event_id_key UNIQUE,
        routing_key text NOT NULL,
        body text NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        status text NOT NULL DEFAULT 'pending' CONSTRAINT outbox_event_status_check CHECK (status IN ('pending', 'published')),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        available_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        published_at timestamptz,
        publish_attempts integer NOT NULL DEFAULT 0
      )
    `);
    await queryRunner.query(`CREATE INDEX outbox_event_pending_idx ON outbox_event (seq) WHERE status = 'pending'`);
    await queryRunner.query(`CREATE INDEX outbox_event_published_idx ON outbox_event (published_at) WHERE status = 'published'`);
    await queryRunner.query(`
      CREATE FUNCTION outbox_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox_event', '');
        RETURN NULL;
      END
      $$
    `);
    await queryRunner.query(`CREATE TRIGGER outbox_event_notify AFTER INSERT ON outbox_event FOR EACH STATEMENT EXECUTE FUNCTION outbox_event_notify()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER outbox_event_notify ON outbox_event`);
    await queryRunner.query(`DROP FUNCTION outbox_event_notify()`);
    await queryRunner.query(`DROP TABLE outbox_event`);
  }
}
