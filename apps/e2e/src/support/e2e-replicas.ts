import path from 'node:path';
import { SERVICE_CATALOG, type ServiceName } from '@taskhub/platform-config';
import { waitFor } from '@taskhub/platform-testing';
import { connectToEntry, getFreePort, replicaName, startProcess, stopProcess, waitForHttp, type ManagedProcess } from '@taskhub/tooling-stack';
import { http } from './e2e-client';
import { startExtraGateway } from './extra-gateway';
import { stackInfo } from './stack-info';

const READY_TIMEOUT_MS = 90_000;

/** One instance of a service, reached on its own port. */
export interface E2eInstance {
  /** `task-service#1` (the stack's) or `task-service#2` (started by E2eReplicas) */
  readonly name: string;
  readonly baseUrl: string;
}

/**
 * A second instance of some services beside the stack's, with the stack instance's environment (same database, Redis
 * user and prefixes, vhost, signing keys, settings), only its port differs: what `npm start` does with
 * `<SERVICE>_REPLICAS=2`. And a gateway running kong/kong.yml whose GATEWAY_CONNECT_TO maps each such service's DNS
 * name to both instances, so its upstream balances them round-robin (docs/gateway.md).
 */
export class E2eReplicas {
  private readonly processes: ManagedProcess[] = [];
  private readonly instances = new Map<ServiceName, readonly E2eInstance[]>();
  private gatewayProcess?: ManagedProcess;
  gatewayUrl = '';
  gatewayStatusUrl = '';

  /** `[#1 the stack's, #2 new]` for every service named; then the gateway over them. */
  static async start(services: readonly ServiceName[]): Promise<E2eReplicas> {
    const replicas = new E2eReplicas();
    try {
      await Promise.all(services.map((s) => replicas.startSecond(s)));
      await replicas.startGateway();
      return replicas;
    } catch (error) {
      await replicas.stop();
      throw error;
    }
  }

  /** The instances of `service`: the stack's alone unless this started a second one. */
  of(service: ServiceName): readonly E2eInstance[] {
    const info = stackInfo().services[service];
    return this.instances.get(service) ?? [{ name: info.app, baseUrl: info.baseUrl }];
  }

  /** SIGTERM to the gateway, then to the second instances; each must exit 0 (a clean graceful shutdown). */
  async stop(): Promise<number[]> {
    const codes: number[] = [];
    if (this.gatewayProcess) codes.push((await stopProcess(this.gatewayProcess, { timeoutMs: 10_000 })) ?? -1);
    codes.push(...(await Promise.all(this.processes.map(async (p) => (await stopProcess(p, { timeoutMs: 20_000 })) ?? -1))));
    return codes;
  }

  private async startSecond(service: ServiceName): Promise<void> {
    const info = stackInfo();
    const stack = info.services[service];
    const port = await getFreePort();
    const name = replicaName(stack.app, 2, 2);
    const child = startProcess({
      name,
      command: process.execPath,
      args: ['--enable-source-maps', path.join(info.root, 'dist/apps', stack.app, 'src/main.js')],
      env: { ...stack.env, PATH: process.env.PATH ?? '', PORT: String(port) },
      cwd: info.root,
      logFile: path.join(info.logDir, `${stack.app}-2.log`),
      prefixOutput: false,
    });
    this.processes.push(child);
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForHttp(`${baseUrl}/health/ready`, { process: child, timeoutMs: READY_TIMEOUT_MS });
    this.instances.set(service, [{ name: replicaName(stack.app, 1, 2), baseUrl: stack.baseUrl }, { name, baseUrl }]);
  }

  private async startGateway(): Promise<void> {
    const [proxyPort, statusPort] = [await getFreePort(), await getFreePort()];
    this.gatewayUrl = `http://127.0.0.1:${proxyPort}`;
    this.gatewayStatusUrl = `http://127.0.0.1:${statusPort}`;
    const connectTo = SERVICE_CATALOG.map((s) => connectToEntry(s.app, s.port, this.of(s.name).map((i) => ({ host: '127.0.0.1', port: Number(new URL(i.baseUrl).port) }))));
    this.gatewayProcess = startExtraGateway({ name: 'gateway-replicas', connectTo, proxyPort, statusListen: `127.0.0.1:${statusPort}` });
    await waitForHttp(`${this.gatewayStatusUrl}/status`, { process: this.gatewayProcess, timeoutMs: READY_TIMEOUT_MS });
    const expected = SERVICE_CATALOG.reduce((n, s) => n + this.of(s.name).length, 0);
    // the active checks may mark an instance unhealthy while the gateway starts: wait for every address in the ring
    await waitFor(
      async () => {
        const health = (await http(`${this.gatewayStatusUrl}/metrics`)).text
          .split('\n')
          .filter((line) => line.startsWith('kong_upstream_target_health{') && line.endsWith(' 1'));
        return health.length === expected && health.every((line) => line.includes('state="healthy"'));
      },
      { description: `the ${expected} addresses of the replicas gateway healthy`, timeoutMs: READY_TIMEOUT_MS, intervalMs: 250 },
    );
  }
}

/**
 * The sum of the samples of counter `name` whose labels include every one of `labels`, in a Prometheus text
 * exposition (0 when none matches).
 */
export function counterValue(exposition: string, name: string, labels: Readonly<Record<string, string>> = {}): number {
  let sum = 0;
  for (const line of exposition.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const sample = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => sample[key] === value)) sum += Number(match[3]);
  }
  return sum;
}

/** Counter `name` (filtered by `labels`) as `instance`'s GET /metrics shows it now. */
export async function instanceCounter(instance: E2eInstance, name: string, labels: Readonly<Record<string, string>> = {}): Promise<number> {
  const response = await http(`${instance.baseUrl}/metrics`);
  if (response.status !== 200) throw new Error(`${instance.name} /metrics answered ${response.status}`);
  return counterValue(response.text, name, labels);
}
