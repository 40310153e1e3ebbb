import { searchWords } from './task-list-filters';
import { buildTaskCountQuery, buildTaskListQuery } from './task-list.query';
import { parseTaskSort } from './task-sort';

const USER = '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e';
const TASK = '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5f';

/** the highest $n a statement uses */
const highestPlaceholder = (sql: string): number => Math.max(0, ...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));

describe(buildTaskListQuery.name, () => {
  it('should use exactly the parameters it returns, every filter and a position given', () => {
    const { sql, params } = buildTaskListQuery({
      userId: USER,
      filters: {
        projectIds: [TASK],
        statuses: ['todo'],
        assigneeIds: [USER],
        unassigned: true,
        priorities: ['high'],
        labelIds: [TASK],
        parentIds: [TASK],
        topLevel: true,
        dueBefore: '2026-01-02T00:00:00.000Z',
        dueAfter: '2026-01-01T00:00:00.000Z',
        updatedSince: '2026-01-01T00:00:00.000Z',
        words: ['deploy', 'log'],
      },
      sort: parseTaskSort('dueAt'),
      limit: 21,
      after: { value: '0.5', id: TASK },
    });
    expect(highestPlaceholder(sql)).toBe(params.length);
    expect(params).toEqual([USER, [TASK], ['todo'], ['high'], [USER], [TASK], [TASK], '2026-01-02T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'deploy', 'log:*', TASK, '0.5', 21]);
    expect(sql).toContain('ORDER BY ts_rank(t.search, ');
  });

  it('should put NULL due dates last in both directions, ties by id in the same direction', () => {
    expect(buildTaskListQuery({ userId: USER, filters: {}, sort: parseTaskSort('-dueAt'), limit: 3 }).sql).toContain('ORDER BY t.due_at DESC NULLS LAST, t.id DESC');
    const after = buildTaskListQuery({ userId: USER, filters: {}, sort: parseTaskSort('dueAt'), limit: 3, after: { value: null, id: TASK } });
    expect(after.sql).toContain('(t.due_at IS NULL AND t.id > $2::uuid)');
  });

  it('should count by status with the same filters', () => {
    const { sql, params } = buildTaskCountQuery(USER, { statuses: ['done'], words: ['x'] });
    expect(highestPlaceholder(sql)).toBe(params.length);
    expect(sql).toMatch(/GROUP BY t\.status$/);
  });
});

describe(searchWords.name, () => {
  it('should keep lower-cased runs of letters and digits only, at most 10', () => {
    expect(searchWords("Müller's  deploy:* & (v2)")).toEqual(['müller', 's', 'deploy', 'v2']);
    expect(searchWords('a b c d e f g h i j k l')).toHaveLength(10);
  });
});

describe(parseTaskSort.name, () => {
  it('should read a leading - as descending and refuse an unknown field', () => {
    expect(parseTaskSort('-priority')).toEqual({ field: 'priority', descending: true });
    expect(parseTaskSort('number')).toEqual({ field: 'number', descending: false });
    expect(() => parseTaskSort('title')).toThrow(new RangeError('not a task sort: title'));
  });
});
