import { Module } from '@nestjs/common';
import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { PlatformModule } from '../../src/platform.module';
import { NoteGate, NoteProbeController } from './note-probe.controller';

/** A versioned resource of its own: a note per row, its version bumped by every change. */
export class CreateProbeNote1795800000000 implements MigrationInterface {
  name = 'CreateProbeNote1795800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE TABLE probe_note (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), owner_id uuid NOT NULL, title text NOT NULL, version integer NOT NULL DEFAULT 1)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE probe_note');
  }
}

export const NOTE_PROBE_MIGRATIONS = [CreateProbeNote1795800000000];

/**
 * A service with authenticated routes over a versioned table, as the task service's will be: the specs of ETag,
 * If-Match and Idempotency-Key run it in-process (`startProbeService({ service: NOTE_PROBE_SERVICE })`).
 */
@Module({
  imports: [PlatformModule.forRoot({ database: { migrations: NOTE_PROBE_MIGRATIONS } })],
  controllers: [NoteProbeController],
  providers: [NoteGate],
})
export class NoteProbeServiceModule {}

export const NOTE_PROBE_SERVICE = { module: NoteProbeServiceModule, migrations: NOTE_PROBE_MIGRATIONS };
