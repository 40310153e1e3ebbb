import { type NotificationKind } from '@taskhub/contracts';
import { type NotificationSubject } from './recipients';

/** In-app notices that are no preference kind: always in-app, never e-mailed or sent to a webhook. */
export const NOTICE_KINDS = ['webhook.disabled'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** What an inbox row is about: an event of a preference kind, or a notice. */
export type InboxKind = NotificationKind | NoticeKind;

/** An in-app notification as the rest of the service passes it around (and the API shows it). */
export interface Notification extends NotificationSubject {
  readonly id: string;
  readonly kind: InboxKind;
  /** null for a notice about no project (a user's own webhook disabled) */
  readonly projectId: string | null;
  readonly taskId: string | null;
  readonly actorId: string | null;
  readonly actorName: string | null;
  /** webhook.disabled only */
  readonly webhookId: string | null;
  /** webhook.disabled only */
  readonly webhookUrl: string | null;
  readonly count: number;
  readonly readAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** the position in the user's stream (bigint, as a decimal string) */
  readonly seq: string;
}

/** What was written for one recipient: the live stream announces it after the commit. */
export interface RecordedNotification {
  readonly userId: string;
  readonly notificationId: string;
  readonly seq: string;
}
