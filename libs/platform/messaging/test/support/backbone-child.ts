import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { integrationEnv, waitFor } from '@taskhub/platform-testing';

const SCRIPT = path.resolve(__dirname, '../../../../../dist/libs/platform/messaging/test/support/backbone-process.js');

/** A producer or consumer process (support/backbone-process.ts, run from dist/) and what it printed. */
export class BackboneChild {
  readonly committed: string[] = [];
  duplicates = 0;
  ready = false;
  done = false;
  private readonly output: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(private readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      this.output.push(line);
      if (line === 'ready') this.ready = true;
      else if (line === 'done') this.done = true;
      else if (line === 'duplicate') this.duplicates += 1;
      else if (line.startsWith('committed ')) this.committed.push(line.slice('committed '.length));
    });
    child.stderr?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  static async start(role: 'producer' | 'consumer', databaseUrl: string, env: Record<string, string> = {}): Promise<BackboneChild> {
    if (!existsSync(SCRIPT)) throw new Error(`${SCRIPT} is missing: build first (npm run test:int does)`);
    const child = new BackboneChild(
      spawn(process.execPath, [SCRIPT], {
        env: { ...process.env, ...env, BACKBONE_ROLE: role, DATABASE_URL: databaseUrl, RABBITMQ_URL: integrationEnv().rabbitmqUrl, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    await waitFor(() => child.ready || child.child.exitCode !== null, { description: `the ${role} process to start`, timeoutMs: 20_000 });
    if (!child.ready) throw new Error(`the ${role} process exited at start:\n${child.output.join('\n')}`);
    return child;
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}
