import { type ChannelsV1, NOTIFICATION_KINDS, type NotificationKindsV1, type UserPreferencesUpdatedV1 } from '@taskhub/contracts';

/** The preference set as GET and PUT show it, and user.preferences.updated.v1 carries it (with userId and version). */
export type Preferences = Omit<UserPreferencesUpdatedV1, 'userId' | 'version'>;

const ALL: ChannelsV1 = { inApp: true, email: true, webhook: false };
const IN_APP_ONLY: ChannelsV1 = { inApp: true, email: false, webhook: false };

/** What a user has before setting anything: everything in the app, e-mail for what needs them, no webhooks. */
export const DEFAULT_KINDS: NotificationKindsV1 = {
  'task.assigned': ALL,
  'task.status_changed': IN_APP_ONLY,
  'comment.added': ALL,
  'task.due_soon': ALL,
  'project.member_added': ALL,
};

export const DEFAULT_PREFERENCES: Preferences = { kinds: DEFAULT_KINDS, digest: { enabled: false, hour: 8 }, quietHours: null };

/** Every kind, in catalogue order: those given, the others at their default. */
export function completeKinds(given: Partial<NotificationKindsV1>): NotificationKindsV1 {
  return Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, { ...(given[kind] ?? DEFAULT_KINDS[kind]) }])) as unknown as NotificationKindsV1;
}
