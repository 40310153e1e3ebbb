import { GATEWAY_PROXY_PORT, GATEWAY_STATUS_PORT, serviceInstances, type DevStackConfig } from './dev-stack-config';

const tty = process.stdout.isTTY;
const bold = (s: string): string => (tty ? `\x1b[1m${s}\x1b[0m` : s);

/** One line from the dev stack itself, set apart from the services' prefixed streams. */
export function say(line: string): void {
  process.stdout.write(`${bold('[dev-stack]')} ${line}\n`);
}

export function readinessSummary(config: DevStackConfig, heading: string): string {
  const pad = (s: string): string => s.padEnd(24);
  const lines = [
    '',
    bold(heading),
    `  ${pad('gateway (proxy)')}http://127.0.0.1:${GATEWAY_PROXY_PORT}/api/v1/...   e.g. curl -i http://127.0.0.1:${GATEWAY_PROXY_PORT}/api/v1/tasks/x`,
    `  ${pad('gateway status')}http://127.0.0.1:${GATEWAY_STATUS_PORT}/status   metrics http://127.0.0.1:${GATEWAY_STATUS_PORT}/metrics`,
    ...config.services.flatMap((s) =>
      serviceInstances(config, s).map(
        (i) => `  ${pad(i.name)}http://127.0.0.1:${i.port}/health   ready /health/ready   metrics http://127.0.0.1:${i.port}/metrics`,
      ),
    ),
    `  ${pad('logs')}${config.logDir}/<name>.log`,
    '',
  ];
  return lines.join('\n');
}
