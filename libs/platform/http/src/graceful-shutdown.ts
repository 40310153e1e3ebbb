import { type INestApplication } from '@nestjs/common';
import { type ServiceLifecycle } from '@taskhub/platform-health';
import { type PinoLogger } from '@taskhub/platform-logging';
import { shutdownTracing } from '@taskhub/platform-tracing';
import { type FastifyInstance } from './fastify-types';

export interface GracefulShutdownOptions {
  /** readiness is 503 for this long before the server stops accepting (SHUTDOWN_DRAIN_DELAY_MS) */
  readonly drainDelayMs: number;
  /** past this, log and exit 1 (SHUTDOWN_TIMEOUT_MS) */
  readonly timeoutMs: number;
  readonly logger: PinoLogger;
  /** how the process ends (default process.exit); tests pass a spy */
  readonly exit?: (code: number) => void;
}

/**
 * SIGTERM/SIGINT handling of a service:
 * 1. readiness turns 503 (draining) so load balancers stop routing here; 2. wait the drain delay (still serving);
 * 3. stop accepting, let in-flight requests finish, close idle keep-alive sockets (Fastify close);
 * 4. close the DB pool, Redis and AMQP (Nest shutdown hooks); 5. export the spans still buffered (tracing on);
 * 6. exit 0. Over the timeout: log, exit 1.
 */
export class GracefulShutdown {
  private running: Promise<void> | undefined;
  private readonly exit: (code: number) => void;

  constructor(
    private readonly app: INestApplication,
    private readonly lifecycle: ServiceLifecycle,
    private readonly options: GracefulShutdownOptions,
  ) {
    this.exit = options.exit ?? ((code) => process.exit(code));
  }

  installSignalHandlers(): void {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void this.shutdown(signal));
  }

  /** Starts the shutdown sequence once; later calls return the same promise. */
  shutdown(reason: string): Promise<void> {
    this.running ??= this.run(reason);
    return this.running;
  }

  private async run(reason: string): Promise<void> {
    const { logger, drainDelayMs, timeoutMs } = this.options;
    const started = Date.now();
    const deadline = setTimeout(() => {
      logger.error({ reason, timeoutMs }, `shutdown did not finish within ${timeoutMs} ms, exiting with 1`);
      this.exit(1);
    }, timeoutMs);
    deadline.unref();
    try {
      this.lifecycle.markDraining();
      logger.info({ reason, drainDelayMs }, 'shutdown started: readiness is now 503, draining');
      if (drainDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, drainDelayMs));
      logger.info('no longer accepting connections; waiting for in-flight requests');
      await (this.app.getHttpAdapter().getInstance() as FastifyInstance).close();
      await this.app.close();
      // last: the spans of everything above (the relay's last batch, the consumers' last deliveries) go out too
      await shutdownTracing(Math.max(0, Math.min(5_000, started + timeoutMs - Date.now() - 100)));
      clearTimeout(deadline);
      logger.info({ durationMs: Date.now() - started }, 'shutdown complete');
      this.exit(0);
    } catch (error) {
      clearTimeout(deadline);
      logger.error({ err: error }, 'shutdown failed');
      this.exit(1);
    }
  }
}
