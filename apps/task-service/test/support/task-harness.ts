import { randomUUID } from 'node:crypto';
import { type EventContract, type EventEnvelope, USER_PROFILE_CREATED_V1, USER_PROFILE_UPDATED_V1 } from '@taskhub/contracts';
import { type HttpResult, type RequestOptions, ServiceUnderTest } from '@taskhub/platform-service-testing';
import { integrationEnv, TestEventPublisher, waitFor } from '@taskhub/platform-testing';
import { type DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AppModule } from '../../src/app.module';
import { TaskServiceConfig } from '../../src/config/task.config';
import { TASK_DATABASE } from '../../src/database/task-database';

export type { HttpResult, RequestOptions };

/** A user the task service knows (its read model has their profile), with the headers of an access token. */
export interface Person {
  readonly id: string;
  readonly displayName: string;
  readonly auth: Record<string, string>;
}

/**
 * The task service in-process (ServiceUnderTest: its own scratch database and Redis prefix, the run's vhost). People
 * become known to it the way they do in production: a user.profile.created.v1 event through the broker.
 */
export class TaskHarness {
  private constructor(
    readonly under: ServiceUnderTest<TaskServiceConfig>,
    private readonly events: TestEventPublisher,
  ) {}

  /**
   * `label` names the spec's scratch database and Redis prefix (one per spec file); `shareWith` starts a second instance
   * of the service on the first one's database and Redis keys (another replica).
   */
  static async start(options: { label: string; env?: Record<string, string>; shareWith?: TaskHarness }): Promise<TaskHarness> {
    const env = integrationEnv();
    const { shareWith, ...rest } = options;
    const events = await TestEventPublisher.connect(env.rabbitmqUrl);
    if (!options.shareWith) {
      // other specs' leftovers are not this spec's input
      await events.purgeQueue('task.people');
      await events.purgeQueue('task.erasure');
    }
    // every spec's instances get their own exports queue: an export event goes to each, and each writes only its own
    const exportQueue = `task.exports-${options.label.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`;
    const serviceEnv = { TASK_EXPORT_QUEUE: exportQueue, ...options.env };
    const under = await ServiceUnderTest.start({ configClass: TaskServiceConfig, module: AppModule, database: TASK_DATABASE, ...rest, env: serviceEnv, shareWith: shareWith?.under });
    return new TaskHarness(under, events);
  }

  get dataSource(): DataSource {
    return this.under.dataSource;
  }

  get baseUrl(): string {
    return this.under.baseUrl;
  }

  /** Bearer headers of an access token for `userId`. */
  auth(userId: string): Record<string, string> {
    return this.under.auth(userId);
  }

  /** A new user, known to the task service through user.profile.created.v1 once this resolves. */
  async person(displayName = `person ${randomUUID().slice(0, 8)}`): Promise<Person> {
    const id = uuidv7();
    await this.events.publish(USER_PROFILE_CREATED_V1, { userId: id, version: 1, displayName, avatarUrl: null, timezone: 'UTC', locale: 'en', status: 'active' });
    await waitFor(async () => (await this.dataSource.query<unknown[]>('SELECT 1 FROM person WHERE id = $1', [id])).length === 1, { description: `person ${displayName}` });
    return { id, displayName, auth: this.auth(id) };
  }

  /** The person's account disabled, as the user service announces it (user.profile.updated.v1), once applied. */
  async disable(person: Person): Promise<void> {
    const profile = { userId: person.id, version: 2, displayName: person.displayName, avatarUrl: null, timezone: 'UTC', locale: 'en', status: 'disabled' as const };
    await this.events.publish(USER_PROFILE_UPDATED_V1, { ...profile, changed: ['status'] });
    await waitFor(async () => (await this.dataSource.query<unknown[]>(`SELECT 1 FROM person WHERE id = $1 AND status = 'disabled'`, [person.id])).length === 1, {
      description: `${person.displayName} disabled`,
    });
  }

  /** Publishes an event to the service's consumers (`envelope` as it is: a redelivery); resolves once applied. */
  async deliver<T extends object>(contract: EventContract<T>, data: T, envelope?: EventEnvelope<T>): Promise<EventEnvelope<T>> {
    const event = await this.events.publish(contract, data, envelope);
    await waitFor(async () => (await this.dataSource.query<unknown[]>('SELECT 1 FROM inbox_event WHERE event_id = $1', [event.id])).length > 0, {
      description: `${contract.routingKey} ${event.id} applied`,
    });
    return event;
  }

  request<T = Record<string, unknown>>(method: string, route: string, options: RequestOptions = {}): Promise<HttpResult<T>> {
    return this.under.request<T>(method, route, options);
  }

  /** `request` as `who`. */
  as(who: Person): <T = Record<string, unknown>>(method: string, route: string, options?: RequestOptions) => Promise<HttpResult<T>> {
    return (method, route, options = {}) => this.request(method, route, { ...options, headers: { ...who.auth, ...options.headers } });
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
