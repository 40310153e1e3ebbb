import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type ServiceDataSource } from './service-data-source';

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 15_000;

/**
 * Owns the service's data source: connects at boot, and if the database is down then, keeps retrying in the background
 * with capped backoff instead of failing the process (readiness stays 503 meanwhile). Closes the pool on shutdown.
 */
export class DatabaseConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private retryTimer: NodeJS.Timeout | undefined;
  private attempts = 0;
  private closed = false;

  constructor(readonly dataSource: ServiceDataSource) {}

  get isConnected(): boolean {
    return this.dataSource.isInitialized;
  }

  /** One connection attempt now; on failure, retries in the background. */
  async start(): Promise<void> {
    if (!(await this.tryConnect())) this.scheduleRetry();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  private async tryConnect(): Promise<boolean> {
    try {
      await this.dataSource.initialize();
      if (this.closed) {
        await this.dataSource.destroy();
        return true;
      }
      this.logger.log(this.attempts > 0 ? `database connected after ${this.attempts} retries` : 'database connected');
      return true;
    } catch (error) {
      // The first failure and every tenth retry are warnings; the rest would only repeat them.
      const message = `database connection failed (attempt ${this.attempts + 1}): ${error instanceof Error ? error.message : String(error)}`;
      if (this.attempts % 10 === 0) this.logger.warn(message);
      else this.logger.debug(message);
      return false;
    }
  }

  private scheduleRetry(): void {
    if (this.closed) return;
    const delay = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** this.attempts);
    this.attempts += 1;
    this.retryTimer = setTimeout(() => {
      void this.tryConnect().then((connected) => {
        if (!connected) this.scheduleRetry();
      });
    }, delay);
    this.retryTimer.unref();
  }
}
