import { randomBytes } from 'node:crypto';
import { type AddressInfo } from 'node:net';
import { type Type } from '@nestjs/common';
import { loadServiceConfig } from '@taskhub/platform-config';
import { buildDataSourceOptions, runMigrations, type ServiceDatabaseDefinition } from '@taskhub/platform-database';
import { createScratchDatabase, integrationEnv, LogCapture, type ScratchDatabase, serviceTestEnv } from '@taskhub/platform-testing';
import { createServiceApp, type ServiceApp } from '../../src/create-service-app';
import { PROBE_SERVICE_MIGRATIONS, ProbeServiceConfig, ProbeServiceModule } from './probe-service.module';

export interface StartOptions {
  /** the service's module and the migrations it needs (default ProbeServiceModule and PROBE_SERVICE_MIGRATIONS) */
  readonly service?: { readonly module: Type<unknown>; readonly migrations: ServiceDatabaseDefinition['migrations'] };
  /** extra or overriding environment variables */
  readonly env?: Record<string, string>;
  /** default: a scratch database of its own, dropped on close */
  readonly databaseUrl?: string;
  /** apply the migrations before starting (default true) */
  readonly migrate?: boolean;
  readonly exit?: (code: number) => void;
}

export interface RunningProbeService {
  readonly service: ServiceApp<ProbeServiceConfig>;
  readonly baseUrl: string;
  readonly logs: LogCapture;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** The probe service in-process, listening on a free port, wired to this run's Redis prefix and vhost. */
export async function startProbeService(options: StartOptions = {}): Promise<RunningProbeService> {
  const env = integrationEnv();
  const scratch: ScratchDatabase | undefined = options.databaseUrl ? undefined : await createScratchDatabase(`probe_${randomBytes(4).toString('hex')}`);
  const config = loadServiceConfig(
    ProbeServiceConfig,
    serviceTestEnv(env, 'task', { LOG_LEVEL: 'debug', DATABASE_URL: options.databaseUrl ?? scratch!.url, ...options.env }),
  );
  const { module, migrations } = options.service ?? { module: ProbeServiceModule, migrations: PROBE_SERVICE_MIGRATIONS };
  if (options.migrate !== false) {
    await runMigrations(buildDataSourceOptions(config, { migrations }, { poolMax: 2, statementTimeoutMs: 0 }));
  }
  const logs = new LogCapture();
  const service = await createServiceApp({ module, config, logDestination: logs, exit: options.exit ?? (() => undefined) });
  await service.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = service.app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  let closed = false;
  return {
    service,
    baseUrl,
    logs,
    get: (path, headers) => fetch(`${baseUrl}${path}`, { headers }),
    close: async () => {
      if (closed) return;
      closed = true;
      await service.app.close();
      await scratch?.drop();
    },
  };
}
