import {
  AUTH_USER_DISABLED_V1,
  AUTH_USER_REGISTERED_V1,
  USER_PREFERENCES_UPDATED_V1,
  USER_PROFILE_CREATED_V1,
  USER_PROFILE_UPDATED_V1,
  type UserPreferencesUpdatedV1,
} from '@taskhub/contracts';
import { type ServiceUnderTest } from '@taskhub/platform-service-testing';
import { type TestEventPublisher } from '@taskhub/platform-testing';
import { v7 as uuidv7 } from 'uuid';
import { type NotificationServiceConfig } from '../src/config/notification.config';
import { NotificationHarness } from './support/notification-harness';

const CHANNELS = { inApp: true, email: true, webhook: false };
const KINDS = { 'task.assigned': CHANNELS, 'task.status_changed': CHANNELS, 'comment.added': CHANNELS, 'task.due_soon': CHANNELS, 'project.member_added': CHANNELS };

describe('notification-service people (copies of profiles and preferences)', () => {
  let harness: NotificationHarness;
  let notifications: ServiceUnderTest<NotificationServiceConfig>;
  let events: TestEventPublisher;

  beforeAll(async () => {
    // the harness empties the queue first: the auth specs' registrations also land in notification.people
    harness = await NotificationHarness.start({ label: 'notification_people' });
    ({ under: notifications, events } = harness);
  });

  afterAll(async () => {
    await harness?.close();
  });

  const applied = (ids: readonly string[]) => harness.applied(ids, 'notification.people');
  const preferences = (userId: string, version: number, quietHours: UserPreferencesUpdatedV1['quietHours']): UserPreferencesUpdatedV1 => ({
    userId,
    version,
    kinds: KINDS,
    digest: { enabled: true, hour: 7 },
    quietHours,
  });

  it('should keep the newest profile and preferences of each person, whatever order the events arrive in', async () => {
    const id = uuidv7();
    const fields = { userId: id, displayName: 'Ada', avatarUrl: null, timezone: 'Europe/Paris', locale: 'fr-FR', status: 'active' as const };

    const published = [
      await events.publish(USER_PROFILE_CREATED_V1, { ...fields, version: 1 }),
      await events.publish(USER_PREFERENCES_UPDATED_V1, preferences(id, 2, null)),
      await events.publish(USER_PREFERENCES_UPDATED_V1, preferences(id, 1, { start: '22:00', end: '07:00' })), // late
      await events.publish(USER_PROFILE_UPDATED_V1, { ...fields, version: 2, timezone: 'Asia/Tokyo', changed: ['timezone'] }),
    ];
    await applied(published.map((e) => e.id));

    expect(await notifications.dataSource.query(`SELECT display_name, timezone, locale, version FROM person WHERE id = $1`, [id])).toEqual([
      { display_name: 'Ada', timezone: 'Asia/Tokyo', locale: 'fr-FR', version: 2 },
    ]);
    expect(await notifications.dataSource.query(`SELECT kinds, digest_enabled, digest_hour, quiet_start, quiet_end, version FROM person_preferences WHERE user_id = $1`, [id])).toEqual([
      { kinds: KINDS, digest_enabled: true, digest_hour: 7, quiet_start: null, quiet_end: null, version: 2 },
    ]);
  });

  const person = (id: string) =>
    notifications.dataSource.query(`SELECT display_name, email, timezone, status, version, disabled_at FROM person WHERE id = $1`, [id]);
  const profile = (id: string, displayName: string) => ({
    userId: id,
    version: 1,
    displayName,
    avatarUrl: null,
    timezone: 'Europe/Paris',
    locale: 'fr-FR',
    status: 'active' as const,
  });

  it('should keep the e-mail address and the profile when the registration arrives first', async () => {
    const id = uuidv7();
    const first = await events.publish(AUTH_USER_REGISTERED_V1, { userId: id, email: 'grace@example.test', displayName: 'Grace at registration' });
    await applied([first.id]);
    const second = await events.publish(USER_PROFILE_CREATED_V1, profile(id, 'Grace'));
    await applied([second.id]);

    expect(await person(id)).toEqual([
      { display_name: 'Grace', email: 'grace@example.test', timezone: 'Europe/Paris', status: 'active', version: 1, disabled_at: null },
    ]);
  });

  it('should keep the profile and the e-mail address when the profile arrives first', async () => {
    const id = uuidv7();
    const first = await events.publish(USER_PROFILE_CREATED_V1, profile(id, 'Linus'));
    await applied([first.id]);
    const second = await events.publish(AUTH_USER_REGISTERED_V1, { userId: id, email: 'linus@example.test', displayName: 'Linus at registration' });
    await applied([second.id]);

    expect(await person(id)).toEqual([
      { display_name: 'Linus', email: 'linus@example.test', timezone: 'Europe/Paris', status: 'active', version: 1, disabled_at: null },
    ]);
  });

  it('should record a disabled account, also for someone it knew nothing about yet', async () => {
    const known = uuidv7();
    const unknown = uuidv7();
    const registered = await events.publish(AUTH_USER_REGISTERED_V1, { userId: known, email: 'ken@example.test', displayName: 'Ken' });
    await applied([registered.id]);
    const disabledAt = '2026-12-01T10:00:00.000Z';
    const published = [
      await events.publish(AUTH_USER_DISABLED_V1, { userId: known, disabledAt, disabledBy: unknown }),
      await events.publish(AUTH_USER_DISABLED_V1, { userId: unknown, disabledAt, disabledBy: known }),
    ];
    await applied(published.map((e) => e.id));

    expect(await person(known)).toEqual([
      { display_name: 'Ken', email: 'ken@example.test', timezone: null, status: null, version: null, disabled_at: new Date(disabledAt) },
    ]);
    expect(await person(unknown)).toEqual([{ display_name: null, email: null, timezone: null, status: null, version: null, disabled_at: new Date(disabledAt) }]);
  });
});
