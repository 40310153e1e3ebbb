import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { DatabaseConnection, MigrationStatus, pingDatabase } from '@taskhub/platform-database';
import { AmqpConnection, OutboxRelay, ServiceConsumers } from '@taskhub/platform-messaging';
import { pingRedis, REDIS_CLIENT, type Redis } from '@taskhub/platform-redis';
import { ServiceLifecycle } from './service-lifecycle';

/** Every check answers within this long, whatever the dependency does (a black-holed one must not hang a probe). */
export const HEALTH_CHECK_TIMEOUT_MS = 1000;
/** The outbox is reported down (the service degraded) when its oldest unpublished event is older than this. */
export const OUTBOX_MAX_AGE_SECONDS = 60;
/** What /health says of a dependency that failed for a reason of its own: the cause goes to the service's log only. */
export const UNAVAILABLE = 'unavailable (the service log has the cause)';

/** A reason written by these checks themselves (a state, not a driver's text): /health may show it as it is. */
class ProbeFailure extends Error {}

/**
 * The health indicators of a service. None of them throws: each reports `up` or `down` (with a message), so the
 * controller decides which ones are critical. State changes are logged once, not on every probe.
 */
@Injectable()
export class DependencyIndicators {
  private readonly logger = new Logger('Health');
  private readonly lastStatus = new Map<string, string>();

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly lifecycle: ServiceLifecycle,
    private readonly database: DatabaseConnection,
    private readonly migrationStatus: MigrationStatus,
    @Inject(REDIS_CLIENT) private readonly redisClient: Redis,
    private readonly amqp: AmqpConnection,
    @Optional() private readonly relay?: OutboxRelay,
    @Optional() private readonly consumerSet?: ServiceConsumers,
  ) {}

  /** Whether the service consumes events, so /health reports its consumers. */
  get hasConsumers(): boolean {
    return this.consumerSet !== undefined;
  }

  /** Down while any queue is not subscribed (the broker away, or reconnecting): the events wait in the queue. */
  consumers(): Promise<HealthIndicatorResult> {
    const session = this.indicators.check('consumers');
    const queues = this.consumerSet!.status();
    const idle = queues.filter((q) => !q.consuming).map((q) => q.queue);
    const details = { queues: Object.fromEntries(queues.map((q) => [q.queue, q.consuming ? 'consuming' : 'not consuming'])) };
    this.noteStatus('consumers', idle.length === 0 ? 'up' : 'down', `not consuming ${idle.join(', ')}`);
    return Promise.resolve(idle.length === 0 ? session.up(details) : session.down({ message: `not consuming ${idle.join(', ')}`, ...details }));
  }

  /** Whether the service runs an outbox relay (a producing service), so /health reports it. */
  get hasOutbox(): boolean {
    return this.relay !== undefined;
  }

  service(): HealthIndicatorResult {
    const session = this.indicators.check('service');
    const phase = this.lifecycle.phase;
    const waitingFor = this.lifecycle.pendingWork;
    if (phase === 'running' && waitingFor.length > 0) return session.down({ phase, waitingFor });
    return phase === 'running' ? session.up({ phase }) : session.down({ phase });
  }

  postgres(): Promise<HealthIndicatorResult> {
    return this.probe('postgres', () => pingDatabase(this.database.dataSource, HEALTH_CHECK_TIMEOUT_MS));
  }

  migrations(): Promise<HealthIndicatorResult> {
    return this.probe('migrations', async () => {
      const applied = await withTimeout(this.migrationStatus.allApplied(), HEALTH_CHECK_TIMEOUT_MS);
      if (!applied) throw new ProbeFailure(this.database.isConnected ? 'pending migrations' : 'database not connected');
    });
  }

  redis(): Promise<HealthIndicatorResult> {
    return this.probe('redis', () => pingRedis(this.redisClient, HEALTH_CHECK_TIMEOUT_MS));
  }

  rabbitmq(): Promise<HealthIndicatorResult> {
    return this.probe('rabbitmq', () => {
      if (!this.amqp.isConnected()) throw new ProbeFailure('not connected');
    });
  }

  /** Down when the oldest unpublished event is older than OUTBOX_MAX_AGE_SECONDS (broker away, relay stuck). */
  async outbox(): Promise<HealthIndicatorResult> {
    const session = this.indicators.check('outbox');
    try {
      const backlog = await withTimeout(this.relay!.backlog(), HEALTH_CHECK_TIMEOUT_MS);
      const details = { pending: backlog.pending, oldestAgeSeconds: Math.round(backlog.oldestAgeSeconds) };
      if (backlog.oldestAgeSeconds > OUTBOX_MAX_AGE_SECONDS) {
        this.noteStatus('outbox', 'down', `oldest unpublished event is ${details.oldestAgeSeconds} s old`);
        return session.down({ message: `oldest unpublished event older than ${OUTBOX_MAX_AGE_SECONDS} s`, ...details });
      }
      this.noteStatus('outbox', 'up');
      return session.up(details);
    } catch (error) {
      this.noteStatus('outbox', 'down', causeOf(error));
      return session.down({ message: publicReason(error) });
    }
  }

  private async probe(key: string, check: () => void | Promise<void>): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(key);
    try {
      await check();
      this.noteStatus(key, 'up');
      return session.up();
    } catch (error) {
      this.noteStatus(key, 'down', causeOf(error));
      return session.down({ message: publicReason(error) });
    }
  }

  private noteStatus(key: string, status: 'up' | 'down', message?: string): void {
    const previous = this.lastStatus.get(key);
    this.lastStatus.set(key, status);
    if (previous === status || (previous === undefined && status === 'up')) return;
    if (status === 'down') this.logger.warn(`${key} is down: ${message ?? ''}`);
    else this.logger.log(`${key} is up again`);
  }
}

function causeOf(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

/**
 * The reason /health answers: the checks' own (a state, or no answer in time) as they are; a driver's error text (it
 * can name hosts, users, paths) never: anyone who reaches a service port reads /health, operators read the log.
 */
function publicReason(error: unknown): string {
  if (error instanceof ProbeFailure) return error.message;
  // the pings' own timeouts (`no answer to PING within 1000 ms`) and ioredis' (`Command timed out`): classified, not shown
  if (/ within \d+ ms$|timed out/i.test(causeOf(error))) return `no answer within ${HEALTH_CHECK_TIMEOUT_MS} ms`;
  return UNAVAILABLE;
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
}
