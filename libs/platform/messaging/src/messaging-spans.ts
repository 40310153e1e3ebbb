import { type Attributes, type Link, type Span, SpanKind } from '@opentelemetry/api';
import { contextFromTraceparent, linksTo, platformTracer } from '@taskhub/platform-tracing';
import { EVENTS_EXCHANGE } from './topology';

// The messaging semantic conventions (incubating in @opentelemetry/semantic-conventions, so copied here as its
// README advises). Span kinds: create PRODUCER (the message's creation context, which travels in the envelope), the
// relay's batch send CLIENT (it is not the creation context), process CONSUMER.
const ATTR_MESSAGING_SYSTEM = 'messaging.system';
const ATTR_MESSAGING_OPERATION_TYPE = 'messaging.operation.type';
const ATTR_MESSAGING_OPERATION_NAME = 'messaging.operation.name';
const ATTR_MESSAGING_DESTINATION_NAME = 'messaging.destination.name';
const ATTR_MESSAGING_SUBSCRIPTION_NAME = 'messaging.destination.subscription.name';
const ATTR_MESSAGING_ROUTING_KEY = 'messaging.rabbitmq.destination.routing_key';
const ATTR_MESSAGING_MESSAGE_ID = 'messaging.message.id';
const ATTR_MESSAGING_CONVERSATION_ID = 'messaging.message.conversation_id';
const ATTR_MESSAGING_BATCH_MESSAGE_COUNT = 'messaging.batch.message_count';

const base = (operation: 'create' | 'send' | 'process'): Attributes => ({
  [ATTR_MESSAGING_SYSTEM]: 'rabbitmq',
  [ATTR_MESSAGING_OPERATION_TYPE]: operation,
  [ATTR_MESSAGING_OPERATION_NAME]: operation,
  [ATTR_MESSAGING_DESTINATION_NAME]: EVENTS_EXCHANGE,
});

/** `create <routing key>`, PRODUCER, under the active span (the request's): the event's creation context. */
export function startCreateSpan(routingKey: string): Span {
  return platformTracer().startSpan(`create ${routingKey}`, {
    kind: SpanKind.PRODUCER,
    attributes: { ...base('create'), [ATTR_MESSAGING_ROUTING_KEY]: routingKey },
  });
}

/** What a create span learns once the envelope exists. */
export function describeCreatedEvent(span: Span, eventId: string, correlationId: string): void {
  span.setAttributes({ [ATTR_MESSAGING_MESSAGE_ID]: eventId, [ATTR_MESSAGING_CONVERSATION_ID]: correlationId });
}

/**
 * `send taskhub.events`, CLIENT: one relay batch (publish, confirms, mark, commit), a root span linked to the creation
 * context of each event it carries. `startTime`: when the claim began (the claim itself is not traced: most polls
 * find nothing, and a span per empty poll would be noise).
 */
export function startSendSpan(events: readonly { id: string; routingKey: string; traceparent: string | undefined }[], startTime: number): Span {
  const attributes: Attributes = { ...base('send'), [ATTR_MESSAGING_BATCH_MESSAGE_COUNT]: events.length };
  if (events.length === 1) {
    attributes[ATTR_MESSAGING_MESSAGE_ID] = events[0].id;
    attributes[ATTR_MESSAGING_ROUTING_KEY] = events[0].routingKey;
  }
  return platformTracer().startSpan(
    `send ${EVENTS_EXCHANGE}`,
    { kind: SpanKind.CLIENT, root: true, startTime, links: linksTo(events.map((e) => e.traceparent)), attributes },
  );
}

export interface ProcessedEvent {
  readonly id: string;
  readonly routingKey: string;
  readonly correlationId: string;
  readonly traceparent: string | null;
}

/**
 * `process <routing key>`, CONSUMER, a child of the event's creation context (its envelope's traceparent; a new root
 * when it has none), so the consumer's work is part of the request's trace. `link`: the batch span it ran in.
 */
export function startProcessSpan(event: ProcessedEvent, queue: string, links: readonly Link[] = []): Span {
  return platformTracer().startSpan(
    `process ${event.routingKey}`,
    {
      kind: SpanKind.CONSUMER,
      links: [...links],
      attributes: {
        ...base('process'),
        [ATTR_MESSAGING_SUBSCRIPTION_NAME]: queue,
        [ATTR_MESSAGING_ROUTING_KEY]: event.routingKey,
        [ATTR_MESSAGING_MESSAGE_ID]: event.id,
        [ATTR_MESSAGING_CONVERSATION_ID]: event.correlationId,
      },
    },
    contextFromTraceparent(event.traceparent),
  );
}

/**
 * `process <queue>`, CONSUMER: a group commit (one transaction for several deliveries: its BEGIN, inbox INSERT and
 * COMMIT), a root span linked to the creation context of each event; each handler runs in its own process span.
 */
export function startBatchProcessSpan(events: readonly ProcessedEvent[], queue: string): Span {
  return platformTracer().startSpan(`process ${queue}`, {
    kind: SpanKind.CONSUMER,
    root: true,
    links: linksTo(events.map((e) => e.traceparent)),
    attributes: { ...base('process'), [ATTR_MESSAGING_SUBSCRIPTION_NAME]: queue, [ATTR_MESSAGING_BATCH_MESSAGE_COUNT]: events.length },
  });
}
