import { type EventEnvelope, EventRegistry } from '@taskhub/contracts';
import { type EntityManager } from 'typeorm';
import { type DeclaredEventHandler, type EventHandlerMethod, ownEventHandlers } from './handle-event.decorator';

/** How the consumer calls a handler: the validated envelope and the manager of the inbox transaction. */
export type EventHandler = (envelope: EventEnvelope, manager: EntityManager) => Promise<void>;

/** What one handler class consumes, derived from its `@HandleEvent` methods. */
export interface EventHandlerSet {
  /** its contracts, which validate each message */
  readonly registry: EventRegistry;
  /** what its queue is bound to on `taskhub.events` */
  readonly routingKeys: readonly string[];
  /** by routing key, each method bound to the instance */
  readonly handlers: ReadonlyMap<string, EventHandler>;
}

/**
 * The contracts, routing keys and bound handlers of an instance of a class with `@HandleEvent` methods (its own and
 * those it inherits and does not override). Throws, naming the class, if it has none or if two methods handle one
 * routing key: a consumer's start fails rather than bind a queue it cannot apply.
 */
export function eventHandlers(instance: object): EventHandlerSet {
  const name = instance.constructor.name;
  const byRoutingKey = new Map<string, DeclaredEventHandler>();
  const overridden = new Set<string | symbol>();
  for (const prototype of prototypeChain(instance)) {
    const own = ownEventHandlers(prototype).filter((declared) => !overridden.has(declared.method));
    for (const declared of own) {
      const key = declared.contract.routingKey;
      const other = byRoutingKey.get(key);
      if (other) {
        throw new Error(`${name}: ${String(other.method)} and ${String(declared.method)} both handle ${key} (one @HandleEvent method per routing key)`);
      }
      byRoutingKey.set(key, declared);
    }
    for (const method of Reflect.ownKeys(prototype)) overridden.add(method);
  }
  if (byRoutingKey.size === 0) throw new Error(`${name} has no @HandleEvent method: decorate the method that applies each event it consumes`);
  const handlers = new Map<string, EventHandler>();
  for (const [key, { method }] of byRoutingKey) {
    // the decorator typed it: the method takes its contract's data, which the registry has validated by then
    const fn = Reflect.get(instance, method) as EventHandlerMethod<object>;
    handlers.set(key, (envelope, manager) => fn.call(instance, envelope.data, { manager, envelope }));
  }
  return {
    registry: new EventRegistry([...byRoutingKey.values()].map((d) => d.contract)),
    routingKeys: [...byRoutingKey.keys()],
    handlers,
  };
}

/** The prototypes of an object, its class's first. */
function* prototypeChain(instance: object): Generator<object> {
  for (let prototype: unknown = Object.getPrototypeOf(instance); prototype !== null; prototype = Object.getPrototypeOf(prototype)) yield prototype as object;
}
