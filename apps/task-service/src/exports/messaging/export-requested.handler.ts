import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { Injectable, Logger } from '@nestjs/common';
import { TASK_EXPORT_REQUESTED_V1, type TaskExportRequestedV1 } from '@taskhub/contracts';
import { type EventContext, HandleEvent } from '@taskhub/platform-messaging';
import { type EntityManager } from 'typeorm';
import { TaskServiceConfig } from '../../config/task.config';
import { type CursorClient, writeExportFile } from '../export-file';
import { buildExportQuery } from '../export-query';
import { ExportRepository } from '../export.repository';

/**
 * Queue `task.exports` (its own consumer, prefetch and database pool: ExportWorker): writes one export's file. The
 * inbox transaction holds the cursor (one snapshot of the project); status and progress go through the pool's other
 * connection, committed at once so GET /exports/:id shows them while it runs. A redelivery after a crash starts the
 * export again; one already ready, failed or expired is left alone. A failure marks it failed (the requester asks
 * again) rather than retrying a job that may fail the same way.
 */
@Injectable()
export class ExportRequestedHandler {
  private readonly logger = new Logger(ExportRequestedHandler.name);

  constructor(
    private readonly config: TaskServiceConfig,
    private readonly exports: ExportRepository,
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
      await mkdir(this.config.exportDir, { recursive: true });
      const path = join(this.config.exportDir, `${job.id}.${job.format}`);
      let reported: Promise<void> = Promise.resolve();
      const result = await writeExportFile(await cursorClient(manager), query, job.format, path, (rows) => {
        reported = reported.then(() => this.exports.progress(outside, job.id, rows)).catch(() => undefined);
      });
      await reported;
      await this.exports.ready(outside, job.id, { ...result, filePath: path }, this.config.exportTtlHours);
      this.logger.log(`export ${job.id}: ${result.rows} tasks, ${result.bytes} bytes`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(`export ${job.id} failed: ${message}`);
      await this.exports.failed(outside, job.id, message.slice(0, 500));
    }
  }
}

/** The pg client of the transaction's connection (a cursor runs on it, inside the transaction). */
async function cursorClient(manager: EntityManager): Promise<CursorClient> {
  const runner = manager.queryRunner as unknown as { connect(): Promise<CursorClient> } | undefined;
  if (!runner) throw new Error('an export needs the EntityManager of an open transaction (the consumer’s)');
  return runner.connect();
}
