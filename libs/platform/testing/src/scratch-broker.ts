import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { getFreePort } from './free-port';
import { integrationEnv } from './integration-env';

const exec = promisify(execFile);

/**
 * A RabbitMQ node of this test run alone (its own node name, ports and data directory under the system temp folder),
 * so a fault test can stop and start a real broker without cutting every other client of the machine's broker, or
 * another test run. Needs rabbitmq-server and rabbitmqctl on the machine (CI has them); starts in ~5 s.
 */
export class ScratchBroker {
  private constructor(
    readonly node: string,
    readonly amqpUrl: string,
    /** http://127.0.0.1:<port> with `management: true` (user guest), else undefined */
    readonly managementUrl: string | undefined,
    private readonly dir: string,
  ) {}

  /** `management`: with the management plugin, its HTTP API on a free port of 127.0.0.1 (a few seconds more to start) */
  static async start(label: string, options: { management?: boolean } = {}): Promise<ScratchBroker> {
    const node = `taskhub-${label}-${integrationEnv().runId}@localhost`;
    const dir = await mkdtemp(path.join(tmpdir(), `taskhub-broker-${label}-`));
    const [amqpPort, distPort, managementPort] = [await getFreePort(), await getFreePort(), await getFreePort()];
    await mkdir(path.join(dir, 'mnesia'));
    await mkdir(path.join(dir, 'log'));
    await writeFile(path.join(dir, 'enabled_plugins'), options.management ? '[rabbitmq_management].\n' : '[].\n');
    const management = options.management ? `management.tcp.ip = 127.0.0.1\nmanagement.tcp.port = ${managementPort}\n` : '';
    await writeFile(path.join(dir, 'rabbitmq.conf'), `listeners.tcp.local = 127.0.0.1:${amqpPort}\n${management}`);
    // the server scripts drop to the rabbitmq user when started as root
    for (const p of [dir, 'mnesia', 'log', 'enabled_plugins', 'rabbitmq.conf']) await chmod(p === dir ? dir : path.join(dir, p), 0o777);
    const env = {
      ...process.env,
      RABBITMQ_NODENAME: node,
      RABBITMQ_NODE_PORT: String(amqpPort),
      RABBITMQ_DIST_PORT: String(distPort),
      RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
      RABBITMQ_LOG_BASE: path.join(dir, 'log'),
      RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'),
      RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq.conf'),
      RABBITMQ_PID_FILE: path.join(dir, 'pid'),
    };
    await exec('rabbitmq-server', ['-detached'], { env, timeout: 60_000 });
    const managementUrl = options.management ? `http://127.0.0.1:${managementPort}` : undefined;
    const broker = new ScratchBroker(node, `amqp://guest:guest@127.0.0.1:${amqpPort}`, managementUrl, dir);
    await broker.ctl('wait', path.join(dir, 'pid'), '--timeout', '60');
    if (options.management) await broker.ctl('await_startup', '--timeout', '60');
    return broker;
  }

  /** `rabbitmqctl -n <this node> <args>` */
  async ctl(...args: string[]): Promise<void> {
    await exec('rabbitmqctl', ['-n', this.node, '--quiet', ...args], { timeout: 90_000 });
  }

  /** Halts the node and removes its data. */
  async stop(): Promise<void> {
    await this.ctl('stop').catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }
}
