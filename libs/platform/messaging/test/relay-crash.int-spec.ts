import { formatDeliveryReport, waitFor } from '@taskhub/platform-testing';
import { BackboneFixture } from './support/backbone-fixture';

jest.setTimeout(120_000);

/**
 * Fault test: the relay fails after the broker confirmed a batch and before the rows are marked published (failpoint
 * `after-publish-before-mark`, in one batch out of four, in two relays at once). The rows stay pending and are
 * published again; the consumer's inbox absorbs the copies. (In-process: the failpoint aborts the relay's
 * transaction as a crash would; killing a relay process outright is left to the process-level fault tests.)
 */
describe('event backbone when the relay fails between publish and mark', () => {
  let fixture: BackboneFixture;

  beforeAll(async () => {
    fixture = await BackboneFixture.create('fault_relay');
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('should apply every event once although some were published twice', async () => {
    let batches = 0;
    const failpoint = (name: string): void => {
      if (name === 'after-publish-before-mark' && ++batches % 4 === 0) throw new Error('failpoint: relay crashed before marking');
    };
    await fixture.startConsumer();
    fixture.startRelay({ batchSize: 50, pollIntervalMs: 500, failpoint });
    fixture.startRelay({ batchSize: 50, pollIntervalMs: 500, failpoint });
    const total = 1_000;

    for (let i = 0; i < total; i++) await fixture.commitOne();

    await waitFor(async () => (await fixture.appliedIds()).length >= total && (await fixture.confirmed()) >= total, {
      description: 'every event applied and marked',
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    const report = await fixture.report();
    process.stdout.write(`${formatDeliveryReport('relay fails between publish and mark', report)}\n`);
    expect(report).toMatchObject({ attempted: total, confirmed: total, lost: 0, duplicateEffects: 0 });
    expect(batches).toBeGreaterThanOrEqual(4); // the failpoint did fire
    expect(report.duplicateDeliveries).toBeGreaterThan(0); // and its copies reached the consumer, which absorbed them
  });
});
