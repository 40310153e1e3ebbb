import { pagePart, type PlanNode, planRoot, planViolations } from './plan-check';

const node = (type: string, rows: number, extra: Partial<PlanNode> = {}, children: PlanNode[] = []): PlanNode => ({
  'Node Type': type,
  'Plan Rows': rows,
  Plans: children,
  ...extra,
});

describe('planViolations', () => {
  it('should accept an index scan in the requested order under a limit', () => {
    const plan = node('Limit', 21, {}, [node('Index Scan', 9000, { 'Relation Name': 'task', 'Index Name': 'task_project_due_idx' })]);

    expect(planViolations(plan, { pageRows: 21 })).toEqual([]);
  });

  it('should name a seq scan on a big table, also deep in the plan', () => {
    const plan = node('Limit', 21, {}, [
      node('Nested Loop', 21, {}, [node('Index Scan', 10, { 'Relation Name': 'project' }), node('Seq Scan', 100000, { 'Relation Name': 'task' })]),
    ]);

    expect(planViolations(plan, { pageRows: 21 })).toEqual(['Seq Scan on task (100000 rows estimated)']);
  });

  it('should allow a seq scan on a small table', () => {
    const plan = node('Hash Join', 5, {}, [node('Seq Scan', 200, { 'Relation Name': 'project_member' })]);

    expect(planViolations(plan, { pageRows: 21 })).toEqual([]);
  });

  it('should name a sort of more than ten pages, counting the rows that flow into it', () => {
    const sorted = node('Sort', 4000, { 'Sort Key': ['t.due_at'] }, [node('Bitmap Heap Scan', 4000, { 'Relation Name': 'task' })]);
    const plan = node('Limit', 21, {}, [sorted]);

    expect(planViolations(plan, { pageRows: 21 })).toEqual(['Sort of 4000 rows by t.due_at (at most 210: 10 pages)']);
  });

  it('should use the actual rows of EXPLAIN ANALYZE when they exceed the estimate', () => {
    const input = node('Bitmap Heap Scan', 50, { 'Relation Name': 'task', 'Actual Rows': 300, 'Actual Loops': 2 });
    const plan = node('Limit', 21, {}, [node('Incremental Sort', 50, { 'Sort Key': ['t.number'] }, [input])]);

    expect(planViolations(plan, { pageRows: 21 })).toEqual(['Incremental Sort of 600 rows by t.number (at most 210: 10 pages)']);
  });

  it('should allow a small sort and a sort the shape declares', () => {
    const small = node('Limit', 21, {}, [node('Sort', 200, {}, [node('Index Scan', 200, { 'Relation Name': 'task' })])]);
    const ranked = node('Limit', 21, {}, [node('Sort', 5000, {}, [node('Bitmap Heap Scan', 5000, { 'Relation Name': 'task' })])]);

    expect(planViolations(small, { pageRows: 21 })).toEqual([]);
    expect(planViolations(ranked, { pageRows: 21, allowSort: true })).toEqual([]);
  });
});

describe('planRoot', () => {
  it('should take the plan out of EXPLAIN (FORMAT JSON) output and refuse anything else', () => {
    const plan = node('Result', 1);

    expect(planRoot([{ Plan: plan }])).toBe(plan);
    expect(() => planRoot({ rows: [] })).toThrow('not EXPLAIN (FORMAT JSON) output: {"rows":[]}');
  });
});

describe('pagePart', () => {
  it("should answer the plan's first limit, or the plan without one", () => {
    const limit = node('Limit', 21, {}, [node('Index Scan', 21, { 'Relation Name': 'task' })]);
    const plan = node('Nested Loop', 21, {}, [limit, node('Index Scan', 1, { 'Relation Name': 'project' })]);

    expect(pagePart(plan)).toBe(limit);
    expect(pagePart(limit.Plans![0])).toBe(limit.Plans![0]);
  });
});
