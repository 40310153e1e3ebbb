import { randomUUID } from 'node:crypto';
import { AUTH_USER_REGISTERED_V1, type EventContract, type EventEnvelope, USER_PROFILE_CREATED_V1 } from '@taskhub/contracts';
import { type HttpResult, type RequestOptions, ServiceUnderTest } from '@taskhub/platform-service-testing';
import { integrationEnv, TestEventPublisher, waitFor } from '@taskhub/platform-testing';
import { type DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AppModule } from '../../src/app.module';
import { NotificationServiceConfig } from '../../src/config/notification.config';
import { NOTIFICATION_DATABASE } from '../../src/database/notification-database';

/** A user the notification service knows (account and profile applied), with the headers of an access token. */
export interface Person {
  readonly id: string;
  readonly displayName: string;
  readonly auth: Record<string, string>;
}

/** A notification as GET /notifications shows it. */
export type InboxItem = Record<string, unknown> & { id: string; count: number; seq: string };

/** The queues of the notification service this harness empties before starting (other specs' leftovers). */
const QUEUES = ['notification.inbox', 'notification.people', 'notification.webhooks', 'notification.email', 'notification.erasure'];

/**
 * The notification service in-process (ServiceUnderTest: its own scratch database and Redis prefix, the run's vhost),
 * fed the way production feeds it: events through the broker.
 */
export class NotificationHarness {
  private constructor(
    readonly under: ServiceUnderTest<NotificationServiceConfig>,
    readonly events: TestEventPublisher,
  ) {}

  static async start(options: { label: string; env?: Record<string, string> }): Promise<NotificationHarness> {
    const events = await TestEventPublisher.connect(integrationEnv().rabbitmqUrl);
    for (const queue of QUEUES) await events.purgeQueue(queue);
    const under = await ServiceUnderTest.start({ configClass: NotificationServiceConfig, module: AppModule, database: NOTIFICATION_DATABASE, ...options });
    return new NotificationHarness(under, events);
  }

  get dataSource(): DataSource {
    return this.under.dataSource;
  }

  /** A new user, registered and with a profile, once both are applied. */
  async person(displayName = `person ${randomUUID().slice(0, 8)}`): Promise<Person> {
    const id = uuidv7();
    const applied = [
      await this.events.publish(AUTH_USER_REGISTERED_V1, { userId: id, email: `${id}@example.test`, displayName }),
      await this.events.publish(USER_PROFILE_CREATED_V1, { userId: id, version: 1, displayName, avatarUrl: null, timezone: 'UTC', locale: 'en', status: 'active' }),
    ];
    await this.applied(applied.map((e) => e.id), 'notification.people');
    return { id, displayName, auth: this.under.auth(id) };
  }

  /** Publishes an event (or `envelope` again, as a redelivery) and waits until the service has applied it. */
  async deliver<T extends object>(contract: EventContract<T>, data: T, envelope?: EventEnvelope<T>): Promise<EventEnvelope<T>> {
    const event = await this.events.publish(contract, data, envelope);
    await this.applied([event.id], contract.routingKey.startsWith('task.') ? 'notification.inbox' : 'notification.people');
    return event;
  }

  /** Waits until the consumer of `queue` has applied every event id. */
  async applied(ids: readonly string[], queue: string): Promise<void> {
    const query = `SELECT 1 FROM inbox_event WHERE event_id = ANY($1) AND consumer = $2`;
    await waitFor(async () => (await this.dataSource.query<unknown[]>(query, [ids, queue])).length === ids.length, {
      description: `${ids.length} event(s) applied by ${queue}`,
    });
  }

  /** `who`'s inbox (GET /notifications with `query`), once `until` holds for its items. */
  async inbox(who: Person, until: (items: InboxItem[]) => boolean, query = ''): Promise<InboxItem[]> {
    let items: InboxItem[] = [];
    await waitFor(
      async () => {
        items = (await this.as(who)<{ items: InboxItem[] }>('GET', `/notifications${query}`)).body.items;
        return until(items);
      },
      { description: `the inbox of ${who.displayName}` },
    );
    return items;
  }

  /** `request` as `who`. */
  as(who: Person): <T = Record<string, unknown>>(method: string, route: string, options?: RequestOptions) => Promise<HttpResult<T>> {
    return (method, route, options = {}) => this.under.request(method, route, { ...options, headers: { ...who.auth, ...options.headers } });
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.under.close();
  }
}
