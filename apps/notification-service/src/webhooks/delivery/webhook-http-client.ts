import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Agent, request } from 'undici';
import { NotificationServiceConfig } from '../../config/notification.config';
import { forbiddenRange, ipLiteralOf } from '../security/address-policy';
import { ForbiddenAddressError } from '../security/forbidden-address.error';
import { guardedLookup } from '../security/guarded-lookup';
import { type AttemptResult } from './attempt-outcome';

export interface OutgoingWebhook {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * POSTs deliveries through an undici Agent whose sockets resolve hosts with the guarded lookup, so the address
 * actually connected is the one checked (an IP literal in the URL is checked here: sockets do not look it up).
 * Redirects are not followed (undici's request follows none), the whole attempt is bounded by WEBHOOK_TIMEOUT_MS and
 * at most WEBHOOK_MAX_RESPONSE_BYTES of the response are read.
 */
@Injectable()
export class WebhookHttpClient implements OnApplicationShutdown {
  private readonly agent: Agent;
  private readonly allowLoopback: boolean;

  constructor(private readonly config: NotificationServiceConfig) {
    this.allowLoopback = config.webhookAllowLoopback;
    this.agent = new Agent({
      connect: { lookup: guardedLookup({ allowLoopback: this.allowLoopback }), timeout: config.webhookTimeoutMs },
      headersTimeout: config.webhookTimeoutMs,
      bodyTimeout: config.webhookTimeoutMs,
      keepAliveTimeout: 4_000,
    });
  }

  async post(webhook: OutgoingWebhook): Promise<AttemptResult> {
    const started = performance.now();
    const duration = () => Math.round(performance.now() - started);
    try {
      const url = new URL(webhook.url);
      const literal = ipLiteralOf(url.hostname);
      const range = literal === undefined ? undefined : forbiddenRange(literal, { allowLoopback: this.allowLoopback });
      if (literal !== undefined && range !== undefined) throw new ForbiddenAddressError(url.hostname, literal, range);
      const response = await request(url, {
        method: 'POST',
        headers: { ...webhook.headers, 'content-type': 'application/json', 'user-agent': 'TaskHub-Webhooks/1' },
        body: webhook.body,
        dispatcher: this.agent,
        signal: AbortSignal.timeout(this.config.webhookTimeoutMs),
      });
      await response.body.dump({ limit: this.config.webhookMaxResponseBytes }).catch(() => undefined);
      return { kind: 'response', statusCode: response.statusCode, durationMs: duration() };
    } catch (error) {
      return { kind: 'error', error: describe(error), forbidden: error instanceof ForbiddenAddressError || causeIsForbidden(error), timedOut: isTimeout(error), durationMs: duration() };
    }
  }

  /** Idempotent: an app closed by its graceful shutdown and then by its owner runs the hooks twice. */
  async onApplicationShutdown(): Promise<void> {
    if (this.agent.closed || this.agent.destroyed) return;
    await this.agent.close();
  }
}

function causeIsForbidden(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) if (e instanceof ForbiddenAddressError) return true;
  return false;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || /timeout/i.test((error as { code?: string }).code ?? ''));
}

function describe(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e instanceof Error && parts.length < 3; e = e.cause) parts.push(e.message);
  return (parts.join(': ') || String(error)).slice(0, 500);
}
