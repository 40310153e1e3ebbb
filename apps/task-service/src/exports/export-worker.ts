import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { runsWorkers } from '@taskhub/platform-config';
import { buildDataSourceOptions } from '@taskhub/platform-database';
import { AmqpConnection, consumerMetrics, declareQueuesOnConnect, EventConsumer, eventHandlers } from '@taskhub/platform-messaging';
import { ServiceMetrics } from '@taskhub/platform-metrics';
import { DataSource } from 'typeorm';
import { TaskServiceConfig } from '../config/task.config';
import { TASK_DATABASE } from '../database/task-database';
import { ExportRequestedHandler } from './messaging/export-requested.handler';

const RETRY_CONNECT_MS = 5_000;

/**
 * The exports' consumer on its own terms, so exports never delay interactive work: its own queue (TASK_EXPORT_QUEUE,
 * `task.exports`), TASK_EXPORT_PREFETCH exports at a time, and its own pool of TASK_EXPORT_POOL_MAX connections
 * (per export: the inbox transaction with the cursor, and the transaction writing the file; and the progress
 * updates) with a statement_timeout that bounds a whole export (TASK_EXPORT_STATEMENT_TIMEOUT_MS) and no client read
 * timeout (pg's would fire under a cursor still streaming). A worker queue: consumed by PROCESS_ROLE=worker and all
 * processes; an api process only declares it, so requests wait there for a worker.
 */
@Injectable()
export class ExportWorker implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(ExportWorker.name);
  readonly dataSource: DataSource;
  private consumer: EventConsumer | undefined;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: TaskServiceConfig,
    private readonly amqp: AmqpConnection,
    private readonly metrics: ServiceMetrics,
    private readonly handler: ExportRequestedHandler,
  ) {
    // two connections per export in progress (its cursor's transaction, its file's transaction), one for the progress
    const poolMax = Math.max(config.exportPoolMax, 2 * config.exportPrefetch + 1);
    const options = buildDataSourceOptions(config, TASK_DATABASE, { poolMax, statementTimeoutMs: config.exportStatementTimeoutMs });
    const { query_timeout: _clientTimeout, ...extra } = (options.extra ?? {}) as Record<string, unknown>;
    this.dataSource = new DataSource({ ...options, applicationName: 'task-service-exports', migrations: [], extra });
  }

  onApplicationBootstrap(): void {
    // PROCESS_ROLE=api: the queue exists (an export requested before any worker ran waits there), no consumer
    if (runsWorkers(this.config)) void this.start();
    else declareQueuesOnConnect(this.amqp, [{ queue: this.config.exportQueue, routingKeys: eventHandlers(this.handler).routingKeys }]);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearTimeout(this.retry);
    await this.consumer?.stop(Math.max(1_000, this.config.shutdownTimeoutMs - 2_000));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  private async start(): Promise<void> {
    try {
      await this.dataSource.initialize();
    } catch (error) {
      this.logger.warn(`exports' database pool not ready (${error instanceof Error ? error.message : String(error)}); retrying in ${RETRY_CONNECT_MS} ms`);
      this.retry = setTimeout(() => void this.start(), RETRY_CONNECT_MS);
      return;
    }
    this.consumer = new EventConsumer({
      dataSource: this.dataSource,
      amqp: this.amqp,
      queue: { queue: this.config.exportQueue },
      handlers: eventHandlers(this.handler),
      prefetch: this.config.exportPrefetch,
      batchSize: 1,
      maxConcurrentBatches: this.config.exportPrefetch,
      events: consumerMetrics(this.metrics.registry, this.config.exportQueue),
    });
    this.consumer.start();
  }

  /** Whether it is subscribed to its queue (tests wait for it). */
  get consuming(): boolean {
    return this.consumer?.consuming ?? false;
  }
}
