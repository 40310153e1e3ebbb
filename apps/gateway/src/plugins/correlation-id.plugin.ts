import { randomUUID } from 'node:crypto';
import { type CorrelationIdConfig } from '../config/gateway-config';

/** Kong's correlation-id plugin: keeps a non-empty incoming header, else generates one; always forwarded upstream. */
export class CorrelationIdPlugin {
  /** lower-case, as node exposes request headers */
  readonly headerKey: string;
  private readonly workerUuid = randomUUID();
  private counter = 0;

  constructor(readonly config: CorrelationIdConfig) {
    this.headerKey = config.headerName.toLowerCase();
  }

  idFor(incoming: string | string[] | undefined): { readonly id: string; readonly generated: boolean } {
    const value = Array.isArray(incoming) ? incoming[0] : incoming;
    if (value) return { id: value, generated: false };
    return { id: this.generate(), generated: true };
  }

  generate(): string {
    // uuid#counter: one UUID per worker, a counter after "#" (Kong starts each worker's counter at 0 and increments first)
    return this.config.generator === 'uuid' ? randomUUID() : `${this.workerUuid}#${++this.counter}`;
  }
}
