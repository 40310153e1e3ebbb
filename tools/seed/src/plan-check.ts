/**
 * Walks a Postgres `EXPLAIN (FORMAT JSON)` plan and names what a paged list must not do at scale:
 *
 * 1. A Seq Scan on one of the big tables (task and the tables that grow with it): the cost grows with the table,
 *    not with the page.
 * 2. A Sort (or Incremental Sort) of more rows than `sortFactor` pages: the plan reads and orders rows that the
 *    LIMIT then throws away, instead of reading an index in the requested order and stopping after one page. The
 *    rows of a Sort are its input (the planner's estimate of what it has to order; with ANALYZE the larger of the
 *    estimate and the rows that actually came in). Small sorts stay allowed: a page's worth of rows gathered from a
 *    few index ranges, the ORDER BY of an aggregate over one task's assignees.
 */

/** One node of EXPLAIN (FORMAT JSON): only the fields the checks and the abridged text read. */
export interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly 'Index Name'?: string;
  readonly 'Alias'?: string;
  readonly 'Parent Relationship'?: string;
  readonly 'Subplan Name'?: string;
  readonly 'Plan Rows': number;
  readonly 'Actual Rows'?: number;
  readonly 'Actual Loops'?: number;
  readonly 'Rows Removed by Filter'?: number;
  readonly 'Sort Key'?: readonly string[];
  readonly 'Index Cond'?: string;
  readonly 'Filter'?: string;
  readonly 'Plans'?: readonly PlanNode[];
}

/** The tables that grow with the number of tasks. */
export const BIG_TABLES: readonly string[] = ['task', 'task_assignee', 'task_label', 'comment'];

export interface PlanRules {
  /** rows one page reads: the list's limit + 1 (the extra row tells whether there is a next page) */
  readonly pageRows: number;
  /** a Sort may order at most pageRows × sortFactor rows (default 10) */
  readonly sortFactor?: number;
  /** skip rule 2 for a shape that must sort (for example ranked search), with the reason written in the test */
  readonly allowSort?: boolean;
  /** skip rule 1 for a shape where reading the table is the better plan, with the reason written in the test */
  readonly allowSeqScan?: boolean;
}

const SORTS = new Set(['Sort', 'Incremental Sort']);

function* walk(node: PlanNode): Generator<PlanNode> {
  yield node;
  for (const child of node.Plans ?? []) yield* walk(child);
}

/** The rows that flow into a node: the estimate, or more if ANALYZE saw more. */
function inputRows(node: PlanNode): number {
  const child = node.Plans?.[0];
  if (!child) return node['Plan Rows'];
  const actual = child['Actual Rows'] === undefined ? 0 : child['Actual Rows'] * (child['Actual Loops'] ?? 1);
  return Math.max(child['Plan Rows'], actual);
}

/** The plan root of `EXPLAIN (FORMAT JSON)` output (an array with one object holding "Plan"). */
export function planRoot(explainJson: unknown): PlanNode {
  const root = Array.isArray(explainJson) ? (explainJson[0] as { Plan?: PlanNode } | undefined)?.Plan : undefined;
  if (!root) throw new Error(`not EXPLAIN (FORMAT JSON) output: ${JSON.stringify(explainJson).slice(0, 200)}`);
  return root;
}

/** What breaks the rules, one line each (empty when the plan is fine). */
export function planViolations(plan: PlanNode, rules: PlanRules): string[] {
  const maxSort = rules.pageRows * (rules.sortFactor ?? 10);
  const found: string[] = [];
  for (const node of walk(plan)) {
    const type = node['Node Type'];
    if (type === 'Seq Scan' && !rules.allowSeqScan && BIG_TABLES.includes(node['Relation Name'] ?? '')) {
      found.push(`Seq Scan on ${node['Relation Name']} (${node['Plan Rows']} rows estimated)`);
    }
    if (SORTS.has(type) && !rules.allowSort && inputRows(node) > maxSort) {
      found.push(`${type} of ${inputRows(node)} rows by ${(node['Sort Key'] ?? []).join(', ')} (at most ${maxSort}: ${rules.sortFactor ?? 10} pages)`);
    }
  }
  return found;
}

/** The part of a list's plan that finds the page: the first Limit (the rest looks up each row of the page). */
export function pagePart(plan: PlanNode): PlanNode {
  for (const node of walk(plan)) if (node['Node Type'] === 'Limit') return node;
  return plan;
}

/** An abridged, indented text of the plan: node, relation and index, conditions, estimated rows. For docs and failures. */
export function formatPlan(plan: PlanNode, depth = 0): string[] {
  const on = plan['Relation Name'] ? ` on ${plan['Relation Name']}${plan.Alias && plan.Alias !== plan['Relation Name'] ? ` ${plan.Alias}` : ''}` : '';
  const using = plan['Index Name'] ? ` using ${plan['Index Name']}` : '';
  const sub = plan['Subplan Name'] ? `${plan['Subplan Name']}: ` : '';
  const removed = plan['Rows Removed by Filter'] ? ` removed by filter=${plan['Rows Removed by Filter']}` : '';
  const actual = plan['Actual Rows'] === undefined ? '' : ` actual=${plan['Actual Rows']}×${plan['Actual Loops'] ?? 1}${removed}`;
  const lines = [`${'  '.repeat(depth)}${sub}${plan['Node Type']}${using}${on} (rows=${plan['Plan Rows']}${actual})`];
  const detail = (label: string, value: string | undefined): void => {
    if (value) lines.push(`${'  '.repeat(depth + 2)}${label}: ${value.length > 140 ? `${value.slice(0, 137)}...` : value}`);
  };
  detail('Index Cond', plan['Index Cond']);
  detail('Filter', plan.Filter);
  detail('Sort Key', plan['Sort Key']?.join(', '));
  for (const child of plan.Plans ?? []) lines.push(...formatPlan(child, depth + 1));
  return lines;
}
