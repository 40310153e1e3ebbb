import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { getFreePort, integrationEnv, waitFor } from '@taskhub/platform-testing';

const DIST_SUPPORT = path.resolve(__dirname, '../../../../../dist/libs/platform/http/test/support');
/** support/traced-service.ts: an HTTP route writing an event, the relay and a consumer, traced */
export const TRACED_SERVICE = path.join(DIST_SUPPORT, 'traced-service.js');
/** support/consumer-service.ts: a consumer with a slow handler, wired by PlatformModule's `consumers` */
export const CONSUMER_SERVICE = path.join(DIST_SUPPORT, 'consumer-service.js');

/** A JSON log line of the child. */
export type LogLine = Readonly<Record<string, unknown>> & { readonly msg?: string };


/** A test service of this folder (support/*-service.ts) in a process of its own, run from dist/, and its log lines. */
export class ServiceProcess {
  readonly lines: LogLine[] = [];
  private readonly output: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      this.output.push(line);
      try {
        this.lines.push(JSON.parse(line) as LogLine);
      } catch {
        // not a log line
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Starts it against this run's Redis and vhost and resolves once it listens (its consumer subscribed before). */
  static async start(script: string, databaseUrl: string, env: Record<string, string>): Promise<ServiceProcess> {
    if (!existsSync(script)) throw new Error(`${script} is missing: build first (npm run test:int does)`);
    const test = integrationEnv();
    const port = await getFreePort();
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_')));
    const child = new ServiceProcess(
      spawn(process.execPath, [script], {
        env: {
          ...inherited,
          NODE_ENV: 'test',
          HOST: '127.0.0.1',
          PORT: String(port),
          DATABASE_URL: databaseUrl,
          REDIS_URL: test.redisUrl,
          REDIS_KEY_PREFIX: `${test.redisKeyPrefix}traced:`,
          REDIS_SHARED_KEY_PREFIX: `${test.redisKeyPrefix}shared:`,
          JWT_PUBLIC_KEYS_DIR: test.jwtKeysDir,
          RABBITMQ_URL: test.rabbitmqUrl,
          LOG_LEVEL: 'info',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
      `http://127.0.0.1:${port}`,
    );
    await waitFor(() => child.lines.some((l) => l.msg?.includes(' listening on ')) || child.child.exitCode !== null, {
      description: `${path.basename(script)} to listen`,
      timeoutMs: 30_000,
    });
    if (child.child.exitCode !== null) throw new Error(`${path.basename(script)} exited at start:\n${child.output.join('\n')}`);
    return child;
  }

  /** Resolves with the first log line that matches, once it is written. */
  waitForLine(description: string, match: (line: LogLine) => boolean, timeoutMs = 20_000): Promise<LogLine> {
    return waitFor(() => this.lines.find(match), { description, timeoutMs, intervalMs: 20 });
  }

  /** Sends SIGTERM (a graceful shutdown) and resolves with how it exited. */
  async terminate(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.child.kill('SIGTERM');
    return this.exited;
  }

  /** what it printed, for a failure message */
  get transcript(): string {
    return this.output.join('\n');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}
