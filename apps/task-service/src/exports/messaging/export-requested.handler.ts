import { Injectable, Logger } from '@nestjs/common';
import { TASK_EXPORT_REQUESTED_V1, type TaskExportRequestedV1 } from '@taskhub/contracts';
import { type EventContext, HandleEvent } from '@taskhub/platform-messaging';
import { type EntityManager } from 'typeorm';
import { TaskServiceConfig } from '../../config/task.config';
import { type ExportJob } from '../export';
import { ChunkWriter } from '../export-chunks';
import { type CursorClient, writeExport } from '../export-file';
import { type ExportQuery, buildExportQuery } from '../export-query';
import { ExportChunkRepository } from '../export-chunk.repository';
import { ExportRepository } from '../export.repository';

/**
 * Queue `task.exports` (its own consumer, prefetch and database pool: ExportWorker): writes one export's file into
 * the database. The inbox transaction holds the cursor (one snapshot of the project); the file's pieces go through a
 * transaction of their own on another connection of the pool, which marks the export ready last: a download sees the
 * whole file or none of it, and an attempt that fails or dies (a crash, a lost connection) leaves no piece behind.
 * Status and progress go through a third connection, committed at once so GET /exports/:id shows them while it runs.
 * A redelivery after a crash starts the export again; one already ready, failed or expired is left alone. A failure
 * marks it failed (the requester asks again) rather than retrying a job that may fail the same way.
 */
@Injectable()
export class ExportRequestedHandler {
  private readonly logger = new Logger(ExportRequestedHandler.name);

  constructor(
    private readonly config: TaskServiceConfig,
    private readonly exports: ExportRepository,
    private readonly chunks: ExportChunkRepository,
  ) {}

  @HandleEvent(TASK_EXPORT_REQUESTED_V1)
  async requested(data: TaskExportRequestedV1, { manager }: EventContext<TaskExportRequestedV1>): Promise<void> {
    const outside = manager.connection.manager;
    const job = await this.exports.start(outside, data.exportId);
    if (!job) return;
    try {
      const query = buildExportQuery(job.projectId, job.requestedBy, job.filters);
      const [{ n }] = await manager.query<{ n: number }[]>(query.countSql, query.params);
      await this.exports.progress(outside, job.id, 0, n);
      const result = await this.write(manager, job, query);
      this.logger.log(`export ${job.id}: ${result.rows} tasks, ${result.bytes} bytes in ${result.chunks} pieces`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(`export ${job.id} failed: ${message}`);
      await this.exports.failed(outside, job.id, message.slice(0, 500));
    }
  }

  /** The file's transaction: its pieces as they fill, then the ready mark; all or nothing. */
  private write(cursor: EntityManager, job: ExportJob, query: ExportQuery): Promise<{ rows: number; bytes: number; chunks: number }> {
    const outside = cursor.connection.manager;
    return cursor.connection.transaction(async (writer) => {
      const file = new ChunkWriter((seq, data) => this.chunks.insert(writer, job.id, seq, data));
      let reported: Promise<void> = Promise.resolve();
      const rows = await writeExport(await cursorClient(cursor), query, job.format, file, (written) => {
        reported = reported.then(() => this.exports.progress(outside, job.id, written)).catch(() => undefined);
      });
      await reported;
      if (!(await this.exports.ready(writer, job.id, { rows, bytes: file.bytes }, this.config.exportTtlHours))) {
        throw new Error(`export ${job.id} is no longer running: its file is not kept`);
      }
      return { rows, bytes: file.bytes, chunks: file.chunks };
    });
  }
}

/** The pg client of the transaction's connection (a cursor runs on it, inside the transaction). */
async function cursorClient(manager: EntityManager): Promise<CursorClient> {
  const runner = manager.queryRunner as unknown as { connect(): Promise<CursorClient> } | undefined;
  if (!runner) throw new Error('an export needs the EntityManager of an open transaction (the consumer’s)');
  return runner.connect();
}
