import { randomBytes, randomUUID } from 'node:crypto';
import { AUTH_PASSWORD_RESET_REQUESTED_V1, AUTH_USER_REGISTERED_V1, type AuthUserRegisteredV1, defineEvent } from '@taskhub/contracts';
import { runWithRequestContext } from '@taskhub/platform-logging';
import { createScratchDatabase, FaultProxy, integrationEnv, type ScratchDatabase, waitFor } from '@taskhub/platform-testing';
import { IsString } from 'class-validator';
import { type Channel, type ChannelModel, connect, type ConsumeMessage } from 'amqplib';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AmqpConnection } from '../amqp-connection';
import { declareConsumerTopology } from '../topology';
import { CreateOutbox1795500000000 } from './create-outbox.migration';
import { DropOutboxNotifyTrigger1796151356792 } from './drop-outbox-notify-trigger.migration';
import { OutboxRelay, type OutboxRelayOptions } from './outbox-relay';
import { OUTBOX_CHANNEL } from './outbox-wake';
import { type OutboxEntry, writeAllToOutbox, writeToOutbox, writeWithOutbox } from './outbox-writer';

const registered = (n: number): AuthUserRegisteredV1 => ({ userId: randomUUID(), email: `user${n}@example.com`, displayName: `User ${n}` });

describe(OutboxRelay.name, () => {
  const env = integrationEnv();
  let scratch: ScratchDatabase;
  let databaseUrl: string;
  let dataSource: DataSource;
  let observer: ChannelModel;
  let channel: Channel;
  let received: ConsumeMessage[];
  let consumerTag: string | undefined;
  const relays: OutboxRelay[] = [];
  const amqps: AmqpConnection[] = [];

  const startRelay = (options: Partial<OutboxRelayOptions> & { amqpUrl?: string } = {}): OutboxRelay => {
    const amqp = new AmqpConnection({ url: options.amqpUrl ?? env.rabbitmqUrl, connectionName: 'outbox-int-spec' });
    amqps.push(amqp);
    amqp.start();
    const relay = new OutboxRelay({ dataSource, databaseUrl, amqp, pollIntervalMs: 60_000, ...options });
    relays.push(relay);
    relay.start();
    return relay;
  };
  const pendingCount = async (): Promise<number> =>
    (await dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM outbox_event WHERE status = 'pending'`))[0].n;
  const ids = (messages: ConsumeMessage[]): string[] => messages.map((m) => String(m.properties.messageId));

  beforeAll(async () => {
    scratch = await createScratchDatabase('outbox');
    databaseUrl = scratch.url;
    dataSource = new DataSource({ type: 'postgres', url: databaseUrl, migrations: [CreateOutbox1795500000000, DropOutboxNotifyTrigger1796151356792], poolSize: 4 });
    await dataSource.initialize();
    await dataSource.runMigrations();
    observer = await connect(env.rabbitmqUrl);
    channel = await observer.createChannel();
  });

  beforeEach(async () => {
    received = [];
    const queue = `itest.outbox-${randomBytes(4).toString('hex')}`;
    await declareConsumerTopology(channel, { queue, routingKeys: [AUTH_USER_REGISTERED_V1.routingKey], queueType: 'classic' });
    ({ consumerTag } = await channel.consume(queue, (m) => m && received.push(m), { noAck: true }));
    await dataSource.query('TRUNCATE outbox_event');
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await Promise.all(amqps.splice(0).map((a) => a.close()));
    if (consumerTag !== undefined) await channel.cancel(consumerTag);
  });

  afterAll(async () => {
    await observer?.close();
    await dataSource?.destroy();
    await scratch?.drop();
  });

  it('should write the event only if the transaction commits, and publish it with its id, type and correlation id', async () => {
    await dataSource
      .transaction(async (manager) => {
        await writeToOutbox(manager, AUTH_USER_REGISTERED_V1, registered(0));
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    const envelope = await runWithRequestContext({ correlationId: 'req-outbox-1' }, () =>
      dataSource.transaction((manager) => writeToOutbox(manager, AUTH_USER_REGISTERED_V1, registered(1))),
    );
    startRelay();

    await waitFor(() => received.length === 1, { description: 'the committed event on the queue' });
    const [message] = received;
    expect(message.properties).toMatchObject({
      messageId: envelope.id,
      type: 'auth.user.registered.v1',
      contentType: 'application/json',
      deliveryMode: 2,
      headers: { 'x-correlation-id': 'req-outbox-1' },
    });
    expect(JSON.parse(message.content.toString())).toEqual(envelope);
    expect(envelope.correlationId).toBe('req-outbox-1');
    await waitFor(async () => (await pendingCount()) === 0, { description: 'the row to be marked published' });
  });

  it('should refuse to write outside a transaction', async () => {
    await expect(writeToOutbox(dataSource.manager, AUTH_USER_REGISTERED_V1, registered(1))).rejects.toThrow('open transaction');
  });

  it('should write a row and its events in one statement, in a transaction (rolled back with it) or on its own', async () => {
    await dataSource.query('CREATE TABLE IF NOT EXISTS written_row (id uuid PRIMARY KEY)');
    await dataSource.query('TRUNCATE written_row');
    const event = (n: number): OutboxEntry[] => [{ contract: AUTH_USER_REGISTERED_V1, data: registered(n) }];
    const rolledBack = dataSource.transaction(async (manager) => {
      await writeWithOutbox(manager, 'INSERT INTO written_row (id) VALUES ($1)', [randomUUID()], event(2));
      throw new Error('rolled back');
    });
    await expect(rolledBack).rejects.toThrow('rolled back');
    const rowId = randomUUID();

    const { result, envelopes } = await writeWithOutbox<{ id: string }[]>(
      dataSource.manager,
      'WITH v AS (SELECT $1::uuid AS id) INSERT INTO written_row (id) SELECT id FROM v RETURNING id',
      [rowId],
      event(3),
    );
    startRelay();

    expect(result).toEqual([{ id: rowId }]);
    await waitFor(async () => received.length === 1 && (await pendingCount()) === 0, { description: 'the event published and marked' });
    expect(ids(received)).toEqual([envelopes[0].id]);
    expect(await dataSource.query('SELECT id FROM written_row')).toEqual([{ id: rowId }]);
  });

  describe('wake-up', () => {
    let listener: Client;
    let notifications: number;
    let otherProcess: DataSource;

    beforeAll(async () => {
      // a DataSource no relay is attached to: a writer in another process, as far as the relay can tell
      otherProcess = new DataSource({ type: 'postgres', url: databaseUrl, poolSize: 2 });
      await otherProcess.initialize();
    });

    beforeEach(async () => {
      notifications = 0;
      listener = new Client({ connectionString: databaseUrl });
      await listener.connect();
      listener.on('notification', () => (notifications += 1));
      await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
      startRelay({ pollIntervalMs: 600_000 });
      await waitFor(async () => (await dataSource.query<unknown[]>(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'outbox-relay-listen'`)).length > 0, {
        description: 'the relay to listen',
      });
    });

    afterEach(() => listener.end());
    afterAll(() => otherProcess?.destroy());

    /** Notifications committed before now have reached the listener once a query of its own returns. */
    const notificationsSoFar = async (): Promise<number> => {
      await listener.query('SELECT 1');
      return notifications;
    };

    it('should wake at the commit of a writer of its own process, without a NOTIFY', async () => {
      await dataSource.transaction((manager) => writeToOutbox(manager, AUTH_USER_REGISTERED_V1, registered(1)));

      // the poll is ten minutes away: only the commit hook can bring it this soon
      await waitFor(() => received.length === 1, { description: 'the event, woken by the commit', timeoutMs: 5_000 });
      expect(await notificationsSoFar()).toBe(0);
    });

    it('should wake once the outer transaction commits, not when a nested one releases its savepoint', async () => {
      await dataSource.transaction(async (outer) => {
        await outer.transaction((nested) => writeToOutbox(nested, AUTH_USER_REGISTERED_V1, registered(1)));
        await writeToOutbox(outer, AUTH_USER_REGISTERED_V1, registered(2));
      });

      await waitFor(() => received.length === 2, { description: 'both events, woken by the outer commit', timeoutMs: 5_000 });
    });

    it('should wake on the NOTIFY of a writer with no relay in its process', async () => {
      await otherProcess.transaction((manager) => writeAllToOutbox(manager, [1, 2].map((n) => ({ contract: AUTH_USER_REGISTERED_V1, data: registered(n) }))));

      await waitFor(() => received.length === 2, { description: 'the events, woken by NOTIFY', timeoutMs: 5_000 });
      expect(await notificationsSoFar()).toBe(1);
    });
  });

  it('should publish every row exactly once with two relays sharing the outbox', async () => {
    const total = 2_000;
    for (let i = 0; i < total; i += 500) {
      await dataSource.transaction((manager) =>
        writeAllToOutbox(manager, Array.from({ length: 500 }, (_, j) => ({ contract: AUTH_USER_REGISTERED_V1, data: registered(i + j) }))),
      );
    }

    startRelay({ batchSize: 100 });
    startRelay({ batchSize: 100 });

    await waitFor(() => received.length >= total, { description: `${total} events`, timeoutMs: 30_000 });
    await waitFor(async () => (await pendingCount()) === 0, { description: 'every row marked published' });
    expect(new Set(ids(received)).size).toBe(total);
    expect(received).toHaveLength(total);
  });

  it('should keep events pending while the broker is unreachable and publish them once it is back', async () => {
    const proxy = await FaultProxy.start({ target: { host: new URL(env.rabbitmqUrl).hostname, port: Number(new URL(env.rabbitmqUrl).port || 5672) } });
    try {
      proxy.cut();
      const relay = startRelay({ amqpUrl: proxy.url(env.rabbitmqUrl) });
      await dataSource.transaction((manager) => writeToOutbox(manager, AUTH_USER_REGISTERED_V1, registered(1)));
      relay.wake();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await pendingCount()).toBe(1);
      expect(received).toHaveLength(0);

      proxy.restore();

      await waitFor(() => received.length === 1, { description: 'the event after the broker is back', timeoutMs: 10_000 });
      await waitFor(async () => (await pendingCount()) === 0, { description: 'the row marked published' });
    } finally {
      await proxy.close();
    }
  });

  it('should publish again what it published but could not mark (at least once: the inbox absorbs the copy)', async () => {
    let crashes = 1;
    startRelay({
      failpoint: (name) => {
        if (name === 'after-publish-before-mark' && crashes-- > 0) throw new Error('failpoint: relay died before marking');
      },
    });

    const envelope = await dataSource.transaction((manager) => writeToOutbox(manager, AUTH_USER_REGISTERED_V1, registered(1)));

    await waitFor(() => received.length === 2, { description: 'the event and its republished copy', timeoutMs: 10_000 });
    expect(ids(received)).toEqual([envelope.id, envelope.id]);
    await waitFor(async () => (await pendingCount()) === 0, { description: 'the row marked published' });
  });

  it('should claim and publish the next batches while one awaits its confirms and mark', async () => {
    await dataSource.transaction((manager) =>
      writeAllToOutbox(manager, Array.from({ length: 30 }, (_, i) => ({ contract: AUTH_USER_REGISTERED_V1, data: registered(i) }))),
    );
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    startRelay({
      batchSize: 10,
      failpoint: async () => {
        if (!first) return;
        first = false;
        await held; // the first batch stays claimed, published and confirmed, but not marked
      },
    });

    try {
      await waitFor(() => received.length === 30, { description: 'every batch published while the first is held before its mark' });
      // the consumer may see a batch before the relay has marked it: wait for the marks, not only the deliveries
      await waitFor(async () => (await pendingCount()) === 10, { description: 'the later batches marked, the first still held' });
    } finally {
      release(); // a relay held in its failpoint would never stop (afterEach)
    }
    await waitFor(async () => (await pendingCount()) === 0, { description: 'the first batch marked too' });
    expect(new Set(ids(received)).size).toBe(30);
    expect(received).toHaveLength(30);
  });

  it('should keep an event no queue is bound to, report it, and deliver it once a queue is bound', async () => {
    class Nothing {
      @IsString()
      readonly what!: string;
    }
    const unbound = defineEvent({ type: 'auth.nothing.happened', version: 1, data: Nothing, description: 'x', consumers: [] });
    const returned: string[] = [];
    startRelay({ events: { returned: (key) => returned.push(key) } });

    const envelope = await dataSource.transaction((manager) => writeToOutbox(manager, unbound, { what: 'nothing' }));

    await waitFor(() => returned.length === 1, { description: 'the unroutable event to be returned' });
    expect(returned).toEqual(['auth.nothing.happened.v1']);
    expect(await pendingCount()).toBe(1);
    const late = `itest.outbox-late-${randomBytes(4).toString('hex')}`;
    await declareConsumerTopology(channel, { queue: late, routingKeys: [unbound.routingKey], queueType: 'classic' });
    const got = await waitFor(async () => (await channel.get(late, { noAck: true })) || undefined, {
      description: 'the held-back event, retried after its backoff',
      timeoutMs: 10_000,
      intervalMs: 100,
    });
    expect(got.properties.messageId).toBe(envelope.id);
    await waitFor(async () => (await pendingCount()) === 0, { description: 'the row marked published' });
  });

  it('should publish an event no service consumes without mandatory: marked published, not held for a queue', async () => {
    class Nothing {
      @IsString()
      readonly what!: string;
    }
    const unconsumed = defineEvent({ type: 'auth.nothing.noticed', version: 1, data: Nothing, description: 'x', consumers: [] });
    const returned: string[] = [];
    startRelay({ unconsumed: new Set([unconsumed.routingKey]), events: { returned: (key) => returned.push(key) } });

    await dataSource.transaction(async (manager) => {
      await writeToOutbox(manager, unconsumed, { what: 'nothing' });
      await writeToOutbox(manager, AUTH_USER_REGISTERED_V1, registered(3));
    });

    await waitFor(async () => (await pendingCount()) === 0, { description: 'both rows marked published' });
    expect(await dataSource.query('SELECT routing_key, status FROM outbox_event ORDER BY seq')).toEqual([
      { routing_key: unconsumed.routingKey, status: 'published' },
      { routing_key: AUTH_USER_REGISTERED_V1.routingKey, status: 'published' },
    ]);
    expect(returned).toEqual([]);
    await waitFor(() => received.length === 1, { description: 'the consumed event delivered' });
  });

  it('should prune published rows past the retention', async () => {
    const relay = startRelay({ retentionMs: 0, pruneIntervalMs: 600_000 });
    await dataSource.transaction((manager) => writeToOutbox(manager, AUTH_USER_REGISTERED_V1, registered(1)));
    await waitFor(async () => (await pendingCount()) === 0, { description: 'the row published' });

    expect(await relay.prune()).toBe(1);
    expect(await dataSource.query('SELECT * FROM outbox_event')).toEqual([]);
  });

  it('should delete an event that carries a secret as soon as the broker confirms it, and keep the others', async () => {
    const secretQueue = `itest.outbox-secret-${randomBytes(4).toString('hex')}`;
    await declareConsumerTopology(channel, { queue: secretQueue, routingKeys: [AUTH_PASSWORD_RESET_REQUESTED_V1.routingKey], queueType: 'classic' });
    const resetToken = randomBytes(32).toString('base64url');
    startRelay();

    const [secret, plain] = await dataSource.transaction(async (manager) => [
      await writeToOutbox(manager, AUTH_PASSWORD_RESET_REQUESTED_V1, {
        userId: randomUUID(),
        email: 'forgetful@example.com',
        resetToken,
        expiresAt: new Date(Date.now() + 1_800_000).toISOString(),
      }),
      await writeToOutbox(manager, AUTH_USER_REGISTERED_V1, registered(2)),
    ]);

    const got = await waitFor(async () => (await channel.get(secretQueue, { noAck: true })) || undefined, { description: 'the reset event', intervalMs: 50 });
    expect([got.properties.messageId, (JSON.parse(got.content.toString()) as { data: { resetToken: string } }).data.resetToken]).toEqual([secret.id, resetToken]);
    await waitFor(async () => (await pendingCount()) === 0, { description: 'the batch committed' });
    const rows = await dataSource.query<{ id: string; status: string }[]>('SELECT id, status FROM outbox_event');
    expect(rows).toEqual([{ id: plain.id, status: 'published' }]);
    expect(JSON.stringify(await dataSource.query('SELECT * FROM outbox_event'))).not.toContain(resetToken);
  });
});
