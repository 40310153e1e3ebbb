import { formatDeliveryReport, waitFor } from '@taskhub/platform-testing';
import { BackboneFixture } from './support/backbone-fixture';

jest.setTimeout(120_000);

/**
 * Fault test: 50 writers commit concurrently with random delays between their insert and their commit, so outbox
 * rows commit out of `seq` order while the relay is claiming. A relay reading by watermark would skip the late
 * ones; claiming by status must not skip any.
 */
describe('event backbone with 50 concurrent writers committing late', () => {
  let fixture: BackboneFixture;

  beforeAll(async () => {
    fixture = await BackboneFixture.create('fault_writers');
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('should publish and apply every committed event: no outbox row skipped', async () => {
    await fixture.startConsumer();
    await fixture.startRelay({ batchSize: 50, pollIntervalMs: 60_000 }).waitUntilListening();
    const writers = 50;
    const perWriter = 20;

    await Promise.all(
      Array.from({ length: writers }, async () => {
        for (let i = 0; i < perWriter; i++) await fixture.commitOne(Math.floor(Math.random() * 20));
      }),
    );

    const total = writers * perWriter;
    await waitFor(async () => (await fixture.appliedIds()).length >= total, { description: 'every event applied', timeoutMs: 60_000, intervalMs: 250 });
    const report = await fixture.report();
    process.stdout.write(`${formatDeliveryReport('50 concurrent writers, random commit delays', report)}\n`);
    expect(report).toMatchObject({ attempted: total, confirmed: total, lost: 0, duplicateEffects: 0 });
  });
});
