import { parseArgs } from 'node:util';
import { serviceConfigDefaults, serviceDescriptor } from '@taskhub/platform-config';
import { Client } from 'pg';
import { formatSeedReport, seedTasks } from './seed-tasks';

export const USAGE = 'usage: npm run seed -- --tasks <n> [--seed <n>] [--database-url <postgres url>] [--no-analyze]';

export interface SeedCliArgs {
  readonly tasks: number;
  readonly seed: number;
  readonly databaseUrl: string;
  readonly analyze: boolean;
}

const integer = (name: string, value: string): number => {
  if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a whole number, got "${value}"\n${USAGE}`);
  return Number(value);
};

/** The task service's development database, unless --database-url or DATABASE_URL says otherwise. */
function defaultDatabaseUrl(env: NodeJS.ProcessEnv): string {
  return env.DATABASE_URL ?? serviceConfigDefaults(serviceDescriptor('task')).DATABASE_URL;
}

export function parseSeedArgs(argv: readonly string[], env: NodeJS.ProcessEnv): SeedCliArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      tasks: { type: 'string' },
      seed: { type: 'string', default: '1' },
      'database-url': { type: 'string' },
      'no-analyze': { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.tasks === undefined) throw new Error(`--tasks is required\n${USAGE}`);
  return {
    tasks: integer('tasks', values.tasks),
    seed: integer('seed', values.seed),
    databaseUrl: values['database-url'] ?? defaultDatabaseUrl(env),
    analyze: !values['no-analyze'],
  };
}

/** `npm run seed -- --tasks 1000000`: seeds the (migrated) task database and prints what it made. */
export async function runSeedCli(argv: readonly string[], env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<void> {
  const args = parseSeedArgs(argv, env);
  const client = new Client({ connectionString: args.databaseUrl, statement_timeout: 0 });
  await client.connect();
  try {
    const migrated = await client.query<{ ok: boolean }>(`SELECT to_regclass('public.task') IS NOT NULL AS ok`);
    if (!migrated.rows[0]?.ok) throw new Error('no task table: apply the migrations first (node dist/apps/task-service/src/migrate.js)');
    out(`seeding ${args.tasks} tasks into ${new URL(args.databaseUrl).pathname.slice(1)} …`);
    const report = await seedTasks(client, { tasks: args.tasks, seed: args.seed, analyze: args.analyze });
    for (const line of formatSeedReport(report)) out(line);
  } finally {
    await client.end();
  }
}
