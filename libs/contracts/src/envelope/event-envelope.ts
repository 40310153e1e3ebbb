import { v7 as uuidv7 } from 'uuid';
import { ContractViolation } from './contract-violation';
import { type EventContract, type EventParty } from './event-contract';
import { validateEventData } from './validate-data';

/** What travels on `taskhub.events` (JSON, content type application/json). */
export interface EventEnvelope<T extends object = object> {
  /** UUIDv7: unique, and sortable by creation time; the inbox deduplicates on it */
  readonly id: string;
  /** `<service>.<entity>.<past-tense-verb>` */
  readonly type: string;
  readonly version: number;
  /** ISO 8601, UTC: when the state change was committed */
  readonly occurredAt: string;
  readonly producer: EventParty;
  /** the X-Request-ID of the request that started it all, carried through every hop */
  readonly correlationId: string;
  /** the id of the event or request that directly caused this one */
  readonly causationId: string | null;
  /** W3C trace context of the producing span, when tracing is on */
  readonly traceparent: string | null;
  readonly data: T;
}

export interface EventMetadata {
  readonly correlationId: string;
  readonly causationId?: string | null;
  readonly traceparent?: string | null;
  /** default: now */
  readonly occurredAt?: Date;
  /** default: a new UUIDv7 */
  readonly id?: string;
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const MAX_ID_LENGTH = 200;

/** Builds the envelope of a new event; throws ContractViolation if `data` does not satisfy the contract. */
export function createEnvelope<T extends object>(contract: EventContract<T>, data: T, meta: EventMetadata): EventEnvelope<T> {
  const envelope: EventEnvelope<T> = {
    id: meta.id ?? uuidv7(),
    type: contract.type,
    version: contract.version,
    occurredAt: (meta.occurredAt ?? new Date()).toISOString(),
    producer: contract.producer,
    correlationId: meta.correlationId,
    causationId: meta.causationId ?? null,
    traceparent: meta.traceparent ?? null,
    data: validateEventData(contract, data, 'publish'),
  };
  const problems = envelopeProblems(envelope);
  if (problems.length > 0) throw new ContractViolation(`${contract.routingKey}: invalid envelope`, problems);
  return envelope;
}

/** Field problems of an envelope (everything but `data`, which its contract validates). */
export function envelopeProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['the message is not a JSON object'];
  const e = value as Record<string, unknown>;
  const problems: string[] = [];
  const check = (ok: boolean, problem: string): void => {
    if (!ok) problems.push(problem);
  };
  const idLike = (v: unknown): boolean => typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_LENGTH;
  check(typeof e.id === 'string' && UUID_V7.test(e.id), 'id: must be a UUIDv7');
  check(typeof e.type === 'string' && e.type.length > 0, 'type: must be a non-empty string');
  check(Number.isInteger(e.version) && (e.version as number) >= 1, 'version: must be an integer >= 1');
  check(typeof e.occurredAt === 'string' && ISO_UTC.test(e.occurredAt) && !Number.isNaN(Date.parse(e.occurredAt)), 'occurredAt: must be an ISO 8601 UTC timestamp');
  check(typeof e.producer === 'string', 'producer: must be a string');
  check(idLike(e.correlationId), `correlationId: must be a non-empty string of at most ${MAX_ID_LENGTH} characters`);
  check(e.causationId === null || idLike(e.causationId), 'causationId: must be null or a non-empty string');
  check(e.traceparent === null || (typeof e.traceparent === 'string' && TRACEPARENT.test(e.traceparent)), 'traceparent: must be null or a W3C traceparent');
  check(typeof e.data === 'object' && e.data !== null && !Array.isArray(e.data), 'data: must be an object');
  return problems;
}
