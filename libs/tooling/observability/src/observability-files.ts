import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** The repository's root (this file is libs/tooling/observability/src/observability-files.ts). */
export const repositoryRoot = path.resolve(__dirname, '../../../..');

export const RULES_FILE = 'deploy/prometheus/taskhub-rules.yaml';
export const DASHBOARDS_DIR = 'deploy/observability/grafana/dashboards';
export const PROMETHEUS_CONFIG = 'deploy/observability/prometheus/prometheus.yml';
/** The uid of the Prometheus datasource Grafana is provisioned with; every panel queries it. */
export const PROMETHEUS_DATASOURCE_UID = 'taskhub-prometheus';

/** One PromQL query of a rule or a dashboard panel, with where it is written. */
export interface MetricQuery {
  readonly where: string;
  readonly expr: string;
}

interface RuleFile {
  groups: { name: string; rules: { alert?: string; record?: string; expr: string }[] }[];
}

export function readRuleQueries(root = repositoryRoot): MetricQuery[] {
  const file = parse(readFileSync(path.join(root, RULES_FILE), 'utf8')) as RuleFile;
  return file.groups.flatMap((group) =>
    group.rules.map((rule) => ({ where: `${RULES_FILE} ${rule.alert ?? rule.record}`, expr: rule.expr.trim() })),
  );
}

export interface DashboardTarget {
  readonly expr?: string;
  readonly datasource?: { type?: string; uid?: string };
}
export interface DashboardPanel {
  readonly title: string;
  readonly datasource?: { type?: string; uid?: string };
  readonly targets?: DashboardTarget[];
  readonly panels?: DashboardPanel[];
}
export interface DashboardVariable {
  readonly name: string;
  readonly type: string;
  readonly query?: string | { query?: string };
}
export interface Dashboard {
  readonly file: string;
  readonly uid: string;
  readonly title: string;
  readonly panels: DashboardPanel[];
  readonly templating?: { list: DashboardVariable[] };
}

export function readDashboards(root = repositoryRoot): Dashboard[] {
  const dir = path.join(root, DASHBOARDS_DIR);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ ...(JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Omit<Dashboard, 'file'>), file }));
}

/** Panels at any depth (rows hold panels of their own). */
export function panelsOf(dashboard: Dashboard): DashboardPanel[] {
  const walk = (panels: DashboardPanel[]): DashboardPanel[] => panels.flatMap((p) => [p, ...walk(p.panels ?? [])]);
  return walk(dashboard.panels);
}

/** `label_values(metric, label)` of a query variable, as the PromQL selector `metric`. */
function variableSelector(variable: DashboardVariable): string | undefined {
  const query = typeof variable.query === 'string' ? variable.query : variable.query?.query;
  return query?.match(/^label_values\((.+),\s*[A-Za-z_][A-Za-z0-9_]*\)$/)?.[1];
}

export function readDashboardQueries(root = repositoryRoot): MetricQuery[] {
  return readDashboards(root).flatMap((dashboard) => [
    ...panelsOf(dashboard).flatMap((panel) =>
      (panel.targets ?? [])
        .filter((t) => t.expr !== undefined)
        .map((t) => ({ where: `${DASHBOARDS_DIR}/${dashboard.file} panel "${panel.title}"`, expr: t.expr ?? '' })),
    ),
    ...(dashboard.templating?.list ?? [])
      .filter((v) => v.type === 'query')
      .map((v) => ({ where: `${DASHBOARDS_DIR}/${dashboard.file} variable $${v.name}`, expr: variableSelector(v) ?? `(unreadable ${JSON.stringify(v.query)})` })),
  ]);
}

/** Every PromQL query of the alert rules and the dashboards. */
export function readMetricQueries(root = repositoryRoot): MetricQuery[] {
  return [...readRuleQueries(root), ...readDashboardQueries(root)];
}
