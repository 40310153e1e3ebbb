import { parser } from '@prometheus-io/lezer-promql';

/** Grafana's variables, replaced by values of the same kind so that a panel's query parses as plain PromQL. */
const GRAFANA_INTERVALS = /\$__(rate_interval|interval|range)\b/g;
const GRAFANA_VARIABLES = /\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/g;

/** A dashboard query as Prometheus receives it: interval variables become `5m`, other variables `.*` (in matchers). */
export function withoutGrafanaVariables(expr: string): string {
  return expr.replace(GRAFANA_INTERVALS, '5m').replace(GRAFANA_VARIABLES, '.*');
}

/**
 * The metric names a PromQL expression selects (`foo{a="b"}`, `foo[5m]`, `{__name__="foo"}`), read with Prometheus'
 * own PromQL grammar (lezer-promql, the one its UI uses). Throws, naming the position, when the expression does not parse.
 */
export function metricNamesOf(expr: string): string[] {
  const names = new Set<string>();
  const errors: number[] = [];
  parser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError) errors.push(node.from);
      if (node.name === 'VectorSelector') {
        const identifier = node.node.getChild('Identifier');
        if (identifier) names.add(expr.slice(identifier.from, identifier.to));
      }
      if (node.name === 'UnquotedLabelMatcher' && /^__name__\s*=\s*"/.test(expr.slice(node.from, node.to))) {
        names.add(expr.slice(node.from, node.to).replace(/^__name__\s*=\s*"(.*)"$/, '$1'));
      }
    },
  });
  if (errors.length > 0) {
    throw new Error(`not PromQL (error at offset ${errors[0]}: "${expr.slice(errors[0], errors[0] + 20)}"): ${expr}`);
  }
  return [...names].sort();
}
