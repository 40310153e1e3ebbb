import { randomBytes } from 'node:crypto';
import { integrationEnv, waitFor } from '@taskhub/platform-testing';
import { type Channel, type ChannelModel, connect, type GetMessage } from 'amqplib';
import { declareConsumerTopology, EVENTS_EXCHANGE, jitteredDelayMs, type QueueType } from './topology';

describe(declareConsumerTopology.name, () => {
  let connection: ChannelModel;
  let channel: Channel;

  beforeAll(async () => {
    connection = await connect(integrationEnv().rabbitmqUrl);
    channel = await connection.createChannel();
  });

  afterAll(async () => {
    await connection.close();
  });

  const uniqueQueue = (): string => `itest.topology-${randomBytes(4).toString('hex')}`;
  const getFrom = (queue: string): Promise<GetMessage> =>
    waitFor(async () => (await channel.get(queue, { noAck: true })) || undefined, { description: `a message in ${queue}`, timeoutMs: 5000, intervalMs: 20 });

  describe.each<QueueType>(['quorum', 'classic'])('with %s queues', (queueType) => {
    it('should be idempotent and route events by routing key to the consumer queue', async () => {
      const spec = { queue: uniqueQueue(), routingKeys: ['auth.user.registered.v1'], queueType };
      await declareConsumerTopology(channel, spec);
      await declareConsumerTopology(channel, spec);

      channel.publish(EVENTS_EXCHANGE, 'auth.user.registered.v1', Buffer.from('{"n":1}'), { persistent: true });
      channel.publish(EVENTS_EXCHANGE, 'auth.user.disabled.v1', Buffer.from('{"n":2}'), { persistent: true });

      const message = await getFrom(spec.queue);
      expect(message.content.toString()).toBe('{"n":1}');
      expect(message.properties.deliveryMode).toBe(2);
      expect((await channel.checkQueue(spec.queue)).messageCount).toBe(0);
    });

    it('should send a message back to its own queue only, once its retry tier delay has passed', async () => {
      const spec = { queue: uniqueQueue(), routingKeys: ['task.task.created.v1'], retryDelaysMs: [100, 200], queueType };
      const other = { queue: uniqueQueue(), routingKeys: ['task.task.created.v1'], queueType };
      const names = await declareConsumerTopology(channel, spec);
      await declareConsumerTopology(channel, other);

      channel.sendToQueue(names.retries[1], Buffer.from('retry me'), { persistent: true, expiration: String(jitteredDelayMs(200)), headers: { 'x-attempt': 2 } });

      expect((await channel.checkQueue(names.main)).messageCount).toBe(0);
      const back = await getFrom(names.main);
      expect(back.content.toString()).toBe('retry me');
      expect(back.properties.headers?.['x-attempt']).toBe(2);
      expect((await channel.checkQueue(other.queue)).messageCount).toBe(0);
    });

    it('should park what the consumer queue rejects in <queue>.dead', async () => {
      const spec = { queue: uniqueQueue(), routingKeys: ['user.profile.updated.v1'], queueType };
      const names = await declareConsumerTopology(channel, spec);
      channel.publish(EVENTS_EXCHANGE, 'user.profile.updated.v1', Buffer.from('poison'), { persistent: true });
      const taken = await waitFor(async () => (await channel.get(names.main, { noAck: false })) || undefined, { description: 'the message', timeoutMs: 5000 });

      channel.nack(taken, false, false);

      expect((await getFrom(names.dead)).content.toString()).toBe('poison');
    });
  });

  it('should refuse to redeclare a queue with other retry delays', async () => {
    const queue = uniqueQueue();
    await declareConsumerTopology(channel, { queue, routingKeys: ['a.b.c.v1'], retryDelaysMs: [100] });
    const scratch = await connection.createChannel();
    scratch.on('error', () => undefined);

    await expect(declareConsumerTopology(scratch, { queue, routingKeys: ['a.b.c.v1'], retryDelaysMs: [500] })).rejects.toThrow('PRECONDITION_FAILED');
  });
});
