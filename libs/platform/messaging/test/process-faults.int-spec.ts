import { formatDeliveryReport, waitFor } from '@taskhub/platform-testing';
import { BackboneChild } from './support/backbone-child';
import { BackboneFixture } from './support/backbone-fixture';

jest.setTimeout(180_000);

/** Fault tests with real processes killed by SIGKILL: nothing lost, nothing applied twice. */
describe('event backbone when a process is killed', () => {
  let fixture: BackboneFixture;
  const children: BackboneChild[] = [];
  const start = async (...args: Parameters<typeof BackboneChild.start>): Promise<BackboneChild> => {
    const child = await BackboneChild.start(...args);
    children.push(child);
    return child;
  };

  afterEach(async () => {
    await Promise.all(children.splice(0).map((c) => c.stop()));
    await fixture?.close();
  });

  it('should publish what a producer committed just before it was killed, once it restarts', async () => {
    fixture = await BackboneFixture.create('fault_producer');
    await fixture.startConsumer();

    const first = await start('producer', fixture.databaseUrl, { BACKBONE_EVENTS: '400', BACKBONE_KILL_AFTER_COMMIT: '200' });
    const death = await first.exited;
    expect(death.signal).toBe('SIGKILL');
    expect(first.committed).toHaveLength(200);
    const lastCommitted = first.committed[199];
    const [row] = await fixture.dataSource.query<{ status: string }[]>('SELECT status FROM outbox_event WHERE id = $1', [lastCommitted]);
    expect(row.status).toBe('pending'); // committed, never published: the failpoint fired in between

    const second = await start('producer', fixture.databaseUrl, { BACKBONE_EVENTS: '200' });
    await waitFor(() => second.done, { description: 'the restarted producer to finish', timeoutMs: 60_000 });
    const attempted = [...first.committed, ...second.committed];
    await waitFor(async () => (await fixture.appliedIds()).length >= attempted.length && (await fixture.confirmed()) >= attempted.length, {
      description: 'every event published and applied',
      timeoutMs: 60_000,
      intervalMs: 250,
    });

    const report = await fixture.report({ attemptedIds: attempted });
    process.stdout.write(`${formatDeliveryReport('producer SIGKILLed after commit, before publish', report)}\n`);
    expect(report).toMatchObject({ attempted: 400, confirmed: 400, lost: 0, duplicateEffects: 0 });
  });

  it('should apply once what a relay process published before it was killed, before it marked it', async () => {
    fixture = await BackboneFixture.create('fault_relay_kill');
    await fixture.startConsumer();

    const first = await start('producer', fixture.databaseUrl, { BACKBONE_EVENTS: '1000', BACKBONE_KILL_RELAY_AT_BATCH: '40' });
    const death = await first.exited;
    expect(death.signal).toBe('SIGKILL');
    // on the broker and applied, yet still pending in the outbox: the process died between the confirm and the mark
    const publishedNotMarked = await waitFor(
      async () => {
        const rows = await fixture.dataSource.query<{ id: string }[]>(
          `SELECT o.id FROM outbox_event o JOIN effect e ON e.event_id = o.id WHERE o.status = 'pending'`,
        );
        return rows.length > 0 ? rows : undefined;
      },
      { description: 'the killed batch delivered while its rows stay pending', timeoutMs: 30_000, intervalMs: 100 },
    );

    const second = await start('producer', fixture.databaseUrl, { BACKBONE_EVENTS: '100' });
    await waitFor(() => second.done, { description: 'the restarted producer to finish', timeoutMs: 60_000 });
    // what was committed is what the outbox holds: a SIGKILL can fall between a commit and the line that reports it
    const attempted = (await fixture.dataSource.query<{ id: string }[]>('SELECT id FROM outbox_event')).map((r) => r.id);
    expect(attempted.length).toBeGreaterThanOrEqual(first.committed.length + second.committed.length);
    await waitFor(async () => (await fixture.appliedIds()).length >= attempted.length && (await fixture.confirmed()) >= attempted.length, {
      description: 'every event published, marked and applied',
      timeoutMs: 60_000,
      intervalMs: 250,
    });

    const report = await fixture.report({ attemptedIds: attempted });
    process.stdout.write(`${formatDeliveryReport('relay process SIGKILLed after publish, before mark', report)}\n`);
    expect(report).toMatchObject({ attempted: attempted.length, confirmed: attempted.length, lost: 0, duplicateEffects: 0 });
    expect(report.duplicateDeliveries).toBeGreaterThanOrEqual(publishedNotMarked.length); // the copies came, and were absorbed
  });

  it('should apply every event once when a consumer is killed mid-handler under load', async () => {
    fixture = await BackboneFixture.create('fault_consumer');
    const delay = { BACKBONE_QUEUE: fixture.queue, BACKBONE_HANDLER_DELAY_MS: '2' };
    const first = await start('consumer', fixture.databaseUrl, delay);
    fixture.startRelay({ batchSize: 100, pollIntervalMs: 1_000 });
    const total = 2_000;

    const writing = (async () => {
      for (let i = 0; i < total; i++) await fixture.commitOne();
    })();
    await waitFor(async () => (await fixture.appliedIds()).length >= 400, { description: '400 events applied', timeoutMs: 60_000, intervalMs: 50 });
    first.kill('SIGKILL');
    await first.exited;
    const second = await start('consumer', fixture.databaseUrl, delay);
    await writing;

    await waitFor(async () => (await fixture.appliedIds()).length >= total, { description: 'every event applied', timeoutMs: 90_000, intervalMs: 250 });
    const report = await fixture.report({ duplicateDeliveries: first.duplicates + second.duplicates });
    process.stdout.write(`${formatDeliveryReport('consumer SIGKILLed mid-handler under load', report)}\n`);
    expect(report).toMatchObject({ attempted: total, lost: 0, duplicateEffects: 0 });
  });
});
