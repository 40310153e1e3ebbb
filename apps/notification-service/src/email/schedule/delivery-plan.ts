import { quietHoursEnd, nextLocalHour } from './local-time';

/** What the notification service knows of a recipient's e-mail timing preferences. */
export interface EmailTiming {
  readonly timezone: string;
  readonly digest: { readonly enabled: boolean; readonly hour: number };
  readonly quietHours: { readonly start: string; readonly end: string } | null;
}

export type HoldReason = 'quiet_hours' | 'digest';

export type DeliveryPlan = { readonly status: 'queued' } | { readonly status: 'held'; readonly holdReason: HoldReason; readonly notBefore: Date };

/**
 * When a notification e-mail may go: with the daily digest on, it waits for the next digest hour (and goes in the
 * digest); else, in quiet hours, it waits until they end; else at once. Password resets never come here: they go at once.
 */
export function planNotificationEmail(now: Date, timing: EmailTiming): DeliveryPlan {
  if (timing.digest.enabled) return { status: 'held', holdReason: 'digest', notBefore: nextLocalHour(now, timing.timezone, timing.digest.hour) };
  const quietEnd = timing.quietHours && quietHoursEnd(now, timing.timezone, timing.quietHours.start, timing.quietHours.end);
  return quietEnd ? { status: 'held', holdReason: 'quiet_hours', notBefore: quietEnd } : { status: 'queued' };
}
