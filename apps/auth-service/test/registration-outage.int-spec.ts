import { AUTH_USER_REGISTERED_V1 } from '@taskhub/contracts';
import { declareConsumerTopology } from '@taskhub/platform-messaging';
import { FaultProxy, integrationEnv, waitFor } from '@taskhub/platform-testing';
import { type ChannelModel, connect } from 'amqplib';
import { accountInput, AuthHarness } from './support/auth-harness';

describe('auth-service registration while RabbitMQ is down', () => {
  let auth: AuthHarness;
  let broker: FaultProxy;
  let observer: ChannelModel;
  const queue = `itest.auth-outage-${process.pid}`;

  beforeAll(async () => {
    const env = integrationEnv();
    // a consumer's queue must exist, or the relay keeps the event back as unroutable (docs/event-backbone.md)
    observer = await connect(env.rabbitmqUrl);
    await declareConsumerTopology(await observer.createChannel(), { queue, routingKeys: [AUTH_USER_REGISTERED_V1.routingKey], queueType: 'classic' });
    const target = new URL(env.rabbitmqUrl);
    broker = await FaultProxy.start({ target: { host: target.hostname, port: Number(target.port || 5672) } });
    broker.cut();
    auth = await AuthHarness.start({ label: 'auth_outage', env: { RABBITMQ_URL: broker.url(env.rabbitmqUrl) } });
  });

  afterAll(async () => {
    await auth?.close();
    await broker?.close();
    const channel = await observer.createChannel();
    for (const name of [queue, `${queue}.dead`, `${queue}.delay.1`, `${queue}.delay.2`, `${queue}.delay.3`]) await channel.deleteQueue(name);
    await observer.close();
  });

  it('should register (202) with the broker down, keep auth.user.registered.v1 in the outbox, and publish it once the broker is back', async () => {
    const account = accountInput();
    expect((await auth.post('/register', account)).status).toBe(202);

    const status = async (): Promise<string | undefined> =>
      (
        await auth.dataSource.query<{ status: string }[]>(`SELECT status FROM outbox_event WHERE routing_key = $1 AND body::jsonb -> 'data' ->> 'email' = $2`, [
          AUTH_USER_REGISTERED_V1.routingKey,
          account.email,
        ])
      )[0]?.status;
    expect(await status()).toBe('pending');
    expect((await auth.login(account)).accessToken).toBeTruthy();

    broker.restore();

    await waitFor(async () => ((await status()) === 'published' ? true : undefined), { description: 'the event published after the outage', timeoutMs: 30_000 });
  }, 45_000);
});
