import { defineEvent } from '@taskhub/contracts';
import { CreateInbox1795500000001, CreateOutbox1795500000000, DropOutboxNotifyTrigger1796151356792 } from '@taskhub/platform-messaging';
import { IsUUID } from 'class-validator';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The payload of the trace probe's events: which probe. */
export class TraceProbeV1 {
  @IsUUID()
  readonly probeId!: string;
}

// Events of the tracing test alone (not in the catalogue): no other test binds their routing keys in the run's vhost.
export const TRACE_PROBE_REQUESTED_V1 = defineEvent({
  type: 'task.trace_probe.requested',
  version: 1,
  data: TraceProbeV1,
  description: 'A probe request was recorded (tracing test only).',
  consumers: ['task'],
});

export const TRACE_PROBE_ANSWERED_V1 = defineEvent({
  type: 'task.trace_probe.answered',
  version: 1,
  data: TraceProbeV1,
  description: 'The consumer of a probe request answered it (tracing test only).',
  consumers: ['task'],
});

export class CreateProbeTables1795600000000 implements MigrationInterface {
  name = 'CreateProbeTables1795600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE probe (id uuid PRIMARY KEY)');
    await runner.query('CREATE TABLE probe_effect (event_id uuid PRIMARY KEY)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE probe_effect');
    await runner.query('DROP TABLE probe');
  }
}

export const TRACED_SERVICE_MIGRATIONS = [CreateOutbox1795500000000, CreateInbox1795500000001, CreateProbeTables1795600000000, DropOutboxNotifyTrigger1796151356792];
