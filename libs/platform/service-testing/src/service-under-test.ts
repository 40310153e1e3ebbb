import { type AddressInfo } from 'node:net';
import { type DynamicModule, type Type } from '@nestjs/common';
import { type BaseServiceConfig, loadServiceConfig, type ServiceConfigClass } from '@taskhub/platform-config';
import { buildDataSourceOptions, runMigrations, type ServiceDatabaseDefinition } from '@taskhub/platform-database';
import { createServiceApp, type ServiceApp } from '@taskhub/platform-http';
import { readdirSync } from 'node:fs';
import { type EventEnvelope } from '@taskhub/contracts';
import {
  accessClaims,
  createScratchDatabase,
  integrationEnv,
  LogCapture,
  type ScratchDatabase,
  serviceTestEnv,
  signRs256,
  waitForHealthy,
} from '@taskhub/platform-testing';
import { DataSource } from 'typeorm';

export interface HttpResult<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface RequestOptions {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface ServiceUnderTestOptions<T extends BaseServiceConfig> {
  readonly configClass: ServiceConfigClass<T>;
  /** the service's AppModule (or a test module importing it) */
  readonly module: Type<unknown> | DynamicModule;
  readonly database: ServiceDatabaseDefinition;
  /** names the spec's scratch database and Redis prefix: one per spec file */
  readonly label: string;
  readonly env?: Record<string, string>;
  /** a second instance of the same service: its database (already migrated) and Redis prefix, left to it to drop */
  readonly shareWith?: ServiceUnderTest<T>;
}

/**
 * A service in-process on a free port for a spec: its own scratch database (migrated), its own Redis prefix, the
 * run's vhost and signing keys. Resolves once /health reports every dependency up, so its consumers are subscribed
 * (an event published before its queue exists would be lost).
 */
export class ServiceUnderTest<T extends BaseServiceConfig> {
  private constructor(
    readonly service: ServiceApp<T>,
    readonly baseUrl: string,
    readonly logs: LogCapture,
    private readonly scratch: ScratchDatabase,
    /** false for a second instance: the database belongs to the first */
    private readonly ownsDatabase = true,
  ) {}

  static async start<T extends BaseServiceConfig>(options: ServiceUnderTestOptions<T>): Promise<ServiceUnderTest<T>> {
    const env = integrationEnv();
    const name = options.configClass.service;
    const first = options.shareWith;
    const scratch = first ? first.scratch : await createScratchDatabase(options.label);
    const config = loadServiceConfig(
      options.configClass,
      serviceTestEnv(env, name, { DATABASE_URL: scratch.url, REDIS_KEY_PREFIX: `${env.redisKeyPrefix}${options.label}:${name}:`, LOG_LEVEL: 'debug', ...options.env }),
    );
    if (!first) await runMigrations(buildDataSourceOptions(config, options.database, { poolMax: 2, statementTimeoutMs: 0 }));
    const logs = new LogCapture();
    const service = await createServiceApp({ module: options.module, config, logDestination: logs, exit: () => undefined });
    await service.app.listen({ port: 0, host: '127.0.0.1' });
    const baseUrl = `http://127.0.0.1:${(service.app.getHttpServer().address() as AddressInfo).port}`;
    await waitForHealthy(baseUrl);
    return new ServiceUnderTest(service, baseUrl, logs, scratch, first === undefined);
  }

  get dataSource(): DataSource {
    return this.service.app.get(DataSource);
  }

  /** Bearer headers of an access token for `userId`, signed with the run's key. */
  auth(userId: string, roles: string[] = ['user']): Record<string, string> {
    const { jwtKeysDir } = integrationEnv();
    const kid = readdirSync(jwtKeysDir).find((f) => f.endsWith('.private.pem'))!.replace(/\.private\.pem$/, '');
    return { authorization: `Bearer ${signRs256(jwtKeysDir, kid, { payload: accessClaims(userId, { roles }) })}` };
  }

  /** A JSON request to `/api/v1<route>`; the body parsed (empty: `{}`). */
  async request<T = Record<string, unknown>>(method: string, route: string, options: RequestOptions = {}): Promise<HttpResult<T>> {
    const response = await fetch(`${this.baseUrl}/api/v1${route}`, {
      method,
      headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T, headers: response.headers };
  }

  /** The envelopes the service wrote to its outbox for a routing key, oldest first. */
  async outbox(routingKey: string): Promise<EventEnvelope[]> {
    const rows = await this.dataSource.query<{ body: string }[]>(`SELECT body FROM outbox_event WHERE routing_key = $1 ORDER BY seq`, [routingKey]);
    return rows.map((r) => JSON.parse(r.body) as EventEnvelope);
  }

  async close(): Promise<void> {
    await this.service.app.close();
    if (this.ownsDatabase) await this.scratch.drop();
  }
}
