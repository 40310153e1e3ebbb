import { createEnvelope } from '@taskhub/contracts';
import { declareConsumerTopology, EVENTS_EXCHANGE } from '@taskhub/platform-messaging';
import { createScratchDatabase, integrationEnv, type ScratchDatabase, waitFor } from '@taskhub/platform-testing';
import { type ChannelModel, connect } from 'amqplib';
import { DataSource } from 'typeorm';
import { CONSUMER_SERVICE, ServiceProcess } from './support/service-process';
import { CONSUMER_SERVICE_MIGRATIONS, SHUTDOWN_PROBE_V1 } from './support/shutdown-probe.schema';

jest.setTimeout(120_000);

const TOTAL = 300;

/**
 * A service's consumers (PlatformModule `consumers`) on SIGTERM: they stop taking messages, finish and acknowledge
 * what they hold, then the process exits 0. Nothing is lost and nothing applied is delivered again: every event the
 * first process applied was acknowledged, so the next process finds no duplicate, only the rest of the stream.
 */
describe('service consumers on SIGTERM', () => {
  const env = integrationEnv();
  const queue = `itest.consumer-shutdown-${process.pid}`;
  let scratch: ScratchDatabase;
  let dataSource: DataSource;
  let broker: ChannelModel;
  const processes: ServiceProcess[] = [];

  beforeAll(async () => {
    scratch = await createScratchDatabase('consumer_shutdown');
    dataSource = new DataSource({ type: 'postgres', url: scratch.url, migrations: CONSUMER_SERVICE_MIGRATIONS, poolSize: 2 });
    await dataSource.initialize();
    await dataSource.runMigrations();
    broker = await connect(env.rabbitmqUrl);
  });

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    const channel = await broker?.createChannel();
    for (const name of [queue, `${queue}.dead`, `${queue}.delay.1`, `${queue}.delay.2`, `${queue}.delay.3`]) await channel?.deleteQueue(name);
    await broker?.close();
    await dataSource?.destroy();
    await scratch?.drop();
  });

  const start = async (): Promise<ServiceProcess> => {
    const service = await ServiceProcess.start(CONSUMER_SERVICE, scratch.url, { PROBE_QUEUE: queue, PROBE_HANDLER_DELAY_MS: '20', LOG_LEVEL: 'debug' });
    processes.push(service);
    await waitFor(
      async () => {
        const body = (await (await fetch(`${service.url}/health`)).json()) as { details: Record<string, { status: string }> };
        return body.details.consumers?.status === 'up' ? true : undefined;
      },
      { description: '/health to report the consumer subscribed' },
    );
    return service;
  };
  const applied = async (): Promise<{ n: number; pid: number }[]> => dataSource.query('SELECT n, pid FROM probe_effect');

  it('should finish and acknowledge what it holds, exit 0, and leave the rest for the next process', async () => {
    await declareConsumerTopology(await broker.createChannel(), { queue, routingKeys: [SHUTDOWN_PROBE_V1.routingKey], queueType: 'classic' });
    const first = await start();
    const publisher = await broker.createConfirmChannel();
    for (let n = 0; n < TOTAL; n++) {
      const envelope = createEnvelope(SHUTDOWN_PROBE_V1, { n }, { correlationId: 'it-consumer-shutdown' });
      publisher.publish(EVENTS_EXCHANGE, SHUTDOWN_PROBE_V1.routingKey, Buffer.from(JSON.stringify(envelope)), { persistent: true, messageId: envelope.id });
    }
    await publisher.waitForConfirms();
    await waitFor(async () => ((await applied()).length >= 40 ? true : undefined), { description: '40 probes applied', intervalMs: 10 });

    const exit = await first.terminate();

    expect(exit).toEqual({ code: 0, signal: null });
    const byFirst = (await applied()).length;
    expect(byFirst).toBeLessThan(TOTAL); // stopped in the middle of the stream
    // what it held when SIGTERM came was finished, not abandoned: every probe a handler started is applied
    const started = first.lines.filter((l) => l.msg === 'probe started').map((l) => Number(l.n));
    const committed = new Set((await applied()).map((r) => r.n));
    expect(started.filter((n) => !committed.has(n))).toEqual([]);
    expect(first.transcript).not.toMatch(/deliveries left unacknowledged/);

    const second = await start();
    await waitFor(async () => ((await applied()).length >= TOTAL ? true : undefined), { description: 'every probe applied', timeoutMs: 60_000 });
    const metrics = await (await fetch(`${second.url}/metrics`)).text();
    const rows = await applied();

    expect(new Set(rows.map((r) => r.n)).size).toBe(TOTAL);
    expect(rows).toHaveLength(TOTAL);
    expect(metrics).not.toMatch(/events_duplicate_total\{[^}]*\} [1-9]/);
    expect(metrics).toMatch(new RegExp(`events_consumed_total\\{[^}]*queue="${queue.replace(/\./g, '\\.')}"[^}]*\\} ${TOTAL - byFirst}\\b`));
  });
});
