import { createServer, request, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { connect } from 'amqplib';
import { integrationEnv, scratchDatabaseName } from '@taskhub/platform-testing';
import { amqpUser, createVhost, deleteVhost, listVhosts, type VhostAdmin } from './rabbitmq-vhost';

// every rabbitmqctl call boots an Erlang VM: one to two seconds, up to ten on a loaded machine, and a test makes seven
jest.setTimeout(180_000);

/** The machine's management API (`.ci/run` enables the plugin), behind a forwarder that records what it was asked. */
async function recordingManagementApi(): Promise<{ url: string; calls: string[]; close: () => Promise<void> }> {
  const target = new URL(process.env.RABBITMQ_MANAGEMENT_URL ?? `http://${new URL(integrationEnv().rabbitmqUrl).hostname}:15672`);
  const calls: string[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    calls.push(`${incoming.method} ${incoming.url}`);
    const forwarded = request({ host: target.hostname, port: target.port, path: incoming.url, method: incoming.method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    forwarded.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe(createVhost.name, () => {
  const env = integrationEnv();
  const amqpUrlOf = (vhost: string): string => {
    const url = new URL(env.rabbitmqUrl);
    url.pathname = `/${vhost}`;
    return url.toString();
  };

  /** creates twice (idempotent), uses, deletes, and checks with rabbitmqctl that the vhost is gone */
  async function roundTrip(vhost: string, admin: VhostAdmin): Promise<void> {
    await createVhost(vhost, admin);
    await createVhost(vhost, admin);

    const connection = await connect(admin.amqpUrl);
    const channel = await connection.createChannel();
    await channel.assertQueue('scratch.queue');
    await connection.close();

    await deleteVhost(vhost, admin);
    expect(await listVhosts()).not.toContain(vhost);
    await expect(connect(admin.amqpUrl)).rejects.toThrow(/ConnectionClose|not allowed|vhost/i);
  }

  it('should make a vhost the URL user can use, idempotently, and delete it, through the management API when it answers', async () => {
    const vhost = scratchDatabaseName(env.runId, 'vhost_api');
    const api = await recordingManagementApi();
    try {
      await roundTrip(vhost, { amqpUrl: amqpUrlOf(vhost), managementUrl: api.url });
    } finally {
      await deleteVhost(vhost, { amqpUrl: amqpUrlOf(vhost) });
      await api.close();
    }

    const path = `/api/vhosts/${vhost}`;
    expect(api.calls).toEqual([
      'GET /api/overview',
      `PUT ${path}`,
      `PUT /api/permissions/${vhost}/${amqpUser(env.rabbitmqUrl)}`,
      `PUT ${path}`,
      `PUT /api/permissions/${vhost}/${amqpUser(env.rabbitmqUrl)}`,
      `DELETE ${path}`,
    ]);
  });

  it('should do the same with rabbitmqctl when no management API answers', async () => {
    const vhost = scratchDatabaseName(env.runId, 'vhost_ctl');
    // a port nothing listens on: the probe fails at once
    const closed = await recordingManagementApi();
    const managementUrl = closed.url;
    await closed.close();
    try {
      await roundTrip(vhost, { amqpUrl: amqpUrlOf(vhost), managementUrl });
    } finally {
      await deleteVhost(vhost, { amqpUrl: amqpUrlOf(vhost) });
    }
  });

  it('should refuse a vhost that is not a test vhost', async () => {
    await expect(createVhost('/', { amqpUrl: env.rabbitmqUrl })).rejects.toThrow(/refusing/);
  });
});
