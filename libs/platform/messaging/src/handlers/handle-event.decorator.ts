import { type EventContract, type EventEnvelope } from '@taskhub/contracts';
import { type EntityManager } from 'typeorm';

/** What a handler gets beside the event's data. */
export interface EventContext<T extends object> {
  /** the manager of the transaction that also records the event in the inbox: the handler's effects go through it */
  readonly manager: EntityManager;
  /** the whole event: its id, occurredAt, correlationId, causationId, traceparent */
  readonly envelope: EventEnvelope<T>;
}

/** A method that applies one event of a contract: the contract's data, typed, then the context. */
export type EventHandlerMethod<T extends object> = (data: T, context: EventContext<T>) => Promise<void>;

/**
 * The decorator `HandleEvent(contract)` returns. Generic in the method so that a method may leave out the context
 * (or both parameters); a method whose data parameter is not the contract's type, or that does not return a
 * Promise<void>, does not compile.
 */
export type HandleEventDecorator<T extends object> = <M extends EventHandlerMethod<T>>(
  prototype: object,
  method: string | symbol,
  descriptor: TypedPropertyDescriptor<M>,
) => void;

/** One `@HandleEvent` method of a class. */
export interface DeclaredEventHandler {
  readonly contract: EventContract;
  readonly method: string | symbol;
}

// by prototype: a class's own methods, so that a subclass adds to its parent's without changing them
const declared = new WeakMap<object, DeclaredEventHandler[]>();

/**
 * Marks the method that applies the events of `contract`, inside the transaction that records each in the inbox:
 * `@HandleEvent(AUTH_USER_REGISTERED_V1) async registered(data: AuthUserRegisteredV1, { manager, envelope }) {…}`.
 * The class is a consumer's `handler` (`PlatformModule.forRoot({ consumers })`, or `eventHandlers(instance)`), which
 * binds its queue to each decorated contract's routing key.
 */
export function HandleEvent<T extends object>(contract: EventContract<T>): HandleEventDecorator<T> {
  return (prototype, method) => {
    if (typeof prototype === 'function') {
      throw new Error(`@HandleEvent(${contract.routingKey}) on static ${prototype.name}.${String(method)}: decorate an instance method`);
    }
    declared.set(prototype, [...(declared.get(prototype) ?? []), { contract, method }]);
  };
}

/** The `@HandleEvent` methods a prototype declares itself, in order (not those it inherits). */
export function ownEventHandlers(prototype: object): readonly DeclaredEventHandler[] {
  return declared.get(prototype) ?? [];
}
