import {
  AUTH_USER_DISABLED_V1,
  AUTH_USER_REGISTERED_V1,
  type AuthUserDisabledV1,
  type AuthUserRegisteredV1,
  createEnvelope,
  type EventEnvelope,
} from '@taskhub/contracts';
import { type EntityManager } from 'typeorm';
import { eventHandlers } from './event-handlers';
import { type EventContext, HandleEvent } from './handle-event.decorator';

const manager = { name: 'the inbox transaction' } as unknown as EntityManager;
const registered = (): EventEnvelope<AuthUserRegisteredV1> =>
  createEnvelope(
    AUTH_USER_REGISTERED_V1,
    { userId: '0190c8d2-7a1b-7c3d-9e4f-5a6b7c8d9e0f', email: 'ada@example.com', displayName: 'Ada' },
    { correlationId: 'req-1' },
  );
const disabled = (): EventEnvelope<AuthUserDisabledV1> =>
  createEnvelope(
    AUTH_USER_DISABLED_V1,
    { userId: '0190c8d2-7a1b-7c3d-9e4f-5a6b7c8d9e0f', disabledAt: '2026-11-22T10:00:00.000Z', disabledBy: '0190c8d2-7a1b-7c3d-9e4f-5a6b7c8d9e10' },
    { correlationId: 'req-2' },
  );

class AccountHandlers {
  readonly applied: string[] = [];

  @HandleEvent(AUTH_USER_REGISTERED_V1)
  async registered(data: AuthUserRegisteredV1, context: EventContext<AuthUserRegisteredV1>): Promise<void> {
    this.applied.push(`registered ${data.email} ${context.envelope.id} ${String(context.manager === manager)}`);
    return Promise.resolve();
  }

  @HandleEvent(AUTH_USER_DISABLED_V1)
  async disabled(data: AuthUserDisabledV1): Promise<void> {
    this.applied.push(`disabled by ${data.disabledBy}`);
    return Promise.resolve();
  }
}

describe(eventHandlers.name, () => {
  it('should derive the routing keys and the contracts from the decorated methods', () => {
    const { routingKeys, registry, handlers } = eventHandlers(new AccountHandlers());

    expect(routingKeys).toEqual(['auth.user.registered.v1', 'auth.user.disabled.v1']);
    expect(registry.contracts).toEqual([AUTH_USER_REGISTERED_V1, AUTH_USER_DISABLED_V1]);
    expect([...handlers.keys()]).toEqual(routingKeys);
  });

  it("should call each method on its instance with the event's data, its envelope and the transaction's manager", async () => {
    const instance = new AccountHandlers();
    const { handlers } = eventHandlers(instance);
    const first = registered();

    await handlers.get(AUTH_USER_REGISTERED_V1.routingKey)!(first, manager);
    await handlers.get(AUTH_USER_DISABLED_V1.routingKey)!(disabled(), manager);

    expect(instance.applied).toEqual([`registered ada@example.com ${first.id} true`, 'disabled by 0190c8d2-7a1b-7c3d-9e4f-5a6b7c8d9e10']);
  });

  it("should not compile a method whose data is not its contract's, or that returns no promise (npm run typecheck)", () => {
    class Mistyped {
      // @ts-expect-error -- the data of auth.user.registered.v1 is AuthUserRegisteredV1
      @HandleEvent(AUTH_USER_REGISTERED_V1)
      async registered(_data: AuthUserDisabledV1): Promise<void> {
        return Promise.resolve();
      }

      // @ts-expect-error -- a handler returns Promise<void>: the consumer awaits it before the commit
      @HandleEvent(AUTH_USER_DISABLED_V1)
      disabled(_data: AuthUserDisabledV1): void {}
    }

    // at run time the contract still decides what reaches each method: the compiler is what refuses the mismatch
    expect(eventHandlers(new Mistyped()).routingKeys).toEqual(['auth.user.registered.v1', 'auth.user.disabled.v1']);
  });

  it('should refuse two methods for one routing key, naming the class and both methods', () => {
    class Twice {
      @HandleEvent(AUTH_USER_REGISTERED_V1)
      async first(): Promise<void> {}

      @HandleEvent(AUTH_USER_REGISTERED_V1)
      async second(): Promise<void> {}
    }

    expect(() => eventHandlers(new Twice())).toThrow('Twice: first and second both handle auth.user.registered.v1 (one @HandleEvent method per routing key)');
  });

  it('should refuse a class without a @HandleEvent method, naming it', () => {
    class Forgotten {
      async registered(): Promise<void> {}
    }

    expect(() => eventHandlers(new Forgotten())).toThrow('Forgotten has no @HandleEvent method: decorate the method that applies each event it consumes');
  });

  it("should take the methods a class inherits, and an override's instead of its parent's", async () => {
    class Audited extends AccountHandlers {
      override async disabled(data: AuthUserDisabledV1): Promise<void> {
        this.applied.push(`audited ${data.disabledAt}`);
        return Promise.resolve();
      }

      @HandleEvent(AUTH_USER_DISABLED_V1)
      async disabledAgain(data: AuthUserDisabledV1): Promise<void> {
        await this.disabled(data);
      }
    }
    const instance = new Audited();
    const { routingKeys, handlers } = eventHandlers(instance);

    await handlers.get(AUTH_USER_DISABLED_V1.routingKey)!(disabled(), manager);

    expect(routingKeys).toEqual(['auth.user.disabled.v1', 'auth.user.registered.v1']);
    expect(instance.applied).toEqual(['audited 2026-11-22T10:00:00.000Z']);
  });

  it('should refuse a static method', () => {
    expect(() => {
      class Static {
        @HandleEvent(AUTH_USER_REGISTERED_V1)
        static async registered(): Promise<void> {}
      }
      return Static;
    }).toThrow('@HandleEvent(auth.user.registered.v1) on static Static.registered: decorate an instance method');
  });
});
