import { buildTaskCountQuery } from '../tasks/list/task-list.query';
import { listFilters } from '../tasks/list/task-list-filters';
import { buildExportQuery } from './export-query';

const PROJECT = '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e';
const USER = '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5f';

/** the WHERE of a statement, on one line */
const whereOf = (sql: string): string =>
  sql
    .replace(/\s+/g, ' ')
    .replace(/^.*? WHERE /, '')
    .replace(/ (ORDER|GROUP) BY .*$/, '');

describe(buildExportQuery.name, () => {
  it('should keep the requester’s undeleted tasks of the project, in number order, without filters', () => {
    const query = buildExportQuery(PROJECT, USER, {});

    expect(query.params).toEqual([USER, PROJECT]);
    expect(whereOf(query.countSql)).toBe(
      't.deleted_at IS NULL AND t.project_id IN (SELECT m.project_id FROM project_member m WHERE m.user_id = $1::uuid) AND t.project_id = $2::uuid',
    );
    expect(query.sql).toMatch(/\nORDER BY t\.number ASC, t\.id ASC$/);
  });

  it('should apply the list’s conditions to the same filters (dueAfter inclusive, one status as an equality, none as no assignee)', () => {
    const stored = { status: ['todo' as const], assigneeId: [USER, 'none'], dueAfter: '2027-01-01', parentId: ['none'] };
    const query = buildExportQuery(PROJECT, USER, stored);
    const list = buildTaskCountQuery(USER, listFilters(USER, stored, { projectIds: [PROJECT], statuses: stored.status }));

    expect(whereOf(query.countSql)).toBe(whereOf(list.sql));
    expect(query.params).toEqual(list.params);
    expect(query.params).toEqual([USER, PROJECT, 'todo', [USER], '2027-01-01T00:00:00.000Z']);
    expect(whereOf(query.countSql)).toContain('t.due_at >= $5::timestamptz');
  });

  it('should search with q as the list does and order by its rank, best first, ties by id', () => {
    const query = buildExportQuery(PROJECT, USER, { q: 'Login, deplo' });

    expect(query.params).toEqual([USER, PROJECT, 'login', 'deplo:*']);
    expect(whereOf(query.countSql)).toContain('t.search @@ ((to_tsquery(\'english\', $3) || to_tsquery(\'simple\', $3)) && (to_tsquery(\'english\', $4) || to_tsquery(\'simple\', $4)))');
    expect(query.sql).toMatch(/\nORDER BY ts_rank\(t\.search, \(.*\)\) DESC, t\.id ASC$/);
  });
});
