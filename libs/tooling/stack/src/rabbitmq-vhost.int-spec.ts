import { connect } from 'amqplib';
import { integrationEnv, scratchDatabaseName } from '@taskhub/platform-testing';
import { createVhost, deleteVhost, listVhosts } from './rabbitmq-vhost';

jest.setTimeout(60_000); // every rabbitmqctl call boots an Erlang VM (about a second)

describe(createVhost.name, () => {
  const env = integrationEnv();
  const vhost = scratchDatabaseName(env.runId, 'vhost');
  const amqpUrl = (() => {
    const url = new URL(env.rabbitmqUrl);
    url.pathname = `/${vhost}`;
    return url.toString();
  })();

  afterAll(() => deleteVhost(vhost, { amqpUrl }));

  it('should make a vhost the URL user can use, idempotently, and delete it', async () => {
    await createVhost(vhost, { amqpUrl });
    await createVhost(vhost, { amqpUrl });

    const connection = await connect(amqpUrl);
    const channel = await connection.createChannel();
    await channel.assertQueue('scratch.queue');
    await connection.close();

    await deleteVhost(vhost, { amqpUrl });
    expect(await listVhosts()).not.toContain(vhost);
    await expect(connect(amqpUrl)).rejects.toThrow(/ConnectionClose|not allowed|vhost/i);
  });

  it('should refuse a vhost that is not a test vhost', async () => {
    await expect(createVhost('/', { amqpUrl })).rejects.toThrow(/refusing/);
  });
});
