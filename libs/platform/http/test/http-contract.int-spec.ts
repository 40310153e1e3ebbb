/* eslint-disable @typescript-eslint/no-unsafe-assignment -- jest's asymmetric matchers (expect.any, objectContaining) are typed any */
import { type RunningProbeService, startProbeService } from './support/probe-service.harness';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('service HTTP contract', () => {
  let svc: RunningProbeService;

  beforeAll(async () => {
    svc = await startProbeService();
  });

  afterAll(async () => {
    await svc.close();
  });

  const post = (path: string, body: string, contentType = 'application/json'): Promise<Response> =>
    fetch(`${svc.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });

  describe('correlation id', () => {
    it('should echo a sane X-Request-ID and put it on every log line of that request, service logs included', async () => {
      const response = await svc.get('/api/v1/test-probe/items/7', { 'x-request-id': 'it-corr-0001' });

      expect(response.status).toBe(200);
      expect(response.headers.get('x-request-id')).toBe('it-corr-0001');
      const lines = svc.logs.withCorrelationId('it-corr-0001');
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ context: 'ProbeController', msg: 'looking up item 7' }),
          expect.objectContaining({
            msg: 'request completed',
            req: expect.objectContaining({ method: 'GET', url: '/api/v1/test-probe/items/7' }),
            statusCode: 200,
            responseTime: expect.any(Number),
          }),
        ]),
      );
    });

    it('should generate a UUID when the header is missing or unsafe', async () => {
      const missing = await svc.get('/health/live');
      const unsafe = await svc.get('/health/live', { 'x-request-id': 'bad id with spaces' });

      expect(missing.headers.get('x-request-id')).toMatch(UUID);
      expect(unsafe.headers.get('x-request-id')).toMatch(UUID);
    });

    it('should not log credentials sent in headers', async () => {
      await svc.get('/api/v1/test-probe/items/8', { 'x-request-id': 'it-corr-0002', authorization: 'Bearer top-secret' });

      expect(JSON.stringify(svc.logs.lines)).not.toContain('top-secret');
    });
  });

  describe('error shape', () => {
    it('should answer an unknown route with 404 ROUTE.NOT_FOUND', async () => {
      const response = await svc.get('/api/v1/no-such-route', { 'x-request-id': 'it-corr-0404' });

      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        statusCode: 404,
        code: 'ROUTE.NOT_FOUND',
        message: 'no route for GET /api/v1/no-such-route',
        correlationId: 'it-corr-0404',
      });
    });

    it('should name each offending field and constraint on a validation failure', async () => {
      const response = await post('/api/v1/test-probe/echo', JSON.stringify({ title: '', priority: 'high', extra: true }));
      const body = (await response.json()) as { code: string; details: Array<{ field: string; constraints: Record<string, string> }> };

      expect(response.status).toBe(400);
      expect(body.code).toBe('REQUEST.VALIDATION_FAILED');
      expect(body.details).toEqual(
        expect.arrayContaining([
          { field: 'title', constraints: expect.objectContaining({ isNotEmpty: expect.any(String) }) },
          { field: 'priority', constraints: expect.objectContaining({ isInt: expect.any(String) }) },
          { field: 'extra', constraints: expect.objectContaining({ whitelistValidation: expect.any(String) }) },
        ]),
      );
    });

    it('should accept and transform a valid body', async () => {
      const response = await post('/api/v1/test-probe/echo', JSON.stringify({ title: 'write tests', priority: '2' }));

      expect(response.status).toBe(201);
      expect(await response.json()).toEqual({ title: 'write tests', priority: 2 });
    });

    it('should answer malformed JSON with 400 REQUEST.MALFORMED_JSON', async () => {
      const response = await post('/api/v1/test-probe/echo', '{"title": ');

      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ statusCode: 400, code: 'REQUEST.MALFORMED_JSON', correlationId: expect.any(String) });
    });

    it('should answer a body over the limit with 413', async () => {
      const response = await post('/api/v1/test-probe/echo', JSON.stringify({ title: 'x'.repeat(1024 * 1024 + 10), priority: 1 }));

      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ statusCode: 413, code: 'REQUEST.PAYLOAD_TOO_LARGE' });
    });

    it('should answer an unsupported content type with 415', async () => {
      const response = await post('/api/v1/test-probe/echo', '<task/>', 'application/xml');

      expect(response.status).toBe(415);
      expect(await response.json()).toMatchObject({ statusCode: 415, code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' });
    });

    it('should answer an unexpected error with 500 and an errorId, keeping the stack in the log only', async () => {
      const response = await svc.get('/api/v1/test-probe/boom', { 'x-request-id': 'it-corr-0500' });
      const body = (await response.json()) as Record<string, unknown>;

      expect(response.status).toBe(500);
      expect(body).toEqual({
        statusCode: 500,
        code: 'INTERNAL',
        message: 'internal server error',
        correlationId: 'it-corr-0500',
        errorId: expect.stringMatching(UUID),
      });
      const logged = svc.logs.lines.find((l) => l.errorId === body.errorId);
      expect(logged).toMatchObject({ level: 'error', correlationId: 'it-corr-0500', err: { stack: expect.stringContaining('boom') } });
    });
  });

  describe('metrics', () => {
    it('should count requests by route template, never by raw URL', async () => {
      await svc.get('/api/v1/test-probe/items/raw-id-qzx');
      await svc.get('/api/v1/unmatched-raw-url-42');

      const metrics = await (await svc.get('/metrics')).text();

      expect(metrics).toMatch(/http_requests_total\{method="GET",route="\/api\/v1\/test-probe\/items\/:id",status="200",service="task-service"\} \d+/);
      expect(metrics).toMatch(/http_requests_total\{method="GET",route="unmatched",status="404",service="task-service"\} \d+/);
      // every route label of every series, exactly: templates only (the raw path would be a label value of its own)
      const routes = new Set([...metrics.matchAll(/[{,]route="([^"]*)"/g)].map((m) => m[1]));
      expect(routes).toContain('/api/v1/test-probe/items/:id');
      expect([...routes].filter((route) => route.includes('raw-id-qzx') || route.includes('unmatched-raw-url-42'))).toEqual([]);
      expect(metrics).toMatch(/http_request_duration_seconds_bucket\{le="0.005",service="task-service",method="GET",route="\/health\/live"/);
      expect(metrics).toMatch(/db_pool_connections_idle\{service="task-service"\} \d+/);
      expect(metrics).toContain('process_resident_memory_bytes');
    });
  });
});
