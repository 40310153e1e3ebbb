import { type AddressInfo } from 'node:net';
import { type DynamicModule, type Type } from '@nestjs/common';
import { loadServiceConfig } from '@taskhub/platform-config';
import { buildDataSourceOptions, runMigrations } from '@taskhub/platform-database';
import { createServiceApp, type ServiceApp } from '@taskhub/platform-http';
import { integrationEnv, LogCapture, serviceTestEnv } from '@taskhub/platform-testing';
import { TaskServiceConfig } from '../../src/config/task.config';
import { TASK_MIGRATIONS } from '../../src/database/migrations';
import { TaskProbeTestModule } from './probe.controller';

export interface StartOptions {
  /** extra or overriding environment variables */
  readonly env?: Record<string, string>;
  /** default: the run's task database, migrated first */
  readonly databaseUrl?: string;
  readonly migrate?: boolean;
  readonly module?: Type<unknown> | DynamicModule;
  readonly exit?: (code: number) => void;
}

export interface RunningTaskService {
  readonly service: ServiceApp<TaskServiceConfig>;
  readonly baseUrl: string;
  readonly logs: LogCapture;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** The task service in-process, listening on a free port, wired to this run's databases, Redis prefix and vhost. */
export async function startTaskService(options: StartOptions = {}): Promise<RunningTaskService> {
  const env = integrationEnv();
  const config = loadServiceConfig(
    TaskServiceConfig,
    serviceTestEnv(env, 'task', { LOG_LEVEL: 'debug', ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}), ...options.env }),
  );
  if (options.migrate !== false) {
    await runMigrations(buildDataSourceOptions(config, { migrations: TASK_MIGRATIONS }, { poolMax: 2, statementTimeoutMs: 0 }));
  }
  const logs = new LogCapture();
  const service = await createServiceApp({
    module: options.module ?? TaskProbeTestModule,
    config,
    logDestination: logs,
    exit: options.exit ?? (() => undefined),
  });
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
    },
  };
}
