import { HealthIndicatorService } from '@nestjs/terminus';
import { type DatabaseConnection, type MigrationStatus } from '@taskhub/platform-database';
import { type AmqpConnection } from '@taskhub/platform-messaging';
import { type Redis } from '@taskhub/platform-redis';
import { DependencyIndicators, UNAVAILABLE } from './dependency-indicators';
import { type ServiceLifecycle } from './service-lifecycle';

/** /health is answered to anyone who reaches a service port: a driver's error text stays in the log. */
describe('DependencyIndicators', () => {
  const secretCause = 'password authentication failed for user "taskhub_task" (10.1.2.3:5432, /srv/secrets/db)';

  function indicators(options: { query: () => Promise<unknown>; ping: () => Promise<unknown>; status?: string; migrated?: boolean; connected?: boolean }): DependencyIndicators {
    const database = { dataSource: { query: options.query }, isConnected: options.connected ?? true } as unknown as DatabaseConnection;
    const migrations = { allApplied: () => Promise.resolve(options.migrated ?? true) } as unknown as MigrationStatus;
    const redis = { status: options.status ?? 'ready', ping: options.ping } as unknown as Redis;
    const amqp = { isConnected: () => options.connected ?? true } as unknown as AmqpConnection;
    return new DependencyIndicators(new HealthIndicatorService(), {} as ServiceLifecycle, database, migrations, redis, amqp);
  }

  it("should answer 'unavailable' for a driver's error, never its text", async () => {
    const cut = indicators({ query: () => Promise.reject(new Error(secretCause)), ping: () => Promise.reject(new Error(`WRONGPASS ${secretCause}`)) });

    expect(await cut.postgres()).toEqual({ postgres: { status: 'down', message: UNAVAILABLE } });
    expect(await cut.redis()).toEqual({ redis: { status: 'down', message: UNAVAILABLE } });
  });

  it('should name a timeout, and its own states, as they are', async () => {
    const cut = indicators({ query: () => Promise.resolve([]), ping: () => Promise.reject(new Error('Command timed out')), migrated: false, connected: false });

    expect(await cut.redis()).toEqual({ redis: { status: 'down', message: 'no answer within 1000 ms' } });
    expect(await cut.migrations()).toEqual({ migrations: { status: 'down', message: 'database not connected' } });
    expect(await cut.rabbitmq()).toEqual({ rabbitmq: { status: 'down', message: 'not connected' } });
    expect(await cut.postgres()).toEqual({ postgres: { status: 'up' } });
  });
});
