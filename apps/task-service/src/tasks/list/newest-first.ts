import { type ListedTask } from './task-list.repository';

/**
 * The first `count` rows of several lists each in the default order (`-createdAt`: newest first, ties by id
 * descending, as task-list.query.ts orders them), merged in that order. Each list must hold its own first `count`
 * rows (or all of them): the first `count` of the union are then among them.
 */
export function mergeNewestFirst(lists: readonly (readonly ListedTask[])[], count: number): ListedTask[] {
  const keyed = lists.flat().map((row) => ({ row, at: timestampMicros(row.sortValue) }));
  keyed.sort((a, b) => (a.at === b.at ? compareText(b.row.task.id, a.row.task.id) : a.at > b.at ? -1 : 1));
  return keyed.slice(0, count).map((k) => k.row);
}

const TIMESTAMPTZ_TEXT = /^(\d{4,}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?([+-]\d\d)(?::(\d\d))?(?::(\d\d))?$/;

/**
 * A timestamptz as Postgres writes it as text (`2026-12-05 09:02:43.914846+00`, the fraction without trailing
 * zeros, the offset of the session's time zone) in microseconds since the epoch: the text does not sort as the time does.
 */
export function timestampMicros(text: string | null): bigint {
  const match = text === null ? null : TIMESTAMPTZ_TEXT.exec(text);
  if (!match) throw new RangeError(`not a timestamptz as Postgres writes it: ${text}`);
  const [, date, time, fraction = '', hours, minutes = '00', seconds = '00'] = match;
  const millis = Date.parse(`${date}T${time}Z`);
  const offsetSeconds = (hours.startsWith('-') ? -1 : 1) * (Math.abs(Number(hours)) * 3600 + Number(minutes) * 60 + Number(seconds));
  return BigInt(millis) * 1000n + BigInt(fraction.padEnd(6, '0')) - BigInt(offsetSeconds) * 1_000_000n;
}

/** uuids (lower-case hex, fixed layout) compare as text in the order Postgres compares them. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
