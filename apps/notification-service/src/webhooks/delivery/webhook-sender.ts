import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { runsWorkers } from '@taskhub/platform-config';
import { DataSource } from 'typeorm';
import { NotificationServiceConfig } from '../../config/notification.config';
import { SecretBox } from '../security/secret-box';
import { deliveryHeaders } from '../security/webhook-signature';
import { WebhookRepository } from '../webhook.repository';
import { outcomeOf, type RetrySchedule } from './attempt-outcome';
import { EndpointFailures } from './endpoint-failures';
import { type ClaimedDelivery, WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookHttpClient } from './webhook-http-client';

/** How much longer than one attempt's timeout a claimed delivery stays leased to the sender that claimed it. */
const LEASE_MARGIN_MS = 30_000;

/**
 * The sender loop: claims due deliveries (FOR UPDATE SKIP LOCKED, so several instances share them), at most
 * WEBHOOK_SENDER_CONCURRENCY in flight (WEBHOOK_SENDER_PER_ENDPOINT_CONCURRENCY to one webhook), and records each attempt's outcome. Polls every WEBHOOK_SENDER_POLL_MS and is
 * woken when this instance schedules a delivery or an attempt ends. It runs apart from the event consumers: a slow
 * endpoint holds sender slots, never a queue's prefetch.
 */
@Injectable()
export class WebhookSender implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookSender.name);
  private readonly inFlight = new Set<Promise<void>>();
  /** attempts in flight per webhook id (WEBHOOK_SENDER_PER_ENDPOINT_CONCURRENCY caps each) */
  private readonly busy = new Map<string, number>();
  private readonly schedule: RetrySchedule;
  private running = false;
  private claiming = false;
  private wakeAgain = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly webhooks: WebhookRepository,
    private readonly failures: EndpointFailures,
    private readonly secrets: SecretBox,
    private readonly http: WebhookHttpClient,
    private readonly config: NotificationServiceConfig,
  ) {
    this.schedule = { baseDelayMs: config.webhookRetryBaseDelayMs, maxDelayMs: config.webhookRetryMaxDelayMs, maxAttempts: config.webhookMaxAttempts };
  }

  onApplicationBootstrap(): void {
    if (!runsWorkers(this.config)) return; // PROCESS_ROLE=api: the workers send (wake() does nothing here)
    this.running = true;
    this.wake();
  }

  /** Look for due deliveries now (after a commit that scheduled one, or when a slot frees). */
  wake(): void {
    if (!this.running) return;
    if (this.claiming) {
      this.wakeAgain = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.claim(), 0);
  }

  /** Stops claiming and lets the attempts in flight finish (each is bounded by WEBHOOK_TIMEOUT_MS). */
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await Promise.allSettled([...this.inFlight]);
  }

  private async claim(): Promise<void> {
    this.claiming = true;
    this.wakeAgain = false;
    try {
      const free = this.config.webhookSenderConcurrency - this.inFlight.size;
      if (free > 0) {
        const lease = this.config.webhookTimeoutMs + LEASE_MARGIN_MS;
        const claim = { limit: free, leaseMs: lease, perEndpoint: this.config.webhookSenderPerEndpointConcurrency, busy: new Map(this.busy) };
        const claimed = await this.dataSource.transaction((manager) => this.deliveries.claimDue(manager, claim));
        for (const delivery of claimed) this.start(delivery);
      }
    } catch (error) {
      this.logger.warn(`claiming due webhook deliveries failed (${messageOf(error)}); trying again at the next poll`);
    } finally {
      this.claiming = false;
    }
    if (!this.running) return;
    if (this.wakeAgain) return this.wake();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.claim(), this.config.webhookSenderPollMs);
  }

  private start(delivery: ClaimedDelivery): void {
    this.busy.set(delivery.webhookId, (this.busy.get(delivery.webhookId) ?? 0) + 1);
    const attempt = this.attempt(delivery)
      .catch((error: unknown) => this.logger.error(`webhook delivery ${delivery.id}: the attempt could not be recorded (${messageOf(error)}); it is due again after its lease`))
      .finally(() => {
        this.inFlight.delete(attempt);
        const left = (this.busy.get(delivery.webhookId) ?? 1) - 1;
        if (left > 0) this.busy.set(delivery.webhookId, left);
        else this.busy.delete(delivery.webhookId);
        this.wake();
      });
    this.inFlight.add(attempt);
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const secrets = [this.secrets.open(delivery.secretSealed, delivery.webhookId)];
    if (delivery.previousSecretSealed) secrets.push(this.secrets.open(delivery.previousSecretSealed, delivery.webhookId));
    const headers = deliveryHeaders({ deliveryId: delivery.id, eventType: delivery.eventType, secrets, body: delivery.body, now: new Date() });
    const result = await this.http.post({ url: delivery.url, headers, body: delivery.body });
    const outcome = outcomeOf(result, delivery.attempt - delivery.attemptsBeforeRedelivery, this.schedule);
    const responseCode = result.kind === 'response' ? result.statusCode : null;
    const detail = result.kind === 'error' ? result.error : `HTTP ${result.statusCode}`;
    const error = outcome.status === 'succeeded' ? null : outcome.status === 'failed' && result.kind === 'error' ? `${outcome.reason}: ${detail}` : outcome.status === 'failed' ? outcome.reason : detail;
    await this.dataSource.transaction(async (manager) => {
      const recorded = await this.deliveries.complete(manager, delivery, {
        status: outcome.status,
        retryInMs: outcome.status === 'pending' ? outcome.retryInMs : null,
        responseCode,
        durationMs: result.durationMs,
        error,
      });
      if (!recorded) return;
      if (outcome.status === 'succeeded') await this.webhooks.recordSuccess(manager, delivery.webhookId);
      if (outcome.status === 'failed') await this.failures.recordFailedDelivery(manager, delivery.webhookId);
    });
    this.logger.debug(`webhook delivery ${delivery.id} attempt ${delivery.attempt}: ${outcome.status}${error ? ` (${error})` : ''} in ${result.durationMs} ms`);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
