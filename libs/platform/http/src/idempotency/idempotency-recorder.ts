import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { type FastifyInstance } from '../fastify-types';
import { type IdempotencyClaim, IdempotencyStore, type StoredResponse } from './idempotency-store';

/** The response headers stored with a response and replayed with it. */
const REPLAYED_HEADERS = ['content-type', 'location', 'etag'] as const;

interface ReplyLike {
  readonly statusCode: number;
  getHeader(name: string): unknown;
}

/**
 * Stores the response of each request that claimed an idempotency key, as it is sent (a Fastify onSend hook, so an
 * error body written by the exception filter is stored as well) and before the client can see it: a 2xx-4xx is kept
 * for the retries, a 5xx (or a body that is not text) gives the key up. A failure to store is logged, never turned
 * into an error: the request's work is done and its response goes out (the residual gap of docs/service-runtime.md).
 */
@Injectable()
export class IdempotencyRecorder implements OnModuleInit {
  private readonly logger = new Logger('Idempotency');
  private readonly claims = new WeakMap<object, IdempotencyClaim>();

  constructor(
    private readonly store: IdempotencyStore,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // callback style: a request without a claim (nearly all) costs a WeakMap lookup, not a promise
    fastify.addHook('onSend', (request, reply, payload, done) => {
      const claim = this.claims.get(request);
      if (claim === undefined) return done(null, payload);
      this.claims.delete(request);
      const sent = (): void => done(null, payload);
      void this.settle(claim, reply, payload).then(sent, sent);
    });
  }

  /** The response of `request` settles `claim`. */
  track(request: object, claim: IdempotencyClaim): void {
    this.claims.set(request, claim);
  }

  private async settle(claim: IdempotencyClaim, reply: ReplyLike, payload: unknown): Promise<void> {
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : payload == null ? '' : undefined;
    try {
      if (reply.statusCode >= 500 || body === undefined) {
        await this.store.release(claim);
        return;
      }
      const stored = await this.store.complete(claim, { status: reply.statusCode, headers: replayedHeaders(reply), body });
      if (!stored) this.logger.warn(`the idempotency key ${claim.recordKey} expired before its response was stored: a retry runs the request again`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.error(`storing the response of the idempotency key ${claim.recordKey} failed (${reason}): a retry after the lock expires runs the request again`);
    }
  }
}

function replayedHeaders(reply: ReplyLike): StoredResponse['headers'] {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = reply.getHeader(name);
    if (typeof value === 'string' || typeof value === 'number') headers[name] = String(value);
  }
  return headers;
}
