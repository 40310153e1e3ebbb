import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { stringify } from 'yaml';
import { readGatewayEnv } from '../../src/config/gateway-env';
import { Gateway } from '../../src/gateway';
import { createGatewayLogger } from '../../src/logging/gateway-logger';
import { tempDir } from './temp-dirs';

export const REPO_ROOT = resolve(__dirname, '../../../..');

/** Captured JSON log lines of an in-process gateway. */
export class LogCapture extends Writable {
  readonly lines: Record<string, unknown>[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.lines.push(JSON.parse(line) as Record<string, unknown>);
    callback();
  }
}

export function writeTempConfig(doc: object): string {
  const dir = tempDir('taskhub-gateway-');
  const path = join(dir, 'kong.yml');
  writeFileSync(path, stringify(doc));
  return path;
}

export interface StartedGateway {
  readonly gateway: Gateway;
  readonly url: string;
  readonly statusUrl: string;
  readonly logs: LogCapture;
  close(): Promise<void>;
}

/** Starts the gateway in this process on ephemeral ports with the given declarative file. */
export async function startGateway(configPath: string, env: Record<string, string> = {}): Promise<StartedGateway> {
  const logs = new LogCapture();
  const gatewayEnv = readGatewayEnv({
    KONG_DECLARATIVE_CONFIG: configPath,
    KONG_PROXY_LISTEN: '127.0.0.1:0',
    KONG_STATUS_LISTEN: '127.0.0.1:0',
    LOG_LEVEL: 'info',
    ...env,
  });
  const gateway = Gateway.create(gatewayEnv, createGatewayLogger('info', logs));
  await gateway.listen();
  return {
    gateway,
    url: `http://127.0.0.1:${gateway.proxyPort}`,
    statusUrl: `http://127.0.0.1:${gateway.statusPort}`,
    logs,
    close: () => gateway.close(),
  };
}

export interface ProcessResult {
  readonly code: number | null;
  readonly output: string;
}

/**
 * Runs the built gateway (`npm run build` first: dist/apps/gateway/src/main.js) until it exits or prints
 * "gateway listening"; in the latter case it is stopped with SIGTERM.
 */
export function runBuiltGateway(env: Record<string, string>, timeoutMs = 10_000): Promise<ProcessResult & { listening: boolean }> {
  const main = join(REPO_ROOT, 'dist/apps/gateway/src/main.js');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [main], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let listening = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gateway neither exited nor listened within ${timeoutMs} ms; output:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (!listening && output.includes('gateway listening')) {
        listening = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, output, listening });
    });
  });
}

/** host:port of a redis:// URL, for GATEWAY_CONNECT_TO. */
export function redisAddress(redisUrl: string): string {
  const url = new URL(redisUrl);
  return `${url.hostname}:${url.port || 6379}`;
}

/**
 * The variables kong/kong.yml's rate-limiting reads its Redis user from (`{vault://env/...}`), set to the user of the
 * test infrastructure's REDIS_URL: `default` with its password, if any (these specs share the test Redis as admin; the
 * e2e stack gives the gateway its own ACL user).
 */
export function gatewayRedisUserEnv(redisUrl: string): Record<string, string> {
  const url = new URL(redisUrl);
  return {
    TASKHUB_GATEWAY_REDIS_USER: decodeURIComponent(url.username) || 'default',
    TASKHUB_GATEWAY_REDIS_PASSWORD: decodeURIComponent(url.password),
  };
}
