import { Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@taskhub/platform-metrics';
import { Counter } from 'prom-client';

/** How a request with an Idempotency-Key was answered (the `result` label of idempotency_requests_total). */
export type IdempotencyResult = 'first' | 'replayed' | 'conflict' | 'in_progress';
const RESULTS: readonly IdempotencyResult[] = ['first', 'replayed', 'conflict', 'in_progress'];

/**
 * `idempotency_requests_total{result}`, one per process: IdempotencyInterceptor is instantiated once per module with
 * `@Idempotent()` routes, so the counter is not its own.
 */
@Injectable()
export class IdempotencyMetrics {
  private readonly requests: Counter<'result'>;

  constructor(metrics: ServiceMetrics) {
    this.requests = new Counter({
      name: 'idempotency_requests_total',
      help: 'POST requests with an Idempotency-Key on idempotent routes, by how they were answered',
      labelNames: ['result'],
      registers: [metrics.registry],
    });
    for (const result of RESULTS) this.requests.inc({ result }, 0);
  }

  count(result: IdempotencyResult): void {
    this.requests.inc({ result });
  }
}
