import { defineEvent } from '@taskhub/contracts';
import { CreateInbox1795500000001 } from '@taskhub/platform-messaging';
import { IsInt, Min } from 'class-validator';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The payload of the shutdown probe: which one of the stream. */
export class ShutdownProbeV1 {
  @IsInt()
  @Min(0)
  readonly n!: number;
}

// An event of this test alone (not in the catalogue): no other test binds its routing key in the run's vhost.
export const SHUTDOWN_PROBE_V1 = defineEvent({
  type: 'task.shutdown_probe.sent',
  version: 1,
  data: ShutdownProbeV1,
  description: 'One event of a stream a consumer is stopped in the middle of (shutdown test only).',
  consumers: ['task'],
});

export class CreateProbeEffect1795600000001 implements MigrationInterface {
  name = 'CreateProbeEffect1795600000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE probe_effect (event_id uuid PRIMARY KEY, n int NOT NULL, pid int NOT NULL)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE probe_effect');
  }
}

export const CONSUMER_SERVICE_MIGRATIONS = [CreateInbox1795500000001, CreateProbeEffect1795600000001];
