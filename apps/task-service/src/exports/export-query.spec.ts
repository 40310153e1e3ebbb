import { buildExportQuery } from './export-query';

const PROJECT = '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e';
const USER = '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5f';

describe(buildExportQuery.name, () => {
  it('should export every undeleted task of the project in number order without filters', () => {
    const query = buildExportQuery(PROJECT, {});

    expect(query.params).toEqual([PROJECT]);
    expect(query.sql).toMatch(/WHERE t\.project_id = \$1 AND t\.deleted_at IS NULL ORDER BY t\.number$/);
    expect(query.countSql).toBe('SELECT count(*)::int AS n FROM task t WHERE t.project_id = $1 AND t.deleted_at IS NULL');
  });

  it('should bind each filter as a parameter, in order, and AND them', () => {
    const query = buildExportQuery(PROJECT, { status: ['todo', 'done'], dueBefore: '2027-01-01T00:00:00.000Z', updatedSince: '2026-01-01T00:00:00.000Z' });

    expect(query.params).toEqual([PROJECT, ['todo', 'done'], '2027-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z']);
    expect(query.countSql).toContain('t.status = ANY($2::text[]) AND t.due_at < $3 AND t.updated_at >= $4');
  });

  it('should read assigneeId none as "no assignee", ORed with the ids given', () => {
    const both = buildExportQuery(PROJECT, { assigneeId: [USER, 'none'] });
    const noneOnly = buildExportQuery(PROJECT, { assigneeId: ['none'] });

    expect(both.params).toEqual([PROJECT, [USER]]);
    expect(both.countSql).toContain('(EXISTS (SELECT 1 FROM task_assignee a WHERE a.task_id = t.id AND a.user_id = ANY($2::uuid[])) OR NOT EXISTS (SELECT 1 FROM task_assignee a WHERE a.task_id = t.id))');
    expect(noneOnly.params).toEqual([PROJECT]);
    expect(noneOnly.countSql).toContain('AND (NOT EXISTS (SELECT 1 FROM task_assignee a WHERE a.task_id = t.id))');
  });
});
