import { type EventsRow } from './bench-support';

const median = (values: readonly number[]): number | undefined => {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : Math.round(((sorted[mid - 1] + sorted[mid]) / 2) * 10) / 10;
};

const kind = (row: EventsRow): string => (row.eventsPerSecond === undefined ? 'latency' : 'capacity');

/** One row per variant, queue type and kind (capacity or latency), each figure the median over the rounds. */
export function medianRows(rows: readonly EventsRow[]): EventsRow[] {
  const groups = new Map<string, EventsRow[]>();
  for (const row of rows) {
    const key = `${row.variant}|${row.queueType}|${kind(row)}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((group) => {
    const of = (pick: (r: EventsRow) => number | undefined): number | undefined => median(group.map(pick).filter((v): v is number => v !== undefined));
    return {
      variant: group[0].variant,
      queueType: group[0].queueType,
      eventsPerSecond: of((r) => r.eventsPerSecond),
      p50Ms: of((r) => r.p50Ms),
      p99Ms: of((r) => r.p99Ms),
      achievedRate: of((r) => r.achievedRate),
    };
  });
}

/** The markdown table, with each capacity as a ratio to bare amqplib's on the same queue type. */
export function table(rows: readonly EventsRow[]): string[] {
  const bare = (queueType: string): number | undefined =>
    rows.find((r) => r.variant.startsWith('bare') && r.queueType === queueType && r.eventsPerSecond !== undefined)?.eventsPerSecond;
  const cell = (v: number | undefined): string => (v === undefined ? '' : String(v));
  const lines = ['| variant | queue | events/s | x bare | p50 ms | p99 ms | rate achieved/s |', '|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    const base = bare(r.queueType);
    const ratio = r.eventsPerSecond !== undefined && base !== undefined && !r.variant.startsWith('bare') ? (r.eventsPerSecond / base).toFixed(2) : '';
    lines.push(`| ${r.variant} | ${r.queueType} | ${cell(r.eventsPerSecond)} | ${ratio} | ${cell(r.p50Ms)} | ${cell(r.p99Ms)} | ${cell(r.achievedRate)} |`);
  }
  return lines;
}
