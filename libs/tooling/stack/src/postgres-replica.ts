import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

/** Where Debian's PostgreSQL 15 binaries live; PG_BIN_DIR overrides it. */
export const DEFAULT_PG_BIN_DIR = '/usr/lib/postgresql/15/bin';
/** The line a primary's pg_hba.conf needs so that pg_basebackup and the standby on this machine may replicate. */
export const REPLICATION_HBA_LINE = 'host replication all 127.0.0.1/32 trust # taskhub read replica (development only)';
/** Settings a hot standby must hold at least at the primary's value, or it refuses to start. */
const STANDBY_MINIMUMS = ['max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions', 'max_locks_per_transaction'];
/** The file the replica's postgresql.conf includes last: what `setReplicaApplyDelay` rewrites. */
const DELAY_FILE = 'taskhub-apply-delay.conf';

export interface ReplicaClusterOptions {
  /** superuser URL of the primary, e.g. postgres://postgres@127.0.0.1:5432/postgres */
  readonly primaryAdminUrl: string;
  /** the replica's own directory (owned by the postgres OS user): `data/` and `replica.log` go in it */
  readonly baseDir: string;
  /** its port; default a free one (tests, benchmarks) */
  readonly port?: number;
  /** recovery_min_apply_delay at start (tests delay the replica on purpose); default 0 */
  readonly applyDelayMs?: number;
  /** a physical replication slot on the primary, so the primary keeps the WAL the replica has not received */
  readonly slot?: string;
  readonly binDir?: string;
}

export interface ReplicaCluster {
  readonly dataDir: string;
  readonly port: number;
  /** superuser URL of the replica's `postgres` database */
  readonly adminUrl: string;
  /** `databaseUrl` with its port (and host) changed to the replica's: the same database, read from the standby */
  urlFor(databaseUrl: string): string;
}

/** A TCP port free on 127.0.0.1 right now. */
export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const dataDirOf = (baseDir: string): string => path.join(baseDir, 'data');
const binOf = (options: { binDir?: string }, name: string): string => path.join(options.binDir ?? process.env.PG_BIN_DIR ?? DEFAULT_PG_BIN_DIR, name);

/** Runs a PostgreSQL binary as the postgres OS user (pg_ctl refuses root): via runuser when we are root. */
async function asPostgres(command: string, args: readonly string[]): Promise<string> {
  const uid = process.getuid?.();
  const [file, argv] = uid === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, [...args]];
  try {
    const { stdout } = await run(file, argv, { timeout: 120_000 });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`${path.basename(command)} ${args.join(' ')} failed: ${stderr.trim() || (error as Error).message}`);
  }
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Makes sure the primary lets 127.0.0.1 replicate (pg_basebackup and the standby's WAL receiver): when no pg_hba rule
 * allows it, appends REPLICATION_HBA_LINE to the primary's hba_file and reloads it (pg_reload_conf, never a restart).
 * Returns whether it had to add the line.
 */
export async function ensurePrimaryAllowsReplication(primaryAdminUrl: string): Promise<{ added: boolean; hbaFile: string }> {
  return withClient(primaryAdminUrl, async (client) => {
    const hbaFile = (await client.query<{ hba_file: string }>('SHOW hba_file')).rows[0].hba_file;
    const allowed = async (): Promise<boolean> =>
      (
        await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_hba_file_rules
           WHERE error IS NULL AND type = 'host' AND 'replication' = ANY(database)
             AND (address IN ('all', '127.0.0.1', 'samehost') OR address IS NULL)`,
        )
      ).rows[0].n > 0;
    if (await allowed()) return { added: false, hbaFile };
    try {
      await run('sh', ['-c', `printf '%s\\n' "$1" >> "$2"`, 'sh', REPLICATION_HBA_LINE, hbaFile]);
    } catch (error) {
      throw new Error(`the primary does not allow replication from 127.0.0.1 and ${hbaFile} is not writable here (${(error as Error).message}); add "${REPLICATION_HBA_LINE}" to it and reload PostgreSQL`);
    }
    await client.query('SELECT pg_reload_conf()');
    if (!(await allowed())) throw new Error(`added "${REPLICATION_HBA_LINE}" to ${hbaFile}, but PostgreSQL still lists no replication rule after reloading`);
    return { added: true, hbaFile };
  });
}

function replicaUrl(databaseUrl: string, port: number, database?: string): string {
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  if (database !== undefined) url.pathname = `/${database}`;
  return url.toString();
}

function cluster(options: ReplicaClusterOptions, port: number): ReplicaCluster {
  return {
    dataDir: dataDirOf(options.baseDir),
    port,
    adminUrl: replicaUrl(options.primaryAdminUrl, port, 'postgres'),
    urlFor: (databaseUrl) => replicaUrl(databaseUrl, port),
  };
}

export async function isReplicaRunning(baseDir: string, binDir?: string): Promise<boolean> {
  if (!existsSync(path.join(dataDirOf(baseDir), 'PG_VERSION'))) return false;
  try {
    await asPostgres(binOf({ binDir }, 'pg_ctl'), ['-D', dataDirOf(baseDir), 'status']);
    return true;
  } catch {
    return false; // pg_ctl status exits 3 when no server runs in that directory
  }
}

/** The replica's postgresql.conf (the Debian primary keeps its own in /etc, so the base backup has none). */
async function writeReplicaConfig(options: ReplicaClusterOptions, port: number, minimums: Record<string, string>): Promise<void> {
  const dataDir = dataDirOf(options.baseDir);
  const lines = [
    '# written by taskhub tools/replica: a development read replica of the local primary',
    `port = ${port}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${options.baseDir}'`,
    'hot_standby = on',
    'hot_standby_feedback = on',
    'max_standby_streaming_delay = 30s',
    'shared_buffers = 32MB',
    'logging_collector = off',
    ...Object.entries(minimums).map(([name, value]) => `${name} = ${value}`),
    `include_if_exists = '${DELAY_FILE}'`,
  ];
  const files: [string, string][] = [
    ['postgresql.conf', `${lines.join('\n')}\n`],
    ['pg_hba.conf', 'local all all trust\nhost all all 127.0.0.1/32 trust\n'],
    [DELAY_FILE, `recovery_min_apply_delay = '${options.applyDelayMs ?? 0}ms'\n`],
  ];
  for (const [name, content] of files) {
    const file = path.join(dataDir, name);
    await writeFile(file, content, { mode: 0o600 });
    await chownToPostgres(file);
  }
}

async function chownToPostgres(target: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  await chown(target, Number(stdout.trim()), Number(gid.trim()));
}

/**
 * Idempotently sets up and starts a streaming replica of the primary: `pg_basebackup -R` into `<baseDir>/data` when
 * that holds no cluster yet, its own config (port, hot standby, apply delay), then `pg_ctl start` unless it runs.
 * Resolves once it accepts read-only connections.
 */
export async function startReplica(options: ReplicaClusterOptions): Promise<ReplicaCluster> {
  const dataDir = dataDirOf(options.baseDir);
  const port = options.port ?? (await freeTcpPort());
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await ensurePrimaryAllowsReplication(options.primaryAdminUrl);
    const minimums = await withClient(options.primaryAdminUrl, async (client) => {
      const rows = (await client.query<{ name: string; setting: string }>('SELECT name, setting FROM pg_settings WHERE name = ANY($1)', [STANDBY_MINIMUMS])).rows;
      if (options.slot) {
        await client.query(`SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active`, [options.slot]);
      }
      return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
    });
    await mkdir(options.baseDir, { recursive: true, mode: 0o700 });
    await chownToPostgres(options.baseDir);
    await rm(dataDir, { recursive: true, force: true });
    const primary = new URL(options.primaryAdminUrl);
    const conninfo = `host=${primary.hostname} port=${primary.port || '5432'} user=${decodeURIComponent(primary.username) || 'postgres'}`;
    const slotArgs = options.slot ? ['-C', '-S', options.slot] : [];
    // --no-sync: fsyncing the copy took 16 of 24 s here; a replica lost in a machine crash is rebuilt (remove, setup)
    const args = ['-D', dataDir, '-R', '-X', 'stream', '-c', 'fast', '--no-sync', '--no-manifest', '-d', conninfo, ...slotArgs];
    await asPostgres(binOf(options, 'pg_basebackup'), args);
    await writeReplicaConfig(options, port, minimums);
  }
  if (!(await isReplicaRunning(options.baseDir, options.binDir))) {
    await asPostgres(binOf(options, 'pg_ctl'), ['-D', dataDir, '-l', path.join(options.baseDir, 'replica.log'), '-w', '-t', '60', 'start']);
  }
  return cluster(options, port);
}

/** Stops the replica (fast shutdown) if it runs; its data stays for the next start. */
export async function stopReplica(options: Pick<ReplicaClusterOptions, 'baseDir' | 'binDir'>): Promise<boolean> {
  if (!(await isReplicaRunning(options.baseDir, options.binDir))) return false;
  await asPostgres(binOf(options, 'pg_ctl'), ['-D', dataDirOf(options.baseDir), '-m', 'fast', '-w', 'stop']);
  return true;
}

/** Stops it, deletes its directory and drops its slot on the primary (a forgotten slot would keep WAL forever). */
export async function removeReplica(options: Pick<ReplicaClusterOptions, 'baseDir' | 'binDir' | 'slot' | 'primaryAdminUrl'>): Promise<void> {
  await stopReplica(options);
  await rm(options.baseDir, { recursive: true, force: true });
  if (options.slot) {
    await withClient(options.primaryAdminUrl, (client) =>
      client.query(`SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1`, [options.slot]),
    );
  }
}

/**
 * Changes recovery_min_apply_delay of a running replica (a reload, no restart); resolves once a new session on the
 * replica reports the new value (the reload is asynchronous).
 */
export async function setReplicaApplyDelay(replica: Pick<ReplicaCluster, 'dataDir' | 'adminUrl'>, delayMs: number, binDir?: string): Promise<void> {
  const file = path.join(replica.dataDir, DELAY_FILE);
  await writeFile(file, `recovery_min_apply_delay = '${delayMs}ms'\n`, { mode: 0o600 });
  await chownToPostgres(file);
  await asPostgres(binOf({ binDir }, 'pg_ctl'), ['-D', replica.dataDir, 'reload']);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const setting = await withClient(replica.adminUrl, async (client) => (await client.query<{ setting: string }>(`SELECT setting FROM pg_settings WHERE name = 'recovery_min_apply_delay'`)).rows[0].setting);
    if (setting === String(delayMs)) return;
    if (Date.now() > deadline) throw new Error(`recovery_min_apply_delay is still ${setting} ms 10 s after the reload asking ${delayMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
