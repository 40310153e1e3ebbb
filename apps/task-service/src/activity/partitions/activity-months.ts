/**
 * The months of the activity history: UTC calendar months, one partition each, named `activity_YYYY_MM` and archived
 * as `activity-YYYY-MM.ndjson.gz`.
 */
export interface ActivityMonth {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
}

const PARTITION_NAME = /^activity_(\d{4})_(\d{2})$/;

export function monthOf(time: Date): ActivityMonth {
  return { year: time.getUTCFullYear(), month: time.getUTCMonth() + 1 };
}

export function addMonths(m: ActivityMonth, count: number): ActivityMonth {
  const index = m.year * 12 + (m.month - 1) + count;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** The first instant of the month (inclusive lower bound of its partition). */
export function monthStart(m: ActivityMonth): Date {
  return new Date(Date.UTC(m.year, m.month - 1, 1));
}

/** The first instant of the next month (exclusive upper bound of its partition). */
export function monthEnd(m: ActivityMonth): Date {
  return monthStart(addMonths(m, 1));
}

/** `2026-12` */
export function monthLabel(m: ActivityMonth): string {
  return `${m.year}-${String(m.month).padStart(2, '0')}`;
}

/** `activity_2026_12` */
export function partitionName(m: ActivityMonth): string {
  return `activity_${monthLabel(m).replace('-', '_')}`;
}

/** The month of a partition's name, or null for any other table (activity_default among them). */
export function monthOfPartition(name: string): ActivityMonth | null {
  const match = PARTITION_NAME.exec(name);
  return match ? { year: Number(match[1]), month: Number(match[2]) } : null;
}

export function isBefore(a: ActivityMonth, b: ActivityMonth): boolean {
  return a.year * 12 + a.month < b.year * 12 + b.month;
}

/** The millisecond timestamp of a UUIDv7 (its first 48 bits): an activity row's `created_at` (ActivityLog). */
export function uuidv7Time(id: string): Date {
  return new Date(parseInt(id.slice(0, 8) + id.slice(9, 13), 16));
}
