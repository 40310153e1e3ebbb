import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Removes the statement trigger that NOTIFYed `outbox_event` on every insert (CreateOutbox1795500000000). PostgreSQL
 * serialises the commits of all transactions that NOTIFY, across the cluster, through a lock held during the commit's
 * WAL flush: every writer of an event queued behind the others and lost group commit. The writer now wakes a relay of
 * its own process after the commit, and NOTIFYs only when its process has none (`writeToOutbox`). List it after
 * CreateOutbox in the service's migrations.
 */
export class DropOutboxNotifyTrigger1796151356792 implements MigrationInterface {
  name = 'DropOutboxNotifyTrigger1796151356792';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER outbox_event_notify ON outbox_event`);
    await queryRunner.query(`DROP FUNCTION outbox_event_notify()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
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
}
