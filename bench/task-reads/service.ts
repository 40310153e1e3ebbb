import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { getFreePort } from '@taskhub/platform-testing';

export interface RunningService {
  readonly baseUrl: string;
  stop(): Promise<void>;
}

/** Runs `node <script>` with `env` and resolves when it exits with 0 (migrations). */
export function runToEnd(script: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited with ${code}`))));
  });
}

/**
 * The task service from dist/ as a child process, as it runs in production (its own event loop and pool), on a free
 * port; resolves once `/health/ready` answers 200 (after its cache warming).
 */
export async function startTaskService(root: string, env: Record<string, string>): Promise<RunningService> {
  const port = await getFreePort();
  const child: ChildProcess = spawn(process.execPath, [join(root, 'dist', 'apps', 'task-service', 'src', 'main.js')], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the task service exited with ${child.exitCode}`);
    const ready = await fetch(`${baseUrl}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error('the task service was not ready within 60 s');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
