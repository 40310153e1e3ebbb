import { AUTH_USER_REGISTERED_V1, type AuthUserRegisteredV1, type EventEnvelope } from '@taskhub/contracts';
import { type EventContext, HandleEvent } from '../../src/handlers/handle-event.decorator';

export interface EffectHandlersOptions {
  /** runs first; throwing is a handler bug (the event is retried, then parked) */
  readonly before?: (envelope: EventEnvelope<AuthUserRegisteredV1>) => void;
  /** held inside the transaction after the effect, so a kill or a stop finds handlers in flight */
  readonly delayMs?: number;
}

/** The consumer side of the fault tests: each `auth.user.registered.v1` applied as one `effect` row. */
export class EffectHandlers {
  constructor(private readonly options: EffectHandlersOptions = {}) {}

  @HandleEvent(AUTH_USER_REGISTERED_V1)
  async registered(_data: AuthUserRegisteredV1, { manager, envelope }: EventContext<AuthUserRegisteredV1>): Promise<void> {
    this.options.before?.(envelope);
    await manager.query('INSERT INTO effect (event_id) VALUES ($1)', [envelope.id]);
    const delayMs = this.options.delayMs ?? 0;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}
