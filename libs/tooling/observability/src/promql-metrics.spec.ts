import { metricNamesOf, withoutGrafanaVariables } from './promql-metrics';

describe(metricNamesOf.name, () => {
  it('should name every selected metric, and no function, label or keyword', () => {
    const expr =
      'histogram_quantile(0.95, sum by (service, le) (rate(http_request_duration_seconds_bucket{status=~"5.."}[5m])))' +
      ' / on (service) group_left max without (instance) (outbox_events_pending offset 5m) + {__name__="up"}';

    expect(metricNamesOf(expr)).toEqual(['http_request_duration_seconds_bucket', 'outbox_events_pending', 'up']);
  });

  it('should refuse an expression that is not PromQL, naming where it breaks', () => {
    expect(() => metricNamesOf('sum by (service (rate(x[5m]))')).toThrow(/not PromQL \(error at offset \d+/);
    expect(() => metricNamesOf('rate(x[$__rate_interval])')).toThrow(/not PromQL/);
  });
});

describe(withoutGrafanaVariables.name, () => {
  it('should turn a panel query into PromQL Prometheus accepts', () => {
    const panel = 'sum by (service) (rate(http_requests_total{service=~"$service",route=~"${route}"}[$__rate_interval]))';

    expect(withoutGrafanaVariables(panel)).toBe('sum by (service) (rate(http_requests_total{service=~".*",route=~".*"}[5m]))');
    expect(metricNamesOf(withoutGrafanaVariables(panel))).toEqual(['http_requests_total']);
  });
});
