import { randomUUID } from 'node:crypto';
import { AUTH_USER_EMAIL_VERIFIED_V1, AUTH_USER_REGISTERED_V1, type EventContract, type EventEnvelope } from '@taskhub/contracts';
import { type HttpResult, type RequestOptions, ServiceUnderTest } from '@taskhub/platform-service-testing';
import { integrationEnv, TestEventPublisher, waitFor } from '@taskhub/platform-testing';
import { type DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AppModule } from '../../src/app.module';
import { UserServiceConfig } from '../../src/config/user.config';
import { USER_DATABASE } from '../../src/database/user-database';

export type { HttpResult, RequestOptions };

export interface RegisteredUser {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly auth: Record<string, string>;
}

/**
 * The user service in-process (ServiceUnderTest: its own scratch database and Redis prefix, the run's vhost). Tests
 * feed it auth's events through the broker, as auth would, and call it with access tokens signed by the run's key.
 */
export class UserHarness {
  private constructor(
    readonly under: ServiceUnderTest<UserServiceConfig>,
    private readonly events: TestEventPublisher,
  ) {}

  /** `label` names the spec's scratch database and Redis prefix (one per spec file). */
  static async start(options: { label: string; env?: Record<string, string> }): Promise<UserHarness> {
    const env = integrationEnv();
    const events = await TestEventPublisher.connect(env.rabbitmqUrl);
    await events.purgeQueue('user.accounts'); // other specs' leftovers (every auth registration) are not this spec's input
    const under = await ServiceUnderTest.start({ configClass: UserServiceConfig, module: AppModule, database: USER_DATABASE, ...options });
    return new UserHarness(under, events);
  }

  get dataSource(): DataSource {
    return this.under.dataSource;
  }

  get baseUrl(): string {
    return this.under.baseUrl;
  }

  /** Bearer headers of an access token for `userId`. */
  auth(userId: string, roles: string[] = ['user']): Record<string, string> {
    return this.under.auth(userId, roles);
  }

  request<T = Record<string, unknown>>(method: string, route: string, options: RequestOptions = {}): Promise<HttpResult<T>> {
    return this.under.request<T>(method, route, options);
  }

  /** Publishes an event to taskhub.events as its producer would (confirmed by the broker); returns its envelope. */
  publish<T extends object>(contract: EventContract<T>, data: T, envelope?: EventEnvelope<T>): Promise<EventEnvelope<T>> {
    return this.events.publish(contract, data, envelope);
  }

  /**
   * A new account as auth announces it (auth.user.registered.v1, then auth.user.email_verified.v1 unless `verified`
   * is false), once its profile exists and the verification is applied.
   */
  async registered(displayName = `user ${randomUUID().slice(0, 8)}`, email = `u-${randomUUID()}@example.com`, options: { verified?: boolean } = {}): Promise<RegisteredUser> {
    const id = uuidv7();
    await this.publish(AUTH_USER_REGISTERED_V1, { userId: id, email, displayName });
    const auth = this.auth(id);
    await waitFor(async () => (await this.request('GET', '/users/me', { headers: auth })).status === 200, { description: `the profile of ${id}` });
    if (options.verified !== false) {
      const verified = await this.publish(AUTH_USER_EMAIL_VERIFIED_V1, { userId: id, verifiedAt: new Date().toISOString() });
      await this.applied(verified.id);
    }
    return { id, email, displayName, auth };
  }

  /** Waits until the service has applied the event (its inbox row on user.accounts). */
  async applied(eventId: string): Promise<void> {
    await waitFor(async () => (await this.dataSource.query<unknown[]>(`SELECT 1 FROM inbox_event WHERE event_id = $1`, [eventId])).length === 1, {
      description: `event ${eventId} applied`,
    });
  }

  /** The envelopes the service wrote to its outbox for a routing key, oldest first. */
  outbox(routingKey: string): Promise<EventEnvelope[]> {
    return this.under.outbox(routingKey);
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.under.close();
  }
}
