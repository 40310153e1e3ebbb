import { createEnvelope, type EventContract, type EventEnvelope, type EventMetadata } from '@taskhub/contracts';
import { currentRequestContext } from '@taskhub/platform-logging';
import { isTracingEnabled, recordFailure, traceparentOf, withActiveSpan } from '@taskhub/platform-tracing';
import { type EntityManager } from 'typeorm';
import { describeCreatedEvent, startCreateSpan } from '../messaging-spans';
import { OUTBOX_CHANNEL, wakeLocalRelays, wakeLocalRelaysAfterCommit } from './outbox-wake';

/** Correlation id of events written outside any request (a scheduled job, a script). */
export const NO_REQUEST_CORRELATION_ID = 'no-request';

/**
 * Writes events to the outbox inside the caller's transaction: pass the EntityManager of the transaction that makes
 * the state change, so the event exists if and only if the change is committed. The envelope is validated against
 * its contract here (a ContractViolation aborts the caller's transaction). From the current request context (a
 * request, or an event being applied) come the defaults of the envelope: its `correlationId`; `causationId`, the
 * event being applied, else the request (its correlation id); `traceparent`, with tracing on a PRODUCER span
 * `create <routing key>` made here under the active span, otherwise the request's own.
 * The relay wakes when the transaction commits: a relay of this process on the same DataSource is woken directly,
 * otherwise the INSERT also NOTIFYs the relays' channel (delivered at commit).
 */
export async function writeToOutbox<T extends object>(
  manager: EntityManager,
  contract: EventContract<T>,
  data: T,
  meta: Partial<EventMetadata> = {},
): Promise<EventEnvelope<T>> {
  const [envelope] = await writeAllToOutbox(manager, [{ contract, data, meta }]);
  return envelope as EventEnvelope<T>;
}

export interface OutboxEntry<T extends object = object> {
  readonly contract: EventContract<T>;
  readonly data: T;
  readonly meta?: Partial<EventMetadata>;
}

/** Several events in one INSERT, in this order. */
export async function writeAllToOutbox(manager: EntityManager, entries: readonly OutboxEntry[]): Promise<EventEnvelope[]> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) {
    throw new Error('writeToOutbox needs the EntityManager of an open transaction (dataSource.transaction(manager => ...))');
  }
  if (entries.length === 0) return [];
  return withEnvelopes(entries, async (envelopes) => {
    const { sql, values } = outboxInsert(entries, envelopes, 0);
    if (wakeLocalRelaysAfterCommit(runner)) await manager.query(sql, values);
    // a data-modifying WITH runs in full even unreferenced: one statement, one NOTIFY
    else await manager.query(`WITH inserted AS (${sql}) SELECT pg_notify('${OUTBOX_CHANNEL}', '')`, values);
  });
}

/**
 * The caller's own write (`sql` with `values`, one statement) and its events in one statement: the outbox INSERT is
 * put in front of it as a data-modifying WITH (which runs in full even unreferenced), so the state change and its
 * events cost one round trip, not two. A statement is atomic by itself, so `manager` may be in an open transaction
 * (the events then commit with it) or not (the statement commits on its own, and the relays are woken after it). The
 * statement may begin with its own WITH. Returns what the statement returns (as manager.query does) and the envelopes.
 */
export async function writeWithOutbox<R = unknown>(
  manager: EntityManager,
  sql: string,
  values: readonly unknown[],
  entries: readonly OutboxEntry[],
): Promise<{ result: R; envelopes: EventEnvelope[] }> {
  if (entries.length === 0) return { result: await manager.query<R>(sql, [...values]), envelopes: [] };
  const runner = manager.queryRunner;
  const inTransaction = runner?.isTransactionActive === true;
  let result!: R;
  const envelopes = await withEnvelopes(entries, async (created) => {
    const outbox = outboxInsert(entries, created, values.length);
    const ownWith = /^\s*WITH\s+(RECURSIVE\s+)?/i.exec(sql);
    const statement = ownWith
      ? `WITH ${ownWith[1] ?? ''}outbox_written AS (${outbox.sql}), ${sql.slice(ownWith[0].length)}`
      : `WITH outbox_written AS (${outbox.sql}) ${sql}`;
    const wakesAfterCommit = inTransaction && wakeLocalRelaysAfterCommit(runner);
    result = await manager.query<R>(statement, [...values, ...outbox.values]);
    if (wakesAfterCommit) return;
    // no relay of this process will see the commit: notify the others (in the transaction: delivered at its commit)
    if (inTransaction || !wakeLocalRelays(manager.connection)) await manager.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`);
  });
  return { result, envelopes };
}

/** The envelopes of `entries` (with their create spans when tracing is on) around `write`. */
async function withEnvelopes(entries: readonly OutboxEntry[], write: (envelopes: readonly EventEnvelope[]) => Promise<void>): Promise<EventEnvelope[]> {
  const context = currentRequestContext();
  const correlationId = context?.correlationId ?? NO_REQUEST_CORRELATION_ID;
  const causationId = context?.eventId ?? correlationId;
  const spans = isTracingEnabled() ? entries.map((e) => startCreateSpan(e.contract.routingKey)) : undefined;
  try {
    const envelopes = entries.map((e, i) => {
      const traceparent = spans ? traceparentOf(spans[i]) : (context?.traceparent ?? null);
      const envelope = createEnvelope(e.contract, e.data, { correlationId, causationId, traceparent, ...e.meta });
      if (spans) describeCreatedEvent(spans[i], envelope.id, envelope.correlationId);
      return envelope;
    });
    // one event: its INSERT is a child of its create span; several share the INSERT, under the caller's span
    const run = (): Promise<void> => write(envelopes);
    await (spans?.length === 1 ? withActiveSpan(spans[0], run) : run());
    return envelopes;
  } catch (error) {
    for (const span of spans ?? []) recordFailure(span, error);
    throw error;
  } finally {
    for (const span of spans ?? []) span.end();
  }
}

/** The INSERT of the events' rows, its parameters numbered after the first `offset`. */
function outboxInsert(entries: readonly OutboxEntry[], envelopes: readonly EventEnvelope[], offset: number): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const rows = envelopes.map((envelope, i) => {
    const headers: Record<string, string> = { 'x-correlation-id': envelope.correlationId };
    if (envelope.traceparent !== null) headers.traceparent = envelope.traceparent;
    values.push(envelope.id, entries[i].contract.routingKey, JSON.stringify(envelope), JSON.stringify(headers));
    const p = offset + i * 4;
    return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}::jsonb)`;
  });
  return { sql: `INSERT INTO outbox_event (id, routing_key, body, headers) VALUES ${rows.join(', ')}`, values };
}
