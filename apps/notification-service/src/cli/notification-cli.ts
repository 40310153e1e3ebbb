import { loadServiceConfig } from '@taskhub/platform-config';
import { Client } from 'pg';
import { NotificationServiceConfig } from '../config/notification.config';

export const USAGE = `usage:
  notification-admin emails parked               e-mails parked after failing (id, template, attempts, last error)
  notification-admin emails replay [<id> ...]    queue parked e-mails again (all, or those ids), attempts reset;
                                                 the running senders pick them up within EMAIL_POLL_INTERVAL_MS
environment: the notification service's (DATABASE_URL, ...; docs/notifications.md)`;

export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  out(line: string): void;
}

class UsageError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Operator commands of the notification service; returns the exit code. */
export async function runNotificationCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const config = loadServiceConfig(NotificationServiceConfig, io.env, { credentialsUsed: ['DATABASE_URL'] });
    const [group, command, ...args] = argv;
    if (group !== 'emails' || (command !== 'parked' && command !== 'replay')) throw new UsageError(group === undefined ? 'no command' : `unknown command: ${argv.join(' ')}`);
    const bad = args.find((id) => !UUID.test(id));
    if (bad !== undefined) throw new UsageError(`not an e-mail id: ${bad}`);
    const client = new Client({ connectionString: config.databaseUrl, application_name: 'notification-admin' });
    await client.connect();
    try {
      return command === 'parked' ? await parked(client, io) : await replay(client, args, io);
    } finally {
      await client.end();
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.out(`notification-admin: ${error.message}\n${USAGE}`);
      return 2;
    }
    io.out(`notification-admin: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

async function parked(client: Client, io: CliIo): Promise<number> {
  const { rows } = await client.query<{ id: string; template: string; attempts: number; last_error: string | null }>(
    `SELECT id, template, attempts, last_error FROM email WHERE status = 'parked' ORDER BY created_at`,
  );
  for (const row of rows) io.out(`${row.id} ${row.template} attempts=${row.attempts} ${row.last_error ?? ''}`.trimEnd());
  io.out(`${rows.length} parked`);
  return 0;
}

async function replay(client: Client, ids: readonly string[], io: CliIo): Promise<number> {
  const { rowCount } = await client.query(
    `UPDATE email SET status = 'queued', attempts = 0, first_attempt_at = NULL, next_attempt_at = now()
     WHERE status = 'parked' AND (cardinality($1::uuid[]) = 0 OR id = ANY($1::uuid[]))`,
    [ids],
  );
  io.out(`${rowCount ?? 0} e-mails queued again`);
  return 0;
}
