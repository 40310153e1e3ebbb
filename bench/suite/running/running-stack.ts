import { SERVICE_CATALOG } from '@taskhub/platform-config';
import { MAX_REPLICAS, serviceReplicas } from '@taskhub/tooling-stack';
import { type BenchTarget } from '../bench-target';
import { BenchApi } from './bench-api';
import { listeningPid } from './listening-pid';
import { RunningData, type RunningDataOptions } from './running-data';

export interface RunningStackOptions extends Omit<RunningDataOptions, 'log'> {
  readonly gatewayUrl: string;
  readonly taskServiceUrl: string;
  /** also look for the other services and task-service replicas on `npm start`'s ports (3001-3004, 3103, ...) */
  readonly devStackPorts: boolean;
  readonly log: (line: string) => void;
}

const portOf = (url: string): number => {
  const u = new URL(url);
  return Number(u.port || (u.protocol === 'https:' ? 443 : 80));
};
const local = (url: string): boolean => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);

/**
 * A TaskHub that is already running (`npm start`, the e2e stack, anything reachable): the bench attaches to its
 * gateway and task service, finds or makes its own users and data there through the API (running-data.ts), and
 * reads the CPU of the processes listening on its ports when they are on this machine. It starts nothing and stops
 * nothing; its rate limits stay as they are.
 */
export class RunningStack implements BenchTarget {
  readonly kind = 'running';
  readonly gatewayTwoTasksUrl = '';
  readonly pids = new Map<string, number>();

  private constructor(
    readonly gatewayUrl: string,
    readonly taskServiceUrl: string,
    readonly data: RunningData,
  ) {}

  static async attach(options: RunningStackOptions): Promise<RunningStack> {
    const { log } = options;
    for (const url of [`${options.taskServiceUrl}/health/ready`, `${options.gatewayUrl}/api/v1/auth/me`]) {
      const answer = await fetch(url).catch((error: unknown) => {
        throw new Error(`the running stack does not answer at ${url} (${String(error)}): start it (npm start) or set BENCH_GATEWAY_URL and BENCH_TASK_SERVICE_URL`);
      });
      await answer.arrayBuffer();
    }
    log(`running stack: gateway ${options.gatewayUrl}, task service ${options.taskServiceUrl}; its rate limits apply (docs/performance.md, "Against a running stack")`);
    const data = await RunningData.prepare(new BenchApi(options.gatewayUrl, log), options);
    const stack = new RunningStack(options.gatewayUrl, options.taskServiceUrl, data);
    stack.findPids(options);
    return stack;
  }

  /** The pids listening on the stack's ports (this machine's, this user's processes only), labelled as the scratch stack's. */
  private findPids(options: RunningStackOptions): void {
    const candidates = new Map<string, string>([
      ['gateway', options.gatewayUrl],
      ['task-service', options.taskServiceUrl],
    ]);
    if (options.devStackPorts) {
      for (const s of SERVICE_CATALOG) {
        for (const r of serviceReplicas(s.app, s.port, MAX_REPLICAS)) {
          const label = r.index === 1 ? s.app : `${s.app}-${r.index}`;
          if (!candidates.has(label)) candidates.set(label, `http://127.0.0.1:${r.port}`);
        }
      }
    }
    const missing: string[] = [];
    for (const [label, url] of candidates) {
      const pid = local(url) ? listeningPid(portOf(url)) : undefined;
      if (pid !== undefined) this.pids.set(label, pid);
      else if (label === 'gateway' || label === 'task-service') missing.push(label);
    }
    const found = [...this.pids].map(([label, pid]) => `${label} ${pid}`).join(', ');
    options.log(`running stack: CPU per process by pid for ${found || 'none'}${missing.length ? `; not found (elsewhere, or another user's): ${missing.join(', ')}` : ''}`);
  }

  /** Stops nothing: the stack is not the bench's. Its rows stay (docs/performance.md says how to remove them). */
  stop(): Promise<void> {
    this.data.close();
    return Promise.resolve();
  }
}
