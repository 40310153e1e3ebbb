import { formatDeliveryReport, ScratchBroker, waitFor } from '@taskhub/platform-testing';
import { BackboneFixture } from './support/backbone-fixture';

jest.setTimeout(180_000);

/**
 * Fault test: the broker stops mid-stream (`rabbitmqctl stop_app`) and comes back; nothing is lost or applied twice.
 * The broker is a RabbitMQ node of this run alone, so stopping it disturbs no other client or test run.
 */
describe('event backbone when the broker stops mid-stream', () => {
  let broker: ScratchBroker;
  let fixture: BackboneFixture;

  beforeAll(async () => {
    broker = await ScratchBroker.start('fault');
    fixture = await BackboneFixture.create('fault_broker', broker.amqpUrl);
  });

  afterAll(async () => {
    await fixture?.close();
    await broker?.stop();
  });

  it('should deliver every one of 2,000 events exactly once in effect', async () => {
    await fixture.startConsumer();
    fixture.startRelay({ batchSize: 100, pollIntervalMs: 1_000 });
    const total = 2_000;
    let outage: Promise<void> | undefined;

    for (let i = 0; i < total; i++) {
      await fixture.commitOne();
      if (i === 500) {
        outage = (async () => {
          await broker.ctl('stop_app');
          await new Promise((resolve) => setTimeout(resolve, 2_000));
          await broker.ctl('start_app');
          await broker.ctl('await_startup');
        })();
      }
    }
    await outage;

    await waitFor(async () => (await fixture.appliedIds()).length >= total, { description: 'every event applied', timeoutMs: 90_000, intervalMs: 500 });
    const report = await fixture.report();
    process.stdout.write(`${formatDeliveryReport('broker stop_app/start_app', report)}\n`);
    expect(report).toMatchObject({ attempted: total, confirmed: total, lost: 0, duplicateEffects: 0 });
  });
});
