import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { type AuthenticatedUser } from '@taskhub/platform-auth';
import { BaseServiceConfig } from '@taskhub/platform-config';
import { type Observable, of } from 'rxjs';
import { IdempotencyInProgressException, IdempotencyKeyReusedException } from './idempotency.exceptions';
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeyOf, idempotencyRecordKey, IDEMPOTENT_REPLAYED_HEADER, requestFingerprint } from './idempotency-key';
import { IdempotencyRecorder } from './idempotency-recorder';
import { IdempotencyStore, type StoredResponse } from './idempotency-store';
import { IdempotencyMetrics } from './idempotency-metrics';

interface RequestLike {
  readonly method: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body?: unknown;
  readonly params?: unknown;
  readonly query?: unknown;
  readonly routeOptions: { readonly url?: string };
  readonly user?: AuthenticatedUser;
}

interface ReplyLike {
  status(code: number): unknown;
  header(name: string, value: string): unknown;
}

/**
 * Idempotency-Key on the POST routes of `@Idempotent()` handlers (put there by the decorator; after the guards, so the
 * caller is known):
 * the first request with a key claims it in Redis and runs; its response is stored as it is sent (IdempotencyRecorder).
 * A retry with the same key and request gets that response again with `Idempotent-Replayed: true`; while the first
 * still runs, 409 IDEMPOTENCY.IN_PROGRESS with Retry-After; with another body or path, 422 IDEMPOTENCY.KEY_REUSED.
 * A key is scoped to the service, the caller, the method and the route template.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly config: BaseServiceConfig,
    private readonly store: IdempotencyStore,
    private readonly recorder: IdempotencyRecorder,
    private readonly requests: IdempotencyMetrics,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<RequestLike>();
    if (request.method !== 'POST') return next.handle();
    const key = idempotencyKeyOf(request.headers[IDEMPOTENCY_KEY_HEADER]);
    if (key === undefined) return next.handle();
    if (!request.user) throw new Error(`@Idempotent() on ${context.getClass().name}.${context.getHandler().name}, a route without a caller: a key is scoped to its caller`);
    const recordKey = idempotencyRecordKey({ service: this.config.service, userId: request.user.id, method: request.method, route: request.routeOptions.url ?? '', key });
    const outcome = await this.store.begin(recordKey, requestFingerprint({ body: request.body, params: request.params, query: request.query }));
    switch (outcome.kind) {
      case 'first':
        this.requests.count('first');
        this.recorder.track(request, outcome.claim);
        return next.handle();
      case 'replay':
        this.requests.count('replayed');
        return of(replay(context.switchToHttp().getResponse<ReplyLike>(), outcome.response));
      case 'in_progress':
        this.requests.count('in_progress');
        throw new IdempotencyInProgressException();
      case 'key_reused':
        this.requests.count('conflict');
        throw new IdempotencyKeyReusedException();
    }
  }
}

/** Sets the stored status and headers on the reply; the stored body (as it was sent) is what the route answers. */
function replay(reply: ReplyLike, response: StoredResponse): string {
  reply.status(response.status);
  for (const [name, value] of Object.entries(response.headers)) reply.header(name, value);
  reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
  return response.body;
}
