import { type AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import { AUTH_USER_REGISTERED_V1 } from '@taskhub/contracts';
import { loadServiceConfig } from '@taskhub/platform-config';
import { buildDataSourceOptions, runMigrations } from '@taskhub/platform-database';
import { createServiceApp, type ServiceApp } from '@taskhub/platform-http';
import { declareConsumerTopology, writeToOutbox } from '@taskhub/platform-messaging';
import { createScratchDatabase, integrationEnv, type ScratchDatabase, serviceTestEnv, waitFor } from '@taskhub/platform-testing';
import { type ChannelModel, connect } from 'amqplib';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { AuthServiceConfig } from '../src/config/auth.config';
import { AUTH_DATABASE } from '../src/database/auth-database';

describe('auth-service outbox', () => {
  const env = integrationEnv();
  let scratch: ScratchDatabase;
  let service: ServiceApp<AuthServiceConfig>;
  let baseUrl: string;
  let observer: ChannelModel;

  beforeAll(async () => {
    // its own database: the run's auth database belongs to the runtime suite, which checks the first migration run
    scratch = await createScratchDatabase('auth_outbox');
    const config = loadServiceConfig(AuthServiceConfig, serviceTestEnv(env, 'auth', { DATABASE_URL: scratch.url }));
    await runMigrations(buildDataSourceOptions(config, AUTH_DATABASE, { poolMax: 2, statementTimeoutMs: 0 }));
    service = await createServiceApp({ module: AppModule, config, logDestination: { write: () => undefined } });
    await service.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(service.app.getHttpServer().address() as AddressInfo).port}`;
    observer = await connect(env.rabbitmqUrl);
  });

  afterAll(async () => {
    await observer?.close();
    await service?.app.close();
    await scratch?.drop();
  });

  it('should publish what the service writes to its outbox, and report the outbox in /health and /metrics', async () => {
    const channel = await observer.createChannel();
    const queue = `itest.auth-outbox-${randomBytes(4).toString('hex')}`;
    await declareConsumerTopology(channel, { queue, routingKeys: [AUTH_USER_REGISTERED_V1.routingKey], queueType: 'classic' });
    const userId = randomUUID();

    const envelope = await service.app
      .get(DataSource)
      .transaction((manager) => writeToOutbox(manager, AUTH_USER_REGISTERED_V1, { userId, email: 'ada@example.com', displayName: 'Ada' }));

    const message = await waitFor(async () => (await channel.get(queue, { noAck: true })) || undefined, { description: 'the event on the queue', intervalMs: 20 });
    expect(message.properties.messageId).toBe(envelope.id);
    const health = await waitFor(
      async () => {
        const body = (await (await fetch(`${baseUrl}/health`)).json()) as { details: Record<string, Record<string, unknown>> };
        return body.details.outbox?.pending === 0 ? body : undefined;
      },
      { description: '/health to report an empty outbox' },
    );
    expect(health.details.outbox).toEqual({ status: 'up', pending: 0, oldestAgeSeconds: 0 });
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    expect(metrics).toContain('outbox_events_published_total{service="auth-service"} 1');
    expect(metrics).toContain('outbox_events_pending{service="auth-service"} 0');
  });
});
