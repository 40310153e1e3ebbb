import { buildTaskListQuery } from './task-list.query';
import { parseTaskSort } from './task-sort';

const USER = '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e';
const TASK = '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5f';
const OTHER = '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d60';

/** What lets the list indexes (migration TaskListIndexes1797020000000) hand rows over in order: docs/task-queries.md. */
describe('buildTaskListQuery and the list indexes', () => {
  it('should write one project, status or priority as an equality and several as = ANY', () => {
    const one = buildTaskListQuery({ userId: USER, filters: { projectIds: [TASK], statuses: ['todo'], priorities: ['high'] }, sort: parseTaskSort('number'), limit: 21 });
    const many = buildTaskListQuery({ userId: USER, filters: { projectIds: [TASK, OTHER], statuses: ['done', 'todo'] }, sort: parseTaskSort('number'), limit: 21 });

    expect(one.sql).toContain('t.project_id = $2::uuid');
    expect(one.sql).toContain('t.status = $3::text');
    expect(one.sql).toContain('t.priority = $4::text');
    expect(many.sql).toContain('t.project_id = ANY($2::uuid[])');
    expect(many.sql).toContain('t.status = ANY($3::text[])');
  });

  it('should write NULLS LAST only for the due date, the one key with NULLs', () => {
    const created = buildTaskListQuery({ userId: USER, filters: {}, sort: parseTaskSort('-createdAt'), limit: 21 });

    expect(created.sql).toContain('ORDER BY t.created_at DESC, t.id DESC');
    expect(created.sql).not.toContain('NULLS LAST');
  });

  it('should continue after a position by a row comparison when the key has no NULLs, and by key or NULL otherwise', () => {
    const created = buildTaskListQuery({ userId: USER, filters: {}, sort: parseTaskSort('-createdAt'), limit: 21, after: { value: '2026-01-01 00:00:00+00', id: TASK } });
    const due = buildTaskListQuery({ userId: USER, filters: {}, sort: parseTaskSort('dueAt'), limit: 21, after: { value: '2026-01-01 00:00:00+00', id: TASK } });

    expect(created.sql).toContain('(t.created_at, t.id) < ($3::timestamptz, $2::uuid)');
    expect(due.sql).toContain('(t.due_at > $3::timestamptz OR (t.due_at = $3::timestamptz AND t.id > $2::uuid) OR t.due_at IS NULL)');
  });

  it('should look an "assignee or nobody" filter up per row', () => {
    const { sql } = buildTaskListQuery({ userId: USER, filters: { assigneeIds: [OTHER], unassigned: true }, sort: parseTaskSort('number'), limit: 21 });

    expect(sql).toContain('COALESCE((SELECT bool_or(a.user_id = ANY($2::uuid[])) FROM task_assignee a WHERE a.task_id = t.id), true)');
    expect(sql).not.toContain('NOT EXISTS');
  });
});
