import { execFile } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { connect as amqpConnect } from 'amqplib';
import Redis from 'ioredis';
import { Client } from 'pg';
import { waitFor } from '@taskhub/platform-testing';

const run = promisify(execFile);

export interface InfrastructureUrls {
  /** superuser URL of the maintenance database */
  readonly postgresAdminUrl: string;
  readonly redisUrl: string;
  readonly rabbitmqUrl: string;
}

export const DEFAULT_INFRASTRUCTURE: InfrastructureUrls = {
  postgresAdminUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: 'redis://127.0.0.1:6379',
  rabbitmqUrl: 'amqp://guest:guest@127.0.0.1:5672/',
};

type Log = (line: string) => void;

interface Server {
  readonly label: string;
  readonly url: string;
  /** the environment variable that points the tools at another server */
  readonly urlVariable: string;
  readonly binary: string;
  readonly debianPackage: string;
  readonly startupTimeoutMs: number;
  probe(): Promise<void>;
  start(): Promise<void>;
}

function isLocal(url: string): boolean {
  return ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(new URL(url).hostname);
}

function onPath(binary: string): boolean {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/lib/rabbitmq/bin'];
  return dirs.some((dir) => {
    try {
      accessSync(path.join(dir, binary), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

async function sh(command: string, args: string[]): Promise<void> {
  try {
    await run(command, args, { timeout: 120_000 });
  } catch (error) {
    const e = error as Error & { stderr?: string; stdout?: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${(e.stderr || e.stdout || e.message).trim()}`);
  }
}

function servers(urls: InfrastructureUrls, urlVariables: Partial<Record<keyof InfrastructureUrls, string>>): Server[] {
  return [
    {
      label: 'PostgreSQL',
      url: urls.postgresAdminUrl,
      urlVariable: urlVariables.postgresAdminUrl ?? 'DEV_ADMIN_DATABASE_URL',
      binary: 'pg_ctlcluster',
      debianPackage: 'postgresql',
      startupTimeoutMs: 60_000,
      async probe() {
        const client = new Client({ connectionString: urls.postgresAdminUrl, connectionTimeoutMillis: 3_000 });
        client.on('error', () => undefined);
        try {
          await client.connect();
          await client.query('SELECT 1');
        } finally {
          await client.end().catch(() => undefined);
        }
      },
      async start() {
        const versions = readdirSync('/etc/postgresql').sort((a, b) => Number(b) - Number(a));
        if (versions.length === 0) throw new Error('no cluster under /etc/postgresql');
        await sh('pg_ctlcluster', ['--skip-systemctl-redirect', versions[0], 'main', 'start']);
      },
    },
    {
      label: 'Redis',
      url: urls.redisUrl,
      urlVariable: urlVariables.redisUrl ?? 'REDIS_URL',
      binary: 'redis-server',
      debianPackage: 'redis-server',
      startupTimeoutMs: 15_000,
      async probe() {
        const redis = new Redis(urls.redisUrl, {
          lazyConnect: true,
          connectTimeout: 3_000,
          maxRetriesPerRequest: 0,
          retryStrategy: () => null,
          enableOfflineQueue: false,
        });
        redis.on('error', () => undefined);
        try {
          await redis.connect();
          await redis.ping();
        } finally {
          redis.disconnect();
        }
      },
      async start() {
        const port = new URL(urls.redisUrl).port || '6379';
        await sh('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', port, '--save', '', '--appendonly', 'no']);
      },
    },
    {
      label: 'RabbitMQ',
      url: urls.rabbitmqUrl,
      urlVariable: urlVariables.rabbitmqUrl ?? 'RABBITMQ_URL',
      binary: 'rabbitmq-server',
      debianPackage: 'rabbitmq-server',
      startupTimeoutMs: 90_000,
      async probe() {
        const connection = await amqpConnect(urls.rabbitmqUrl, { timeout: 3_000 });
        connection.on('error', () => undefined);
        await connection.close();
      },
      async start() {
        await sh('rabbitmq-server', ['-detached']);
      },
    },
  ];
}

function errorText(error: unknown): string {
  if (error instanceof AggregateError) return error.errors.map(errorText).join('; ');
  if (error instanceof Error) return [(error as NodeJS.ErrnoException).code, error.message].filter(Boolean).join(' ');
  return String(error);
}

/** Not listening (yet), as opposed to answering and refusing (bad credentials, missing database). */
function looksDown(reason: string): boolean {
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|timeout|timed out|starting up|shutting down|Connection is closed|closed abruptly|terminated/i.test(
    reason,
  );
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/**
 * Makes sure PostgreSQL, Redis and RabbitMQ answer at `urls`. A local server that is installed but not running is
 * started (never stopped); a missing one fails with what to install or which variable to set.
 */
export async function ensureInfrastructure(
  urls: InfrastructureUrls = DEFAULT_INFRASTRUCTURE,
  options: { log?: Log; urlVariables?: Partial<Record<keyof InfrastructureUrls, string>> } = {},
): Promise<void> {
  const log = options.log ?? (() => undefined);
  await Promise.all(
    servers(urls, options.urlVariables ?? {}).map(async (server) => {
      try {
        await server.probe();
        return;
      } catch (error) {
        const reason = errorText(error);
        if (!looksDown(reason)) {
          throw new Error(`${server.label} answered at ${redact(server.url)} but refused us: ${reason}; check ${server.urlVariable}`);
        }
        if (!isLocal(server.url)) {
          throw new Error(`${server.label} is not answering at ${redact(server.url)} (${reason}); check ${server.urlVariable}`);
        }
        if (!onPath(server.binary)) {
          throw new Error(
            `${server.label} is not answering at ${redact(server.url)} and is not installed here: ` +
              `install it (Debian/Ubuntu: apt-get install -y ${server.debianPackage}) ` +
              `or set ${server.urlVariable} to a running server`,
          );
        }
        log(`${server.label} is not answering at ${redact(server.url)} (${reason}): starting it`);
      }
      await server.start();
      await waitFor(
        async () => {
          await server.probe();
          return true;
        },
        { description: `${server.label} to accept connections`, timeoutMs: server.startupTimeoutMs, intervalMs: 500 },
      );
      log(`${server.label} is up`);
    }),
  );
}
