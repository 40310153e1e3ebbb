import { type Task } from '../task';
import { mergeNewestFirst, timestampMicros } from './newest-first';
import { type ListedTask } from './task-list.repository';
import { DEFAULT_TASK_SORT } from './task-sort';

const row = (id: string, sortValue: string): ListedTask => ({ task: { id } as Task, sortValue });

describe('timestampMicros', () => {
  it.each([
    ['2026-12-05 09:02:43+00', 1_796_461_363_000_000n],
    ['2026-12-05 09:02:43.5+00', 1_796_461_363_500_000n],
    ['2026-12-05 09:02:43.000001+00', 1_796_461_363_000_001n],
    ['2026-12-05 14:32:43.25+05:30', 1_796_461_363_250_000n],
    ['2026-12-05 05:02:43-04', 1_796_461_363_000_000n],
  ])('should read %s as %s µs since the epoch', (text, micros) => {
    expect(timestampMicros(text)).toBe(micros);
  });

  it('should refuse what Postgres does not write', () => {
    expect(() => timestampMicros('2026-12-05T09:02:43Z')).toThrow(RangeError);
    expect(() => timestampMicros(null)).toThrow(RangeError);
  });
});

describe('mergeNewestFirst', () => {
  it('is the merge of the default order', () => {
    expect(DEFAULT_TASK_SORT).toBe('-createdAt');
  });

  it('should order by time newest first, where the text would not (".5" after "+00"), ties by id descending, and keep `count`', () => {
    const a = [row('0a', '2026-12-05 09:00:01.5+00'), row('0b', '2026-12-05 09:00:01+00')];
    const b = [row('0d', '2026-12-05 09:00:01.25+00'), row('0c', '2026-12-05 09:00:01.25+00'), row('0e', '2026-12-05 09:00:00.999999+00')];
    expect(mergeNewestFirst([a, b], 4).map((r) => r.task.id)).toEqual(['0a', '0d', '0c', '0b']);
    expect(mergeNewestFirst([a, [], b], 10).map((r) => r.task.id)).toEqual(['0a', '0d', '0c', '0b', '0e']);
  });
});
