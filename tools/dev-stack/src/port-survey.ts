import { connect } from 'node:net';
import { MAX_REPLICAS, serviceReplicas } from '@taskhub/tooling-stack';
import { GATEWAY_PROXY_PORT, GATEWAY_STATUS_PORT, serviceInstances, type DevStackConfig } from './dev-stack-config';

export type PortState = 'free' | 'taskhub' | 'foreign';

export interface PortReport {
  readonly name: string;
  readonly port: number;
  readonly state: PortState;
  /** what answered, for "taken by something else" */
  readonly detail?: string;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function answers(url: string): Promise<{ ok: boolean; detail: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    const body = (await response.text()).slice(0, 80).replace(/\s+/g, ' ');
    return { ok: response.status === 200, detail: `GET ${url} answered ${response.status} ${body}` };
  } catch (error) {
    return { ok: false, detail: `GET ${url} failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export interface PortSurvey {
  /** the ports this start needs: every instance's, the gateway's two */
  readonly needed: readonly PortReport[];
  /**
   * TaskHub instances answering on the ports of instances beyond the configured counts (`task-service#3` on 3203 when
   * TASK_REPLICAS=2): a stack started with more replicas than this start asks for
   */
  readonly surplus: readonly PortReport[];
}

/**
 * What is on each port the dev stack needs: free, a running TaskHub process (its /health/live or the gateway's
 * /status answers 200), or something else; and which instance ports beyond the configured replica counts (up to
 * MAX_REPLICAS per service) a running TaskHub holds.
 */
export async function surveyPorts(config: DevStackConfig): Promise<PortSurvey> {
  const surplus = config.services.flatMap((s) =>
    serviceReplicas(s.app, s.port, MAX_REPLICAS)
      .slice(config.replicas[s.name])
      .map((i) => ({ name: `${s.app}#${i.index}`, port: i.port, probe: `http://127.0.0.1:${i.port}/health/live` })),
  );
  const [needed, beyond] = await Promise.all([survey(neededChecks(config)), survey(surplus)]);
  return { needed, surplus: beyond.filter((r) => r.state === 'taskhub') };
}

function neededChecks(config: DevStackConfig): { name: string; port: number; probe: string }[] {
  return [
    ...config.services.flatMap((s) =>
      serviceInstances(config, s).map((i) => ({ name: i.name, port: i.port, probe: `http://127.0.0.1:${i.port}/health/live` })),
    ),
    { name: 'gateway status', port: GATEWAY_STATUS_PORT, probe: `http://127.0.0.1:${GATEWAY_STATUS_PORT}/status` },
    // the proxy port has no health route of its own: it is TaskHub's when the status port next to it is
    { name: 'gateway proxy', port: GATEWAY_PROXY_PORT, probe: `http://127.0.0.1:${GATEWAY_STATUS_PORT}/status` },
  ];
}

function survey(checks: readonly { name: string; port: number; probe: string }[]): Promise<PortReport[]> {
  return Promise.all(
    checks.map(async ({ name, port, probe }): Promise<PortReport> => {
      if (!(await listening(port))) return { name, port, state: 'free' };
      const answer = await answers(probe);
      return answer.ok ? { name, port, state: 'taskhub' } : { name, port, state: 'foreign', detail: answer.detail };
    }),
  );
}
