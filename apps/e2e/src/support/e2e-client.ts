import { readFileSync } from 'node:fs';
import { type ServiceName } from '@taskhub/platform-config';
import { Agent, fetch, Headers, type RequestInit } from 'undici';
import { accessToken } from './e2e-tokens';
import { stackInfo } from './stack-info';

export interface HttpResult {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** how long the whole exchange took */
  readonly durationMs: number;
  json<T = Record<string, unknown>>(): T;
}

/**
 * The specs' connections. An idle keep-alive connection is dropped after 4 s whatever the server's `Keep-Alive:
 * timeout` says: the gateway keeps idle clients for 60 s, and a connection left idle by one spec for about that long
 * (the bench smoke runs for a minute) could be reused just as the gateway closed it ("other side closed").
 */
const agent = new Agent({ keepAliveTimeout: 4_000, keepAliveMaxTimeout: 4_000 });

/** One request with a hard deadline: a hang fails the test with a clear message instead of stalling the suite. */
export async function http(url: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<HttpResult> {
  const started = Date.now();
  const timeoutMs = init.timeoutMs ?? 10_000;
  let response: Awaited<ReturnType<typeof fetch>>;
  let text: string;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), dispatcher: agent });
    text = await response.text();
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') throw new Error(`${init.method ?? 'GET'} ${url} hung for over ${timeoutMs} ms`);
    throw error;
  }
  return {
    status: response.status,
    headers: response.headers,
    text,
    durationMs: Date.now() - started,
    json: <T>() => JSON.parse(text) as T,
  };
}

/**
 * A request through the gateway, as a signed-in user would make it: with a valid access token unless the caller
 * sets its own Authorization header or asks for an `anonymous` request.
 */
export function viaGateway(path: string, init: RequestInit & { timeoutMs?: number; anonymous?: boolean } = {}): Promise<HttpResult> {
  const { anonymous, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (!anonymous && !headers.has('authorization')) headers.set('authorization', `Bearer ${accessToken()}`);
  return http(`${stackInfo().gateway.proxyUrl}${path}`, { ...rest, headers });
}

/** A request straight to one service's own port (health, metrics). */
export function toService(service: ServiceName, path: string, init?: RequestInit & { timeoutMs?: number }): Promise<HttpResult> {
  return http(`${stackInfo().services[service].baseUrl}${path}`, init);
}

async function control(path: string): Promise<void> {
  const result = await http(`${stackInfo().controlUrl}${path}`, { method: 'POST', timeoutMs: 150_000 });
  if (result.status !== 200) throw new Error(`control ${path} answered ${result.status}: ${result.text}`);
}

/** Outages simulated by the fault proxies: `redis` (every Redis connection), `redis:task`, `postgres:task`, ... */
export const faults = {
  cut: (name: string) => control(`/faults/${encodeURIComponent(name)}/cut`),
  blackhole: (name: string) => control(`/faults/${encodeURIComponent(name)}/blackhole`),
  restore: (name: string) => control(`/faults/${encodeURIComponent(name)}/restore`),
};

/** SIGTERM to the gateway, then the same gateway started again; resolves once its /status answers. */
export function restartGateway(): Promise<void> {
  return control('/processes/gateway/restart');
}

/**
 * Stops a service (SIGTERM; `notification-service`, ...) until `startProcess`: its events wait in its queues. Start it
 * again in the same spec (a `finally`), or every later spec runs without it.
 */
export function stopProcess(app: string): Promise<void> {
  return control(`/processes/${encodeURIComponent(app)}/stop`);
}

/** Starts a service stopped by stopProcess again, with the same settings; resolves once it is ready. */
export function startProcess(app: string): Promise<void> {
  return control(`/processes/${encodeURIComponent(app)}/start`);
}

/** Status of one dependency in a /health body (Terminus shape: info/error/details.<name>.status). */
export function componentStatus(body: Record<string, unknown>, component: string): string | undefined {
  for (const section of ['details', 'info', 'error']) {
    const entry = (body[section] as Record<string, { status?: string }> | undefined)?.[component];
    if (entry?.status) return entry.status;
  }
  return undefined;
}

/** The JSON log lines a process has written so far (non-JSON lines skipped). */
export function logLines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line): Record<string, unknown>[] => {
      try {
        const parsed = JSON.parse(line) as unknown;
        return typeof parsed === 'object' && parsed !== null ? [parsed as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    });
}

/** Runs `task` `count` times with at most `concurrency` in flight; results in order. */
export async function boundedConcurrency<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, () => worker()));
  return results;
}

/** A task that exists nowhere: the task service answers it 404 TASK.NOT_FOUND after checking the token and the database. */
export const UNKNOWN_TASK_PATH = '/api/v1/tasks/00000000-0000-4000-8000-000000000000';

export const SERVICES: readonly ServiceName[] = ['auth', 'user', 'task', 'notification'];
