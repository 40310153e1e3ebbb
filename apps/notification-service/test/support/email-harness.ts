import { AUTH_USER_REGISTERED_V1, type EventContract, type EventEnvelope, USER_PREFERENCES_UPDATED_V1, USER_PROFILE_CREATED_V1, type UserPreferencesUpdatedV1 } from '@taskhub/contracts';
import { ServiceUnderTest } from '@taskhub/platform-service-testing';
import { integrationEnv, TestEventPublisher, waitFor } from '@taskhub/platform-testing';
import { v7 as uuidv7 } from 'uuid';
import { AppModule } from '../../src/app.module';
import { NotificationServiceConfig } from '../../src/config/notification.config';
import { NOTIFICATION_DATABASE } from '../../src/database/notification-database';
import { Clock } from '../../src/email/clock';
import { SmtpTestServer } from './smtp-test-server';

/** Fast rounds and short retries, so a test waits for conditions in milliseconds rather than the production seconds. */
const FAST_EMAIL = {
  PUBLIC_WEB_URL: 'http://web.test',
  EMAIL_POLL_INTERVAL_MS: '50',
  EMAIL_DIGEST_INTERVAL_MS: '50',
  EMAIL_RETRY_BASE_MS: '50',
  EMAIL_RETRY_MAX_MS: '200',
  EMAIL_MAX_ATTEMPTS: '1000',
  EMAIL_PARK_AFTER_MS: String(3600_000),
  EMAIL_BREAKER_RESET_MS: '200',
  EMAIL_SMTP_TIMEOUT_MS: '2000',
};

export interface Person {
  readonly id: string;
  readonly displayName: string;
  readonly email: string;
}

export interface EmailRow {
  readonly template: string;
  readonly status: string;
  readonly hold_reason: string | null;
  readonly not_before: Date | null;
  readonly attempts: number;
  readonly last_error: string | null;
  readonly payload: Record<string, unknown>;
}

/**
 * The notification service in-process with a real SMTP server of the test's own (SMTP_URL points to it), a publisher
 * of events, and its Clock (spy on `now` to move time; the default is the real time).
 */
export class EmailHarness {
  private constructor(
    readonly under: ServiceUnderTest<NotificationServiceConfig>,
    readonly events: TestEventPublisher,
    readonly smtp: SmtpTestServer,
    private readonly label: string,
  ) {}

  static async start(label: string): Promise<EmailHarness> {
    const smtp = await SmtpTestServer.start();
    const events = await TestEventPublisher.connect(integrationEnv().rabbitmqUrl);
    await events.purgeQueue('notification.email'); // other specs' leftovers are not this spec's input
    await events.purgeQueue('notification.people');
    const under = await ServiceUnderTest.start({ configClass: NotificationServiceConfig, module: AppModule, database: NOTIFICATION_DATABASE, label, env: { ...FAST_EMAIL, SMTP_URL: smtp.url } });
    return new EmailHarness(under, events, smtp, label);
  }

  /** A second instance of the service on the same database and SMTP server (another replica). */
  replica(): Promise<ServiceUnderTest<NotificationServiceConfig>> {
    return ServiceUnderTest.start({
      configClass: NotificationServiceConfig,
      module: AppModule,
      database: NOTIFICATION_DATABASE,
      label: `${this.label}_replica`,
      env: { ...FAST_EMAIL, SMTP_URL: this.smtp.url },
      shareWith: this.under,
    });
  }

  get clock(): Clock {
    return this.under.service.app.get(Clock);
  }

  /**
   * A person the service knows: account (e-mail address `<id>@example.test`), profile, and preferences when given
   * (else the user service's defaults), each applied.
   */
  async person(fields: { name?: string; locale?: string; timezone?: string; preferences?: Omit<UserPreferencesUpdatedV1, 'userId' | 'version'> } = {}): Promise<Person> {
    const id = uuidv7();
    const displayName = fields.name ?? `person ${id.slice(-6)}`;
    const profile = { userId: id, version: 1, displayName, avatarUrl: null, timezone: fields.timezone ?? 'UTC', locale: fields.locale ?? 'en', status: 'active' as const };
    const published: { readonly id: string }[] = [
      await this.events.publish(AUTH_USER_REGISTERED_V1, { userId: id, email: `${id}@example.test`, displayName }),
      await this.events.publish(USER_PROFILE_CREATED_V1, profile),
    ];
    if (fields.preferences) published.push(await this.events.publish(USER_PREFERENCES_UPDATED_V1, { userId: id, version: 1, ...fields.preferences }));
    await this.applied(published.map((e) => e.id), 'notification.people');
    return { id, displayName, email: `${id}@example.test` };
  }

  /** Publishes an event (or `envelope` again, as a redelivery) and waits until the e-mail consumer has applied it. */
  async deliver<T extends object>(contract: EventContract<T>, data: T, envelope?: EventEnvelope<T>): Promise<EventEnvelope<T>> {
    const event = await this.events.publish(contract, data, envelope);
    await this.applied([event.id], 'notification.email');
    return event;
  }

  async applied(ids: readonly string[], queue: string): Promise<void> {
    const query = `SELECT 1 FROM inbox_event WHERE event_id = ANY($1) AND consumer = $2`;
    await waitFor(async () => (await this.under.dataSource.query<unknown[]>(query, [ids, queue])).length === ids.length, {
      description: `${ids.length} event(s) applied by ${queue}`,
    });
  }

  /** The user's e-mails, oldest first. */
  emails(userId: string): Promise<EmailRow[]> {
    return this.under.dataSource.query<EmailRow[]>(
      `SELECT template, status, hold_reason, not_before, attempts, last_error, payload FROM email WHERE user_id = $1 ORDER BY created_at, id`,
      [userId],
    );
  }

  /** Waits until the user's e-mail of `template` has `status`, and returns it. */
  async emailWithStatus(userId: string, template: string, status: string, timeoutMs = 10_000): Promise<EmailRow> {
    return waitFor(async () => (await this.emails(userId)).find((row) => row.template === template && row.status === status), {
      description: `${template} e-mail of ${userId} ${status}`,
      timeoutMs,
    });
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.under.close();
    await this.smtp.stop();
  }
}
