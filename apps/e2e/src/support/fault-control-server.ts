import { createServer, type Server } from 'node:http';
import { type FaultProxy } from '@taskhub/platform-testing';

export type FaultAction = 'cut' | 'blackhole' | 'restore';
const ACTIONS = new Set<string>(['cut', 'blackhole', 'restore']);

export type ProcessAction = 'restart' | 'stop' | 'start';
const PROCESS_ACTIONS = new Set<string>(['restart', 'stop', 'start']);

/** What the specs may do to a process of the stack. */
export type ProcessControls = Readonly<Record<ProcessAction, () => Promise<void>>>;

/**
 * The specs run in jest workers, the fault proxies and processes live in the global-setup process: this tiny HTTP API
 * (127.0.0.1 only) lets the specs drive them.
 * - POST /faults/<name>/<cut|blackhole|restore>: <name> is a proxy (`redis:task`, `postgres:task`) or a group
 *   (`redis` = every `redis:*` proxy);
 * - POST /processes/<name>/restart: stops a process with SIGTERM and starts it again with the same settings;
 * - POST /processes/<name>/stop: stops it with SIGTERM (it stays down); POST /processes/<name>/start: starts a stopped
 *   one again with the same settings, answering once it is ready. <name> is `gateway` or a service's app
 *   (`notification-service`).
 */
export async function startFaultControlServer(
  proxies: ReadonlyMap<string, FaultProxy>,
  processes: ReadonlyMap<string, ProcessControls>,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const parts = (req.url ?? '').split('/').filter(Boolean).map(decodeURIComponent);
    if (req.method !== 'POST' || parts.length !== 3) return reply(404, { message: 'unknown control route' });
    const [kind, name, action] = parts as [string, string, string];
    if (kind === 'faults' && ACTIONS.has(action)) {
      const targets = [...proxies.entries()].filter(([key]) => key === name || key.startsWith(`${name}:`));
      if (targets.length === 0) return reply(404, { message: `no fault proxy ${name}`, known: [...proxies.keys()] });
      for (const [, proxy] of targets) proxy[action as FaultAction]();
      return reply(200, { affected: targets.map(([key]) => key), mode: action });
    }
    const controls = kind === 'processes' && PROCESS_ACTIONS.has(action) ? processes.get(name) : undefined;
    if (!controls) return reply(404, { message: `cannot ${action} ${kind}/${name}` });
    controls[action as ProcessAction]().then(
      () => reply(200, { [action === 'restart' ? 'restarted' : action === 'stop' ? 'stopped' : 'started']: name }),
      (error: unknown) => reply(500, { message: error instanceof Error ? error.message : String(error) }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}` };
}
