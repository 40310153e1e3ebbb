import { listParkedMessages, OUTBOX_CHANNEL, replayParkedMessages } from '@taskhub/platform-messaging';
import { connect } from 'amqplib';
import { Client } from 'pg';

export const USAGE = `usage:
  events parked list <queue>                         what <queue>.dead holds, one JSON object per line
  events parked replay <queue> [--id <messageId>] [--limit <n>]
                                                     move parked messages back to <queue> (attempts reset)
  events outbox status                               pending events and the age of the oldest
  events outbox redrive (--id <eventId> | --since <ISO time>)
                                                     publish events again: back to pending, available now
environment: RABBITMQ_URL (default amqp://guest:guest@127.0.0.1:5672), DATABASE_URL (the producing service's
database, for outbox commands)`;

export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  out(line: string): void;
}

class UsageError extends Error {}

/** Operator commands for the event backbone; returns the exit code. */
export async function runEventsCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const [area, command, ...rest] = argv;
    const options = parseOptions(rest);
    if (area === 'parked' && (command === 'list' || command === 'replay')) return await parked(command, options, io);
    if (area === 'outbox' && (command === 'status' || command === 'redrive')) return await outbox(command, options, io);
    throw new UsageError(area === undefined ? 'no command' : `unknown command: ${argv.slice(0, 2).join(' ')}`);
  } catch (error) {
    if (error instanceof UsageError) {
      io.out(`events: ${error.message}\n${USAGE}`);
      return 2;
    }
    io.out(`events: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

interface Options {
  readonly positional: string[];
  readonly flags: Record<string, string>;
}

function parseOptions(args: readonly string[]): Options {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith('--')) {
      const value = args[i + 1];
      if (value === undefined) throw new UsageError(`${args[i]} needs a value`);
      flags[args[i].slice(2)] = value;
      i += 1;
    } else positional.push(args[i]);
  }
  return { positional, flags };
}

async function parked(command: 'list' | 'replay', options: Options, io: CliIo): Promise<number> {
  const queue = options.positional[0];
  if (!queue) throw new UsageError(`parked ${command} needs a queue`);
  const connection = await connect(io.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
  connection.on('error', () => undefined); // a closed channel is reported below, not as an unhandled event
  try {
    const probe = await connection.createChannel();
    probe.on('error', () => undefined);
    const exists = await probe.checkQueue(`${queue}.dead`).then(
      () => true,
      () => false,
    );
    if (!exists) throw new Error(`there is no parking lot ${queue}.dead: is ${queue} the consumer queue's name?`);
    await probe.close();
    const channel = await connection.createConfirmChannel();
    if (command === 'list') {
      const messages = await listParkedMessages(channel, queue);
      for (const m of messages) io.out(JSON.stringify(m));
      io.out(`${messages.length} parked in ${queue}.dead`);
      return 0;
    }
    const limit = options.flags.limit === undefined ? undefined : Number(options.flags.limit);
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new UsageError('--limit must be a positive integer');
    const replayed = await replayParkedMessages(channel, queue, { limit, messageId: options.flags.id });
    io.out(`replayed ${replayed} from ${queue}.dead to ${queue}`);
    return 0;
  } finally {
    await connection.close();
  }
}

async function outbox(command: 'status' | 'redrive', options: Options, io: CliIo): Promise<number> {
  const url = io.env.DATABASE_URL;
  if (!url) throw new UsageError('outbox commands need DATABASE_URL (the producing service database)');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    if (command === 'status') {
      const { rows } = await client.query<{ pending: number; age: number | null }>(
        `SELECT count(*)::int AS pending, EXTRACT(EPOCH FROM clock_timestamp() - min(created_at))::float8 AS age FROM outbox_event WHERE status = 'pending'`,
      );
      io.out(JSON.stringify({ pending: rows[0].pending, oldestAgeSeconds: rows[0].age === null ? 0 : Math.round(rows[0].age) }));
      return 0;
    }
    const { id, since } = options.flags;
    if ((id === undefined) === (since === undefined)) throw new UsageError('outbox redrive needs exactly one of --id and --since');
    if (since !== undefined && Number.isNaN(Date.parse(since))) throw new UsageError('--since must be an ISO 8601 time');
    const result = await client.query(
      `UPDATE outbox_event SET status = 'pending', published_at = NULL, available_at = clock_timestamp()
        WHERE ${id !== undefined ? 'id = $1::uuid' : 'created_at >= $1::timestamptz'}`,
      [id ?? since],
    );
    await client.query(`NOTIFY ${OUTBOX_CHANNEL}`);
    io.out(`redriven ${result.rowCount ?? 0} event(s): the relay publishes them again (consumers' inboxes drop what they already applied)`);
    return 0;
  } finally {
    await client.end();
  }
}
