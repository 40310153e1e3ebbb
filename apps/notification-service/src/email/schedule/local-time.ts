import { DateTime } from 'luxon';

/** `now` in the person's IANA time zone (an unknown zone counts as UTC rather than failing the e-mail). */
function local(now: Date, timezone: string): DateTime {
  const zoned = DateTime.fromJSDate(now, { zone: timezone });
  return zoned.isValid ? zoned : DateTime.fromJSDate(now, { zone: 'UTC' });
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

function at(day: DateTime, minutes: number): DateTime {
  return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 });
}

/**
 * When the quiet hours that `now` falls in end (`start`/`end` are `HH:MM` of the person's zone; a window whose start
 * is after its end crosses midnight), or null when `now` is outside them. End exclusive; an empty window is none.
 */
export function quietHoursEnd(now: Date, timezone: string, start: string, end: string): Date | null {
  const today = local(now, timezone);
  const minute = today.hour * 60 + today.minute;
  const [from, to] = [minutesOf(start), minutesOf(end)];
  if (from === to) return null;
  if (from < to) return minute >= from && minute < to ? at(today, to).toJSDate() : null;
  if (minute >= from) return at(today.plus({ days: 1 }), to).toJSDate();
  return minute < to ? at(today, to).toJSDate() : null;
}

/** The next time it is `hour`:00 in the person's zone, strictly after `now`. */
export function nextLocalHour(now: Date, timezone: string, hour: number): Date {
  const today = local(now, timezone);
  const candidate = at(today, hour * 60);
  return (candidate > today ? candidate : at(today.plus({ days: 1 }), hour * 60)).toJSDate();
}
