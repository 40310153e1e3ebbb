import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface StartProcessOptions {
  /** shown as the `[name]` prefix and in error messages */
  readonly name: string;
  readonly command: string;
  readonly args?: readonly string[];
  /** the child's whole environment (merge process.env yourself if you want it) */
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** raw output lines are appended to this file (its folder is created) */
  readonly logFile?: string;
  /** write each line to this process's stdout as `[name] line` (default true) */
  readonly prefixOutput?: boolean;
  /** width the name is padded to, so the streams of several processes line up */
  readonly prefixWidth?: number;
  /** own process group: a terminal Ctrl-C reaches only the supervisor, which then stops the child in order */
  readonly detached?: boolean;
}

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** resolves once the process has exited and its output is fully read */
  readonly exited: Promise<ExitStatus>;
  /** undefined while running */
  readonly exitStatus: ExitStatus | undefined;
  /** the last lines of output (stdout and stderr), for error messages */
  lastLines(count?: number): string[];
}

const COLORS = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94];
let nextColor = 0;
const KEPT_LINES = 200;

/** Spawns a child with line-prefixed, optionally teed output. */
export function startProcess(options: StartProcessOptions): ManagedProcess {
  const prefixOutput = options.prefixOutput ?? true;
  const color = COLORS[nextColor++ % COLORS.length];
  const label = `[${options.name}]`.padEnd((options.prefixWidth ?? 0) + 2);
  const prefix = process.stdout.isTTY ? `\x1b[${color}m${label}\x1b[0m ` : `${label} `;
  let log: WriteStream | undefined;
  if (options.logFile) {
    mkdirSync(path.dirname(options.logFile), { recursive: true });
    log = createWriteStream(options.logFile, { flags: 'a' });
  }
  const child = spawn(options.command, [...(options.args ?? [])], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  const lines: string[] = [];
  const onLine = (line: string): void => {
    lines.push(line);
    if (lines.length > KEPT_LINES) lines.shift();
    log?.write(`${line}\n`);
    if (prefixOutput) process.stdout.write(`${prefix}${line}\n`);
  };
  createInterface({ input: child.stdout }).on('line', onLine);
  createInterface({ input: child.stderr }).on('line', onLine);

  let exitStatus: ExitStatus | undefined;
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('error', (error) => {
      onLine(`failed to start ${options.command}: ${error.message}`);
      exitStatus = { code: 127, signal: null };
      log?.end(() => resolve(exitStatus!));
    });
    child.once('close', (code, signal) => {
      exitStatus ??= { code, signal };
      if (log) log.end(() => resolve(exitStatus!));
      else resolve(exitStatus);
    });
  });
  return {
    name: options.name,
    pid: child.pid ?? -1,
    child,
    exited,
    get exitStatus() {
      return exitStatus;
    },
    lastLines: (count = 20) => lines.slice(-count),
  };
}

/**
 * Sends `signal` (default SIGTERM), waits up to `timeoutMs` (default 10 s), then SIGKILLs.
 * Returns the exit code (null when the process was killed by a signal).
 */
export async function stopProcess(
  managed: ManagedProcess,
  options: { signal?: NodeJS.Signals; timeoutMs?: number } = {},
): Promise<number | null> {
  if (managed.exitStatus) return managed.exitStatus.code;
  managed.child.kill(options.signal ?? 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.timeoutMs ?? 10_000);
  });
  const outcome = await Promise.race([managed.exited, timedOut]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    managed.child.kill('SIGKILL');
    return (await managed.exited).code;
  }
  return outcome.code;
}

/** Polls `url` until it answers `status`; fails as soon as `process` exits, with its last output. */
export async function waitForHttp(
  url: string,
  options: { status?: number; timeoutMs?: number; intervalMs?: number; process?: ManagedProcess } = {},
): Promise<void> {
  const expected = options.status ?? 200;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    const exit = options.process?.exitStatus;
    if (exit) throw new ProcessExitedError(options.process!, exit);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
      await response.arrayBuffer();
      if (response.status === expected) return;
      last = `answered ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}` : String(error);
    }
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${url} to answer ${expected} (${last})`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
}

export class ProcessExitedError extends Error {
  constructor(
    readonly process: ManagedProcess,
    readonly status: ExitStatus,
  ) {
    super(
      `${process.name} exited (${status.signal ?? `code ${status.code}`}) before it was ready; last output:\n` +
        process.lastLines(30).join('\n'),
    );
  }
}

/** A TCP port free on 127.0.0.1 right now (shared with the platform's test helpers). */
export { getFreePort } from '@taskhub/platform-testing';
