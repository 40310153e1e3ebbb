import { formatDeliveryReport, integrationEnv, waitFor } from '@taskhub/platform-testing';
import { connect } from 'amqplib';
import { listParkedMessages, replayParkedMessages } from '../src/inbox/parking-lot';
import { BackboneFixture } from './support/backbone-fixture';
import { EffectHandlers } from './support/effect-handlers';

jest.setTimeout(120_000);

/**
 * Fault test: one event of a stream makes the handler fail every time (a bug). It goes through the retry tiers to
 * the parking lot with its reason while the rest keeps flowing; replayed after the fix, it is applied once.
 */
describe('event backbone with a poison message', () => {
  let fixture: BackboneFixture;

  beforeAll(async () => {
    fixture = await BackboneFixture.create('fault_poison');
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('should park the poison message after its attempts, keep the others flowing, and apply it once when replayed', async () => {
    let poisonId: string | undefined;
    let fixed = false;
    await fixture.startConsumer(
      new EffectHandlers({
        before: (envelope) => {
          if (envelope.id === poisonId && !fixed) throw new Error('handler bug: cannot apply this event');
        },
      }),
    );
    fixture.startRelay({ batchSize: 100 });
    const total = 500;

    for (let i = 0; i < total; i++) {
      const id = await fixture.commitOne();
      if (i === 100) poisonId = id;
    }

    await waitFor(async () => (await fixture.appliedIds()).length >= total - 1, { description: 'every other event applied', timeoutMs: 60_000, intervalMs: 250 });
    const connection = await connect(integrationEnv().rabbitmqUrl);
    try {
      const channel = await connection.createConfirmChannel();
      const [parked] = await waitFor(
        async () => {
          const list = await listParkedMessages(channel, fixture.queue);
          return list.length === 1 ? list : undefined;
        },
        { description: 'the poison message in the parking lot', timeoutMs: 10_000 },
      );
      expect(parked).toMatchObject({ messageId: poisonId, attempts: 4, routingKey: 'auth.user.registered.v1' });
      expect(parked.reason).toBe('handler failed 4 times; last: Error: handler bug: cannot apply this event');
      expect(await fixture.appliedIds()).not.toContain(poisonId);

      fixed = true;
      expect(await replayParkedMessages(channel, fixture.queue)).toBe(1);
      await waitFor(async () => (await fixture.appliedIds()).includes(poisonId!), { description: 'the replayed event applied' });
      expect(await replayParkedMessages(channel, fixture.queue)).toBe(0);
    } finally {
      await connection.close();
    }

    const report = await fixture.report();
    process.stdout.write(`${formatDeliveryReport('poison message parked, fixed and replayed', report)}\n`);
    expect(report).toMatchObject({ attempted: total, confirmed: total, lost: 0, duplicateEffects: 0 });
  });
});
