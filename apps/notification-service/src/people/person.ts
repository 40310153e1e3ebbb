import { type ChannelsV1, type NotificationKind, type NotificationKindsV1 } from '@taskhub/contracts';

/** What the notification service knows about a person (each part null until its event has arrived). */
export interface Person {
  readonly id: string;
  readonly displayName: string | null;
  readonly email: string | null;
  readonly timezone: string | null;
  readonly locale: string | null;
  /** the account was disabled (auth.user.disabled.v1) or the profile says so: never notified */
  readonly disabled: boolean;
}

/**
 * The user service's defaults (apps/user-service/src/preferences/preferences.ts, documented in docs/users.md): they
 * hold for anyone who has never changed their preferences, who has no person_preferences row here.
 */
export const DEFAULT_KINDS: NotificationKindsV1 = {
  'task.assigned': { inApp: true, email: true, webhook: false },
  'task.status_changed': { inApp: true, email: false, webhook: false },
  'comment.added': { inApp: true, email: true, webhook: false },
  'task.due_soon': { inApp: true, email: true, webhook: false },
  'project.member_added': { inApp: true, email: true, webhook: false },
};

/** A person's channels for a kind: their own setting, or the default for a kind their copy lacks (or no copy at all). */
export function channelsOf(kinds: NotificationKindsV1 | undefined, kind: NotificationKind): ChannelsV1 {
  return (kinds as Partial<NotificationKindsV1> | undefined)?.[kind] ?? DEFAULT_KINDS[kind];
}
