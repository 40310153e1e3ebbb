import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { assertTestDatabaseName } from '@taskhub/platform-testing';

const run = promisify(execFile);

/**
 * Vhosts are managed through the management HTTP API when it answers (`managementUrl`: RABBITMQ_MANAGEMENT_URL,
 * default http://<amqp host>:15672 with the amqp URL's credentials; `.ci/run` enables the plugin): a call takes
 * milliseconds, where every `rabbitmqctl` call boots an Erlang VM (one to two seconds of CPU, and every integration
 * suite and e2e run makes three). Without the plugin (a development machine where it is not enabled), `rabbitmqctl`.
 */
export interface VhostAdmin {
  /** amqp URL of the server; its user gets full permissions on created vhosts */
  readonly amqpUrl: string;
  readonly managementUrl?: string;
}

/** rabbitmqctl is not installed here (RabbitMQ runs in a container or elsewhere). */
export class RabbitmqctlMissing extends Error {}

/**
 * Runs `rabbitmqctl --quiet <args>` against the local node, with `input` on its standard input (a password: never an
 * argument, where a leading `-` reads as an option and any process listing or error message shows it); its error
 * names the command and what it printed.
 */
export async function rabbitmqctl(args: string[], input = ''): Promise<string> {
  try {
    const running = run('rabbitmqctl', ['--quiet', ...args], { timeout: 60_000 });
    running.child.stdin?.end(input);
    const { stdout } = await running;
    return stdout;
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new RabbitmqctlMissing('rabbitmqctl not found');
    throw new Error(`rabbitmqctl ${args.join(' ')} failed: ${(e.stderr ?? e.message).trim()}`);
  }
}

function management(admin: VhostAdmin): { base: string; authorization: string } {
  const amqp = new URL(admin.amqpUrl);
  const base = admin.managementUrl ?? process.env.RABBITMQ_MANAGEMENT_URL ?? `http://${amqp.hostname}:15672`;
  const user = decodeURIComponent(amqp.username) || 'guest';
  const password = decodeURIComponent(amqp.password) || 'guest';
  return { base: base.replace(/\/$/, ''), authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

async function managementCall(admin: VhostAdmin, method: string, path: string, body?: unknown): Promise<void> {
  const { base, authorization } = management(admin);
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new Error(
      `cannot manage RabbitMQ vhosts: rabbitmqctl is not installed and the management API at ${base} does not answer ` +
        `(${error instanceof Error ? error.message : String(error)}); install rabbitmq-server locally, ` +
        'or enable the management plugin and set RABBITMQ_MANAGEMENT_URL',
    );
  }
  if (!response.ok && !(method === 'DELETE' && response.status === 404)) {
    throw new Error(`RabbitMQ management API ${method} ${path} answered ${response.status}: ${await response.text()}`);
  }
}

const managementAnswers = new Map<string, Promise<boolean>>();

/** Whether the management API answers with the admin's credentials (asked once per base URL and process). */
function managementAvailable(admin: VhostAdmin): Promise<boolean> {
  const { base, authorization } = management(admin);
  let answer = managementAnswers.get(base);
  if (!answer) {
    answer = fetch(`${base}/api/overview`, { headers: { authorization }, signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.ok,
      () => false,
    );
    managementAnswers.set(base, answer);
  }
  return answer;
}

/** The management API when it answers; otherwise rabbitmqctl, and the API's error when rabbitmqctl is not installed. */
async function either(admin: VhostAdmin, viaCtl: () => Promise<void>, viaApi: () => Promise<void>): Promise<void> {
  if (await managementAvailable(admin)) return viaApi();
  try {
    await viaCtl();
  } catch (error) {
    if (!(error instanceof RabbitmqctlMissing)) throw error;
    await viaApi();
  }
}

export async function listVhosts(): Promise<string[]> {
  const out = await rabbitmqctl(['list_vhosts', '--no-table-headers', 'name']);
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Creates a test vhost (idempotent) and gives the amqp URL's user full permissions on it. */
export async function createVhost(vhost: string, admin: VhostAdmin): Promise<void> {
  assertTestDatabaseName(vhost);
  const user = amqpUser(admin.amqpUrl);
  await either(
    admin,
    async () => {
      await rabbitmqctl(['add_vhost', vhost]).catch((error: unknown) => {
        if (!/already.?exists/i.test(String(error))) throw error; // older servers refuse an existing vhost
      });
      await rabbitmqctl(['set_permissions', '-p', vhost, user, '.*', '.*', '.*']);
    },
    async () => {
      await managementCall(admin, 'PUT', `/api/vhosts/${encodeURIComponent(vhost)}`);
      await managementCall(admin, 'PUT', `/api/permissions/${encodeURIComponent(vhost)}/${encodeURIComponent(user)}`, {
        configure: '.*',
        write: '.*',
        read: '.*',
      });
    },
  );
}

/** Deletes a test vhost with its queues and exchanges; a vhost that does not exist is fine. */
export async function deleteVhost(vhost: string, admin: VhostAdmin): Promise<void> {
  assertTestDatabaseName(vhost);
  await either(
    admin,
    async () => {
      try {
        await rabbitmqctl(['delete_vhost', vhost]);
      } catch (error) {
        if (!/not.?found|does not exist|no_such_vhost/i.test(String(error))) throw error;
      }
    },
    () => managementCall(admin, 'DELETE', `/api/vhosts/${encodeURIComponent(vhost)}`),
  );
}

/** The user name in an amqp:// URL (guest by default). */
export function amqpUser(url: string): string {
  return decodeURIComponent(new URL(url).username) || 'guest';
}
