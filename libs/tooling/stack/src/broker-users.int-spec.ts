import { randomBytes } from 'node:crypto';
import { type Channel, type ConfirmChannel, connect, type ChannelModel } from 'amqplib';
import { EVENT_CATALOG, type EventParty } from '@taskhub/contracts';
import {
  brokerPermissionsOfAllServices,
  consumerQueueNames,
  declareConsumerTopology,
  declareExchanges,
  EVENTS_EXCHANGE,
  RETRY_EXCHANGE,
} from '@taskhub/platform-messaging';
import { integrationEnv, ScratchBroker, scratchDatabaseName, waitFor } from '@taskhub/platform-testing';
import { type BrokerUserAdmin, managementApiUserAdmin, provisionServiceBrokerUsers, rabbitmqctlUserAdmin } from './broker-users';
import { createVhost, deleteVhost } from './rabbitmq-vhost';

jest.setTimeout(180_000); // rabbitmqctl boots an Erlang VM per call; the management variant starts a node of its own

const RESET_KEY = 'auth.password.reset_requested.v1';
const SERVICES: readonly EventParty[] = ['auth', 'user', 'task', 'notification'];

/** Where the users are provisioned and how: the machine's broker through rabbitmqctl, or through a management API. */
interface Target {
  readonly amqpUrl: (user: string, password: string) => string;
  readonly admin: BrokerUserAdmin;
  readonly vhost: string;
  readonly cleanup: () => Promise<void>;
}

async function machineBroker(): Promise<Target> {
  const env = integrationEnv();
  const vhost = scratchDatabaseName(env.runId, 'broker_acl');
  const base = new URL(env.rabbitmqUrl);
  base.pathname = `/${encodeURIComponent(vhost)}`;
  await createVhost(vhost, { amqpUrl: base.toString() });
  return {
    amqpUrl: (user, password) => Object.assign(new URL(base), { username: user, password }).toString(),
    admin: rabbitmqctlUserAdmin(),
    vhost,
    cleanup: () => deleteVhost(vhost, { amqpUrl: base.toString() }),
  };
}

/**
 * The machine's broker through its management API when the plugin is on (`.ci/run` enables it), in a vhost of the
 * test's own; otherwise a node of the test's own with the plugin (its boot takes tens of seconds).
 */
async function managementApi(): Promise<Target> {
  const env = integrationEnv();
  const amqp = new URL(env.rabbitmqUrl);
  const managementUrl = (process.env.RABBITMQ_MANAGEMENT_URL ?? `http://${amqp.hostname}:15672`).replace(/\/$/, '');
  const user = decodeURIComponent(amqp.username) || 'guest';
  const password = decodeURIComponent(amqp.password) || 'guest';
  const answers = await fetch(`${managementUrl}/api/overview`, { headers: { authorization: `Basic ${btoa(`${user}:${password}`)}` }, signal: AbortSignal.timeout(2_000) }).then(
    (response) => response.ok,
    () => false,
  );
  if (!answers) return managementNode();
  const vhost = scratchDatabaseName(env.runId, 'broker_acl_api');
  const base = new URL(env.rabbitmqUrl);
  base.pathname = `/${encodeURIComponent(vhost)}`;
  await createVhost(vhost, { amqpUrl: base.toString(), managementUrl });
  return {
    amqpUrl: (name, secret) => Object.assign(new URL(base), { username: name, password: secret }).toString(),
    admin: managementApiUserAdmin(managementUrl, user, password),
    vhost,
    cleanup: () => deleteVhost(vhost, { amqpUrl: base.toString(), managementUrl }),
  };
}

async function managementNode(): Promise<Target> {
  const broker = await ScratchBroker.start('acl', { management: true });
  const managementUrl = broker.managementUrl ?? '';
  await waitFor(async () => (await fetch(`${managementUrl}/api/overview`, { headers: { authorization: `Basic ${btoa('guest:guest')}` } })).ok, {
    description: 'the scratch node’s management API',
    timeoutMs: 60_000,
    intervalMs: 500,
  });
  const base = new URL(broker.amqpUrl);
  return {
    amqpUrl: (user, password) => Object.assign(new URL(base), { username: user, password }).toString(),
    admin: managementApiUserAdmin(managementUrl, 'guest', 'guest'),
    vhost: '/',
    cleanup: () => broker.stop(),
  };
}

/** What closed `channel` when `act` ran (its errors, joined), or undefined if nothing did. */
async function closingError(channel: Channel, act: () => Promise<unknown>): Promise<string | undefined> {
  const closed = new Promise<void>((resolve) => channel.once('close', () => resolve()));
  const errors: string[] = [];
  channel.on('error', (e: Error) => errors.push(e.message));
  try {
    await act();
  } catch (e) {
    errors.push(e instanceof Error ? e.message : String(e));
  }
  if (errors.length === 0) return undefined;
  await closed;
  return errors.join('; ');
}

const publishConfirmed = (channel: ConfirmChannel, exchange: string, key: string): Promise<void> =>
  new Promise((resolve, reject) =>
    channel.publish(exchange, key, Buffer.from('{}'), { persistent: true }, (err: unknown) => (err ? reject(err instanceof Error ? err : new Error('the broker did not confirm')) : resolve())),
  );

describe.each([
  ['rabbitmqctl, on the machine’s broker', machineBroker],
  ['the management API', managementApi],
])('provisionServiceBrokerUsers through %s', (_label, makeTarget) => {
  const runId = integrationEnv().runId;
  // starts with a dash, as one random password in 64 does: rabbitmqctl took such an argument for an option (CI, stop 24)
  const password = `-${randomBytes(18).toString('base64url')}`;
  const userOf = (service: EventParty): string => `taskhub_test_${runId}_${service}`;
  let target: Target;
  const connections: ChannelModel[] = [];

  const channelOf = async (service: EventParty): Promise<ConfirmChannel> => {
    const connection = await connect(target.amqpUrl(userOf(service), password));
    connection.on('error', () => undefined);
    connections.push(connection);
    return connection.createConfirmChannel();
  };

  beforeAll(async () => {
    target = await makeTarget();
    const users = brokerPermissionsOfAllServices().map((permissions) => ({ permissions, name: userOf(permissions.service), password }));
    expect(await provisionServiceBrokerUsers(target.admin, target.vhost, users)).toEqual(SERVICES.map(userOf));
    // idempotent: a second run (every `docker compose up`, every `npm start`) changes nothing and fails on nothing
    await provisionServiceBrokerUsers(target.admin, target.vhost, users);
  });

  afterAll(async () => {
    await Promise.all(connections.map((c) => c.close().catch(() => undefined)));
    if (target === undefined) return;
    for (const service of SERVICES) await target.admin.deleteUser(userOf(service));
    await target.cleanup();
  });

  it('should let each service declare its consumers’ topology, publish its own events and put retries in its own tiers', async () => {
    for (const service of SERVICES) {
      const channel = await channelOf(service);
      await declareExchanges(channel);
      await publishConfirmed(channel, EVENTS_EXCHANGE, `${service}.probe.published.v1`);
      const routingKeys = EVENT_CATALOG.filter((c) => c.consumers.includes(service)).map((c) => c.routingKey);
      if (routingKeys.length === 0) continue; // auth consumes nothing
      const spec = { queue: `${service}.acl-check`, routingKeys, retryDelaysMs: [100] };
      const names = await declareConsumerTopology(channel, spec);
      await publishConfirmed(channel, RETRY_EXCHANGE, names.retries[0]);
      await publishConfirmed(channel, RETRY_EXCHANGE, names.dead);
      // the retry comes back to its queue after the tier's delay; the parked copy stays in the parking lot
      const back = await waitFor(async () => (await channel.get(names.main, { noAck: true })) || undefined, { description: 'the retried copy', timeoutMs: 10_000 });
      expect(back.fields.routingKey).toBe(names.main);
      expect((await channel.checkQueue(names.dead)).messageCount).toBe(1);
    }
  });

  it('should refuse a service other than auth publishing auth.* (ACCESS_REFUSED, channel closed), and let auth', async () => {
    const auth = await channelOf('auth');
    await declareExchanges(auth);
    await publishConfirmed(auth, EVENTS_EXCHANGE, RESET_KEY);

    for (const service of ['task', 'user', 'notification'] as const) {
      const channel = await channelOf(service);
      const error = await closingError(channel, async () => {
        await publishConfirmed(channel, EVENTS_EXCHANGE, RESET_KEY);
      });
      expect({ service, error }).toEqual({ service, error: expect.stringMatching(/ACCESS_REFUSED/) as string });
    }
  });

  it('should let only the notification service bind a queue to auth.password.* on taskhub.events', async () => {
    const notification = await channelOf('notification');
    await notification.assertQueue('notification.acl-reset', { durable: false });
    await notification.bindQueue('notification.acl-reset', EVENTS_EXCHANGE, RESET_KEY);

    for (const service of ['task', 'user', 'auth'] as const) {
      for (const key of [RESET_KEY, 'auth.password.*', '#']) {
        const channel = await channelOf(service); // a refusal closes the channel
        await channel.assertQueue(`${service}.acl-reset`, { durable: false });
        const error = await closingError(channel, () => channel.bindQueue(`${service}.acl-reset`, EVENTS_EXCHANGE, key));
        expect({ service, key, error }).toEqual({ service, key, error: expect.stringMatching(/ACCESS_REFUSED/) as string });
      }
    }
  });

  it('should keep each service to its own queues: no declaring, consuming, binding or sending to another’s', async () => {
    const notification = await channelOf('notification');
    const { main } = consumerQueueNames({ queue: 'notification.acl-own' });
    await notification.assertQueue(main, { durable: false });
    await notification.consume(main, () => undefined);

    const attempts: [string, (c: ConfirmChannel) => Promise<unknown>][] = [
      ['declare another service’s queue', (c) => c.assertQueue('notification.acl-other', { durable: false })],
      ['consume another service’s queue', (c) => c.consume(main, () => undefined)],
      ['bind another service’s queue', (c) => c.bindQueue(main, EVENTS_EXCHANGE, 'task.task.created.v1')],
      ['send straight into another service’s queue (default exchange)', (c) => publishConfirmed(c, '', main)],
      ['send into another service’s retry tier', (c) => publishConfirmed(c, RETRY_EXCHANGE, `${main}.delay.1`)],
      ['delete another service’s queue', (c) => c.deleteQueue(main)],
    ];
    for (const [what, attempt] of attempts) {
      const channel = await channelOf('task');
      const error = await closingError(channel, () => attempt(channel));
      expect({ what, error }).toEqual({ what, error: expect.stringMatching(/ACCESS_REFUSED/) as string });
    }
    expect((await notification.checkQueue(main)).consumerCount).toBe(1);
  });
});
