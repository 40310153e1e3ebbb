import { formatDeliveryReport, waitFor } from '@taskhub/platform-testing';
import { BackboneFixture, rabbitmqctl } from './support/backbone-fixture';

jest.setTimeout(180_000);

/** Fault test: the broker stops mid-stream (`rabbitmqctl stop_app`) and comes back; nothing is lost or applied twice. */
describe('event backbone when the broker stops mid-stream', () => {
  let fixture: BackboneFixture;

  beforeAll(async () => {
    fixture = await BackboneFixture.create('fault_broker');
  });

  afterAll(async () => {
    await rabbitmqctl('start_app').catch(() => undefined); // whatever happened, leave the broker running
    await rabbitmqctl('await_startup').catch(() => undefined);
    await fixture?.close();
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
          await rabbitmqctl('stop_app');
          await new Promise((resolve) => setTimeout(resolve, 2_000));
          await rabbitmqctl('start_app');
          await rabbitmqctl('await_startup');
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
