import { createServer } from 'node:net';
import { waitFor } from '@taskhub/platform-testing';
import { UpstreamRuntime } from '../src/balancer/upstream-runtime';
import { startGateway, writeTempConfig, type StartedGateway } from './support/gateway-harness';
import { type EchoBody, StubUpstream } from './support/stub-upstream';
import { testConfig } from './support/test-config';

/** A port nothing listens on (bound then released). */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const ACTIVE_CHECKS = {
  active: {
    type: 'http',
    http_path: '/health/ready',
    timeout: 1,
    healthy: { interval: 0.1, successes: 2, http_statuses: [200] },
    unhealthy: { interval: 0.1, http_failures: 2, tcp_failures: 2, timeouts: 2, http_statuses: [500, 503] },
  },
};

describe(UpstreamRuntime.name, () => {
  let a: StubUpstream;
  let b: StubUpstream;
  const started: StartedGateway[] = [];
  const start = async (options: Parameters<typeof testConfig>[0], connectTo: string): Promise<StartedGateway> => {
    const gw = await startGateway(writeTempConfig(testConfig(options)), { GATEWAY_CONNECT_TO: connectTo });
    started.push(gw);
    return gw;
  };
  const servedBy = async (gw: StartedGateway, n: number): Promise<string[]> => {
    const names: string[] = [];
    for (let i = 0; i < n; i++) {
      const res = await fetch(`${gw.url}/api/v1/tasks`);
      names.push(res.status === 200 ? ((await res.json()) as EchoBody).upstream : String(res.status));
    }
    return names;
  };
  const twoTargets = [{ target: 'task-a:3003' }, { target: 'task-b:3003' }];

  beforeEach(async () => {
    a = await StubUpstream.start('task-a');
    b = await StubUpstream.start('task-b');
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((gw) => gw.close()));
    await Promise.all([a.close(), b.close()]);
  });

  it('should spread requests round-robin across the targets of an upstream', async () => {
    const gw = await start({ targets: twoTargets }, `task-a:3003=127.0.0.1:${a.port},task-b:3003=127.0.0.1:${b.port}`);
    const names = await servedBy(gw, 6);
    expect(names.filter((n) => n === 'task-a')).toHaveLength(3);
    expect(names.filter((n) => n === 'task-b')).toHaveLength(3);
  });

  it('should balance one target over every address GATEWAY_CONNECT_TO gives its name, checking each address on its own', async () => {
    const gw = await start({ targets: [{ target: 'task-service:3003' }], healthchecks: ACTIVE_CHECKS }, `task-service:3003=127.0.0.1:${a.port}|127.0.0.1:${b.port}`);
    expect(await servedBy(gw, 4)).toEqual(['task-a', 'task-b', 'task-a', 'task-b']);

    b.readyStatus = 503;
    await waitFor(() => gw.logs.lines.some((l) => l.msg === 'upstream target marked unhealthy' && l.address === `127.0.0.1:${b.port}`), {
      description: "the second address of task-service:3003 marked unhealthy",
    });
    expect(await servedBy(gw, 3)).toEqual(['task-a', 'task-a', 'task-a']);
  });

  it('should take a target whose readiness probe fails out of the rotation and put it back once it passes', async () => {
    const gw = await start({ targets: twoTargets, healthchecks: ACTIVE_CHECKS }, `task-a:3003=127.0.0.1:${a.port},task-b:3003=127.0.0.1:${b.port}`);
    b.readyStatus = 503;
    await waitFor(() => gw.logs.lines.some((l) => l.msg === 'upstream target marked unhealthy' && l.target === 'task-b:3003'), {
      description: 'task-b marked unhealthy',
    });
    expect(await servedBy(gw, 4)).toEqual(['task-a', 'task-a', 'task-a', 'task-a']);

    b.readyStatus = 200;
    await waitFor(async () => (await servedBy(gw, 2)).includes('task-b'), { description: 'task-b back in rotation' });
  });

  it("should answer Kong's 503 when every target is unhealthy", async () => {
    const gw = await start({ targets: twoTargets, healthchecks: ACTIVE_CHECKS }, `task-a:3003=127.0.0.1:${a.port},task-b:3003=127.0.0.1:${b.port}`);
    a.readyStatus = 503;
    b.readyStatus = 500;
    await waitFor(async () => (await fetch(`${gw.url}/api/v1/tasks`)).status === 503, { description: 'both targets unhealthy' });
    const res = await fetch(`${gw.url}/api/v1/tasks`);
    expect(await res.json()).toEqual({ message: 'failure to get a peer from the ring-balancer' });
  });

  it('should retry a connection failure on the next target', async () => {
    const gw = await start({ targets: [{ target: 'task-a:3003' }, { target: 'gone:3003' }] }, `task-a:3003=127.0.0.1:${a.port},gone:3003=127.0.0.1:${await deadPort()}`);
    expect(await servedBy(gw, 4)).toEqual(['task-a', 'task-a', 'task-a', 'task-a']);
  });

  it("should answer Kong's 502 when the upstream cannot be reached after the retries", async () => {
    const gw = await start({ targets: [{ target: 'gone:3003' }], retries: 2 }, `gone:3003=127.0.0.1:${await deadPort()}`);
    const res = await fetch(`${gw.url}/api/v1/tasks`);
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ message: 'An invalid response was received from the upstream server' });
    expect(gw.logs.lines.filter((l) => l.msg === 'upstream request failed')).toHaveLength(3);
  });
});
