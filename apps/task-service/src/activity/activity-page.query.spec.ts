import { v7 as uuidv7 } from 'uuid';
import { activityPageQuery, activityWindows, CLOCK_SKEW_ALLOWANCE_MS } from './activity-page.query';
import { addMonths, monthOfPartition, partitionName, uuidv7Time } from './partitions/activity-months';

const iso = (w: { from: Date | null; to: Date }): [string | null, string] => [w.from?.toISOString() ?? null, w.to.toISOString()];

describe('activityWindows', () => {
  it('should read the first page from the start of this month to a little after now, then 1, 2, 4, 8 months back, then the rest', () => {
    const now = new Date('2026-12-05T06:00:00.000Z');

    expect(activityWindows(undefined, now).map(iso)).toEqual([
      ['2026-12-01T00:00:00.000Z', new Date(now.getTime() + CLOCK_SKEW_ALLOWANCE_MS).toISOString()],
      ['2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'],
      ['2026-09-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z'],
      ['2026-05-01T00:00:00.000Z', '2026-09-01T00:00:00.000Z'],
      ['2025-09-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z'],
      [null, '2025-09-01T00:00:00.000Z'],
    ]);
  });

  it("should start a later page at the cursor id's millisecond, in that month", () => {
    const cursor = uuidv7({ msecs: Date.parse('2026-02-28T23:59:59.999Z') });

    expect(activityWindows(cursor, new Date('2026-12-05T06:00:00.000Z')).slice(0, 2).map(iso)).toEqual([
      ['2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'],
      ['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'],
    ]);
  });
});

describe('activityPageQuery', () => {
  it('should bound created_at on both sides and the id below the cursor', () => {
    const cursor = uuidv7();
    const [window] = activityWindows(cursor, new Date());

    const { sql, params } = activityPageQuery({ taskId: 'task-1' }, cursor, window, 21);

    expect(sql.replace(/\s+/g, ' ')).toContain('WHERE task_id = $1 AND created_at < $2 AND created_at >= $4 AND id < $5 ORDER BY id DESC LIMIT $3');
    expect(params).toEqual(['task-1', window.to.toISOString(), 21, window.from?.toISOString(), cursor]);
  });
});

describe('activity months', () => {
  it('should name partitions by UTC month across years, and read the month back from the name', () => {
    expect(partitionName(addMonths({ year: 2026, month: 12 }, 1))).toBe('activity_2027_01');
    expect(partitionName(addMonths({ year: 2026, month: 1 }, -14))).toBe('activity_2024_11');
    expect(monthOfPartition('activity_2024_11')).toEqual({ year: 2024, month: 11 });
    expect(monthOfPartition('activity_default')).toBeNull();
  });

  it('should read the millisecond of a UUIDv7', () => {
    expect(uuidv7Time(uuidv7({ msecs: 1_796_000_000_123 })).getTime()).toBe(1_796_000_000_123);
  });
});
