import { request as httpRequest } from 'node:http';
import { Gateway } from '../src/gateway';
import { startGateway, writeTempConfig, type StartedGateway } from './support/gateway-harness';
import { type EchoBody, StubUpstream } from './support/stub-upstream';
import { CORRELATION_ID, CORS, PROMETHEUS, SIZE_LIMIT, testConfig } from './support/test-config';

/** A chunked upload of `bytes` bytes (no Content-Length), as a browser stream or `curl -T -` sends it. */
function postChunked(url: string, bytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { 'transfer-encoding': 'chunked', 'content-type': 'application/octet-stream' } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(256, 120);
    let sent = 0;
    const write = (): void => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

describe(Gateway.name, () => {
  let upstream: StubUpstream;
  let gw: StartedGateway;

  beforeAll(async () => {
    upstream = await StubUpstream.start('task-a');
    const config = writeTempConfig(testConfig({ plugins: [CORRELATION_ID, CORS, SIZE_LIMIT, PROMETHEUS] }));
    gw = await startGateway(config, { GATEWAY_CONNECT_TO: `task-service:3003=127.0.0.1:${upstream.port}` });
  });

  afterAll(async () => {
    await gw.close();
    await upstream.close();
  });

  it('should route a path prefix to its service and keep the path when strip_path is false', async () => {
    const res = await fetch(`${gw.url}/api/v1/tasks/42?expand=owner`);
    const body = (await res.json()) as EchoBody;
    expect(res.status).toBe(200);
    expect(body.url).toBe('/api/v1/tasks/42?expand=owner');
    expect(body.headers.host).toBe('task-service:3003');
    expect(body.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(body.headers['x-forwarded-path']).toBe('/api/v1/tasks/42');
    expect(res.headers.get('via')).toMatch(/kong\/3\.9/);
  });

  it('should strip the matched prefix when strip_path is true and enforce the route methods', async () => {
    const res = await fetch(`${gw.url}/legacy/tasks/7`);
    expect(((await res.json()) as EchoBody).url).toBe('/7');
    const post = await fetch(`${gw.url}/legacy/tasks/7`, { method: 'POST' });
    expect(post.status).toBe(404);
  });

  it("should answer Kong's 404 when no route matches", async () => {
    const res = await fetch(`${gw.url}/api/v1/nothing-here`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: 'no Route matched with those values' });
  });

  it('should generate a correlation id when none is sent, forward it upstream and echo it', async () => {
    const res = await fetch(`${gw.url}/api/v1/projects`);
    const echoed = res.headers.get('x-request-id');
    expect(echoed).toMatch(/^[0-9a-f-]{36}$/);
    expect(((await res.json()) as EchoBody).headers['x-request-id']).toBe(echoed);
  });

  it("should keep the client's correlation id", async () => {
    const res = await fetch(`${gw.url}/api/v1/projects`, { headers: { 'X-Request-ID': 'client-chosen-id' } });
    expect(res.headers.get('x-request-id')).toBe('client-chosen-id');
    expect(((await res.json()) as EchoBody).headers['x-request-id']).toBe('client-chosen-id');
  });

  it('should answer a CORS preflight itself with the allowed origin, methods and headers', async () => {
    const before = upstream.requests;
    const res = await fetch(`${gw.url}/api/v1/tasks`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST');
    expect(res.headers.get('access-control-allow-headers')).toBe('Authorization,Content-Type,X-Request-ID');
    expect(res.headers.get('access-control-max-age')).toBe('600');
    expect(upstream.requests).toBe(before);
  });

  it('should add CORS headers to proxied responses only for allowed origins', async () => {
    const allowed = await fetch(`${gw.url}/api/v1/tasks`, { headers: { Origin: 'http://localhost:3000' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(allowed.headers.get('access-control-expose-headers')).toBe('X-Request-ID');
    const other = await fetch(`${gw.url}/api/v1/tasks`, { headers: { Origin: 'http://evil.test' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('should refuse a body over the limit by Content-Length with 413', async () => {
    const before = upstream.requests;
    const res = await fetch(`${gw.url}/api/v1/tasks`, { method: 'POST', body: Buffer.alloc(2048, 97) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ message: 'Request size limit exceeded' });
    expect(upstream.requests).toBe(before);
  });

  it('should refuse a chunked body once the streamed bytes pass the limit', async () => {
    const res = await postChunked(`${gw.url}/api/v1/tasks`, 4096);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({ message: 'Request size limit exceeded' });
  });

  it('should stream a chunked body under the limit to the upstream', async () => {
    const res = await postChunked(`${gw.url}/api/v1/tasks`, 512);
    expect(res.status).toBe(200);
    expect((JSON.parse(res.body) as EchoBody).bodyBytes).toBe(512);
  });

  it("should expose Kong's Prometheus series on the status port", async () => {
    await fetch(`${gw.url}/api/v1/tasks`);
    const text = await (await fetch(`${gw.statusUrl}/metrics`)).text();
    expect(text).toMatch(/kong_http_requests_total\{service="task-service",route="task-api",code="200",source="service",workspace="default",consumer=""\} \d+/);
    expect(text).toMatch(/kong_http_requests_total\{service="task-service",route="task-api",code="413",source="kong"/);
    expect(text).toContain('kong_request_latency_ms_bucket{service="task-service",route="task-api",workspace="default",le="00025.0"}');
    expect(text).toMatch(/kong_bandwidth_bytes\{service="task-service",route="task-api",direction="ingress"/);
    expect(text).toContain(`kong_upstream_target_health{upstream="task-service.upstream",target="task-service:3003",address="127.0.0.1:${upstream.port}",state="healthchecks_off"`);
    const status = (await (await fetch(`${gw.statusUrl}/status`)).json()) as { database: { reachable: boolean } };
    expect(status.database.reachable).toBe(true);
  });
});
