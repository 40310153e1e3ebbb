import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { errorMessage, PeriodicJob } from '@taskhub/platform-health';
import { runsWorkers } from '@taskhub/platform-config';
import { DataSource } from 'typeorm';
import { TaskServiceConfig } from '../config/task.config';
import { ExportChunkRepository } from './export-chunk.repository';
import { ExportRepository } from './export.repository';

/** pieces (of CHUNK_BYTES, 1 MiB) deleted per transaction: a 200 MB file goes in a few short transactions */
export const DELETE_CHUNKS = 32;

/**
 * Every TASK_EXPORT_EXPIRY_SCAN_INTERVAL_MS: the files of exports ready for longer than TASK_EXPORT_TTL_HOURS are
 * deleted, DELETE_CHUNKS pieces per transaction, and each export is marked expired in the transaction that deletes its
 * last pieces. Downloads already answer EXPORT.EXPIRED from its expiry on (ExportRepository: `lapsed`). Exports are
 * claimed with SKIP LOCKED, so instances running it at once share the work; one interrupted mid-way is still ready and
 * lapsed, and the next run carries on with it.
 */
@Injectable()
export class ExportExpiry implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ExportExpiry.name);
  private readonly job: PeriodicJob;

  constructor(
    private readonly config: TaskServiceConfig,
    private readonly dataSource: DataSource,
    private readonly exports: ExportRepository,
    private readonly chunks: ExportChunkRepository,
  ) {
    this.job = new PeriodicJob(() => this.run(), {
      intervalMs: config.exportExpiryScanIntervalMs,
      onError: (error) => this.logger.warn(`export expiry failed: ${errorMessage(error)}`),
    });
  }

  onApplicationBootstrap(): void {
    if (runsWorkers(this.config)) this.job.start(); // with the exports, in the worker processes
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** Expires what is due; the number of exports expired. */
  async run(): Promise<number> {
    let expired = 0;
    for (;;) {
      const step = await this.dataSource.transaction(async (manager) => {
        const id = await this.exports.claimLapsed(manager);
        if (id === undefined) return 'done';
        if ((await this.chunks.deleteSome(manager, id, DELETE_CHUNKS)) === DELETE_CHUNKS) return 'more';
        await this.exports.expired(manager, id);
        return 'expired';
      });
      if (step === 'done') return expired;
      if (step === 'expired') expired++;
    }
  }
}
