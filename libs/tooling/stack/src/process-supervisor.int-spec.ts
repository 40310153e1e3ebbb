import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getFreePort, startProcess, stopProcess, waitForHttp } from './process-supervisor';

const node = process.execPath;

describe(startProcess.name, () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'taskhub-supervisor-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should tee every output line to the log file and keep the last lines', async () => {
    const logFile = path.join(dir, 'logs', 'child.log');
    const child = startProcess({
      name: 'child',
      command: node,
      args: ['-e', 'console.log("one"); console.error("two"); console.log("three")'],
      logFile,
      prefixOutput: false,
    });

    const status = await child.exited;

    expect(status.code).toBe(0);
    expect(readFileSync(logFile, 'utf8').split('\n').filter(Boolean).sort()).toEqual(['one', 'three', 'two']);
    expect(child.lastLines(10)).toHaveLength(3);
  });

  it('should stop a process with SIGTERM and return its exit code', async () => {
    const script = 'process.on("SIGTERM", () => { console.log("bye"); process.exit(0) }); console.log("up"); setInterval(() => {}, 1000)';
    const child = startProcess({ name: 'graceful', command: node, args: ['-e', script], prefixOutput: false });
    await waitForLine(child.lastLines, 'up');

    await expect(stopProcess(child, { timeoutMs: 5_000 })).resolves.toBe(0);
    expect(child.lastLines()).toContain('bye');
  });

  it('should kill a process that ignores SIGTERM after the timeout', async () => {
    const script = 'process.on("SIGTERM", () => {}); console.log("up"); setInterval(() => {}, 1000)';
    const child = startProcess({ name: 'stubborn', command: node, args: ['-e', script], prefixOutput: false });
    await waitForLine(child.lastLines, 'up');

    await expect(stopProcess(child, { timeoutMs: 300 })).resolves.toBeNull();
    expect(child.exitStatus?.signal).toBe('SIGKILL');
  });
});

describe(waitForHttp.name, () => {
  it('should resolve once the URL answers the expected status', async () => {
    const port = await getFreePort();
    const server = createServer((_req, res) => res.writeHead(200).end('ok'));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      await expect(waitForHttp(`http://127.0.0.1:${port}/`, { timeoutMs: 2_000 })).resolves.toBeUndefined();
    } finally {
      server.close();
    }
  });

  it('should fail fast with the last output when the process dies before answering', async () => {
    const port = await getFreePort();
    const child = startProcess({
      name: 'crasher',
      command: node,
      args: ['-e', 'console.error("config error: DATABASE_URL is malformed"); process.exit(3)'],
      prefixOutput: false,
    });
    const started = Date.now();

    await expect(waitForHttp(`http://127.0.0.1:${port}/health/ready`, { process: child, timeoutMs: 20_000 })).rejects.toThrow(
      /crasher exited \(code 3\)[\s\S]*DATABASE_URL is malformed/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

async function waitForLine(lines: () => string[], line: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!lines().includes(line)) {
    if (Date.now() > deadline) throw new Error(`no line "${line}"`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
