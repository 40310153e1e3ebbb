import path from 'node:path';
import { waitFor } from '@taskhub/platform-testing';
import { getFreePort, startProcess, stopProcess, waitForHttp, type ManagedProcess } from '@taskhub/tooling-stack';
import { http } from '../support/e2e-client';
import { stackInfo } from '../support/stack-info';

jest.setTimeout(90_000);

describe('graceful shutdown', () => {
  let extra: ManagedProcess | undefined;

  afterEach(async () => {
    if (extra) await stopProcess(extra, { signal: 'SIGKILL', timeoutMs: 5_000 });
  });

  it('should answer /health/ready 503 while draining after SIGTERM, then exit 0', async () => {
    const info = stackInfo();
    const port = await getFreePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    // a dedicated instance, like the shared task service, so the rest of the stack is unaffected
    extra = startProcess({
      name: 'task-extra',
      command: process.execPath,
      args: [path.join(info.root, 'dist/apps/task-service/src/main.js')],
      env: { ...info.services.task.env, PATH: process.env.PATH ?? '', PORT: String(port), SHUTDOWN_DRAIN_DELAY_MS: '5000' },
      cwd: info.root,
      logFile: path.join(info.logDir, 'task-extra.log'),
      prefixOutput: false,
    });
    await waitForHttp(`${baseUrl}/health/ready`, { process: extra, timeoutMs: 60_000 });

    extra.child.kill('SIGTERM');

    const draining = await waitFor(
      async () => {
        const response = await http(`${baseUrl}/health/ready`, { timeoutMs: 1_000 });
        return response.status === 503 && response;
      },
      { description: 'readiness to turn 503 during the drain delay', timeoutMs: 5_000, intervalMs: 50 },
    );
    expect(draining.status).toBe(503);
    const status = await Promise.race([
      extra.exited,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('did not exit within 15 s of SIGTERM')), 15_000).unref()),
    ]);
    expect(status).toEqual({ code: 0, signal: null });
  });
});
