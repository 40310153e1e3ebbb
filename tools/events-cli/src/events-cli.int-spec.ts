import { randomBytes, randomUUID } from 'node:crypto';
import { AUTH_USER_REGISTERED_V1 } from '@taskhub/contracts';
import { CreateOutbox1795500000000, declareConsumerTopology, DropOutboxNotifyTrigger1796151356792, HEADER_ATTEMPT, HEADER_DEAD_REASON, writeToOutbox } from '@taskhub/platform-messaging';
import { createScratchDatabase, integrationEnv, type ScratchDatabase } from '@taskhub/platform-testing';
import { type ChannelModel, connect } from 'amqplib';
import { DataSource } from 'typeorm';
import { runEventsCli } from './events-cli';

describe(runEventsCli.name, () => {
  const env = integrationEnv();
  let scratch: ScratchDatabase;
  let connection: ChannelModel;
  let dataSource: DataSource;
  const run = async (...argv: string[]): Promise<{ code: number; lines: string[] }> => {
    const lines: string[] = [];
    const code = await runEventsCli(argv, { env: { RABBITMQ_URL: env.rabbitmqUrl, DATABASE_URL: scratch.url }, out: (l) => lines.push(l) });
    return { code, lines };
  };

  beforeAll(async () => {
    connection = await connect(env.rabbitmqUrl);
    scratch = await createScratchDatabase('events_cli');
    dataSource = new DataSource({ type: 'postgres', url: scratch.url, migrations: [CreateOutbox1795500000000, DropOutboxNotifyTrigger1796151356792] });
    await dataSource.initialize();
    await dataSource.runMigrations();
  });

  afterAll(async () => {
    await connection?.close();
    await dataSource?.destroy();
    await scratch?.drop();
  });

  it('should list what is parked and replay it to its queue', async () => {
    const channel = await connection.createChannel();
    const queue = `itest.cli-${randomBytes(4).toString('hex')}`;
    const names = await declareConsumerTopology(channel, { queue, routingKeys: ['auth.user.registered.v1'], queueType: 'classic' });
    channel.sendToQueue(names.dead, Buffer.from('{"x":1}'), { messageId: 'm-1', headers: { [HEADER_DEAD_REASON]: 'handler failed 4 times', [HEADER_ATTEMPT]: 4 } });

    const listed = await run('parked', 'list', queue);

    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.lines[0])).toMatchObject({ messageId: 'm-1', reason: 'handler failed 4 times', attempts: 4, body: '{"x":1}' });
    expect(listed.lines[1]).toBe(`1 parked in ${queue}.dead`);
    expect(await run('parked', 'replay', queue)).toEqual({ code: 0, lines: [`replayed 1 from ${queue}.dead to ${queue}`] });
    const back = await channel.get(queue, { noAck: true });
    expect(back && back.properties.headers?.[HEADER_ATTEMPT]).toBe(1);
  });

  it('should redrive a published event back to pending', async () => {
    const envelope = await dataSource.transaction((m) =>
      writeToOutbox(m, AUTH_USER_REGISTERED_V1, { userId: randomUUID(), email: 'ada@example.com', displayName: 'Ada' }),
    );
    await dataSource.query(`UPDATE outbox_event SET status = 'published', published_at = now()`);

    expect((await run('outbox', 'status')).lines).toEqual(['{"pending":0,"oldestAgeSeconds":0}']);
    expect((await run('outbox', 'redrive', '--id', envelope.id)).lines[0]).toMatch(/^redriven 1 event/);
    expect(JSON.parse((await run('outbox', 'status')).lines[0])).toMatchObject({ pending: 1 });
  });

  it('should say so when the queue has no parking lot', async () => {
    expect(await run('parked', 'list', 'itest.no-such-queue')).toEqual({
      code: 1,
      lines: ["events: there is no parking lot itest.no-such-queue.dead: is itest.no-such-queue the consumer queue's name?"],
    });
  });

  it('should explain its usage on a bad command', async () => {
    const result = await run('outbox', 'redrive');

    expect(result.code).toBe(2);
    expect(result.lines[0]).toContain('outbox redrive needs exactly one of --id and --since');
  });
});
