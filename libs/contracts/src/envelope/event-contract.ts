/** The services that produce and consume events (the contracts library depends on no other library). */
export type EventParty = 'auth' | 'user' | 'task' | 'notification';

/** `<service>.<entity>.<past-tense-verb>`: lower case, words joined by `_`. */
const EVENT_TYPE = /^(auth|user|task|notification)\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;

export interface EventContractSpec<T extends object> {
  /** `<service>.<entity>.<past-tense-verb>`, e.g. `auth.user.registered` */
  readonly type: string;
  /** a breaking change to `data` is a new version, published beside the old one until its consumers have moved */
  readonly version: number;
  /** the payload class: class-validator decorators are the schema */
  readonly data: new () => T;
  /** one sentence for the catalogue: what happened */
  readonly description: string;
  /** the services that consume it (the catalogue in docs/events.md lists the same) */
  readonly consumers: readonly EventParty[];
  /**
   * the payload holds a secret (a single-use token): the producer's outbox deletes the row as soon as the broker has
   * confirmed it, instead of keeping it for the retention (docs/event-backbone.md)
   */
  readonly carriesSecret?: boolean;
  /**
   * the payload is a person's own data, carried for a personal data export (docs/personal-data.md): like a secret, the
   * producer's outbox deletes the row once the broker has confirmed it, so no copy is retained for the retention
   */
  readonly personalData?: boolean;
}

/** One versioned event: its routing key, its producer and the class that validates its payload. */
export interface EventContract<T extends object = object> extends EventContractSpec<T> {
  /** `<type>.v<version>`, the routing key on `taskhub.events` */
  readonly routingKey: string;
  /** the service that owns the entity, the first segment of the type: only it publishes the event */
  readonly producer: EventParty;
}

/** Payload type of a contract. */
export type EventData<C> = C extends EventContract<infer T> ? T : never;

export function defineEvent<T extends object>(spec: EventContractSpec<T>): EventContract<T> {
  if (!EVENT_TYPE.test(spec.type)) {
    throw new Error(`event type "${spec.type}" must be <service>.<entity>.<past-tense-verb> in lower case (service: auth, user, task or notification)`);
  }
  if (!Number.isInteger(spec.version) || spec.version < 1) throw new Error(`event ${spec.type}: version must be an integer >= 1`);
  return Object.freeze({
    ...spec,
    consumers: Object.freeze([...spec.consumers]),
    routingKey: `${spec.type}.v${spec.version}`,
    producer: spec.type.slice(0, spec.type.indexOf('.')) as EventParty,
  });
}
