import { declaredFamilies, exportedSeriesNames } from './exposition';

const EXPOSITION = `# HELP http_requests_total HTTP requests
# TYPE http_requests_total counter
# HELP http_request_duration_seconds HTTP request duration
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.1",service="auth-service"} 1
# HELP cache_requests_total Cache reads
# TYPE cache_requests_total counter
`;

describe(declaredFamilies.name, () => {
  it('should read the families a /metrics declares, with or without samples', () => {
    expect([...declaredFamilies(EXPOSITION)]).toEqual([
      ['http_requests_total', 'counter'],
      ['http_request_duration_seconds', 'histogram'],
      ['cache_requests_total', 'counter'],
    ]);
  });
});

describe(exportedSeriesNames.name, () => {
  it("should accept a histogram's _bucket, _sum and _count, and nothing it does not declare", () => {
    const names = exportedSeriesNames(EXPOSITION);

    expect(['http_request_duration_seconds_bucket', 'http_request_duration_seconds_sum', 'cache_requests_total'].every((n) => names.has(n))).toBe(true);
    expect(names.has('http_requests_total_bucket')).toBe(false);
    expect(names.has('outbox_events_pending')).toBe(false);
  });
});
