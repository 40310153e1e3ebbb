import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Client } from 'pg';
import { postgresBinDir, runAsClusterOwner } from './postgres-user';

const PROMOTION_POLL_MS = 100;

/** Settings a scratch cluster is started with, e.g. `{ archive_mode: 'off' }`. */
export type ServerSettings = Readonly<Record<string, string>>;

/**
 * A PostgreSQL cluster of a test's own: its data folder, port and socket, nothing shared with the machine's cluster.
 * Reached as the superuser `postgres` over 127.0.0.1 with trust authentication (initdb's, for a throw-away cluster).
 */
export class ScratchCluster {
  private readonly bin = postgresBinDir();

  constructor(
    readonly dataDir: string,
    readonly port: number,
    private readonly socketDir: string,
  ) {}

  /** initdb into `dataDir` (which must not exist yet, its parent owned by the clusters' owner). */
  async init(): Promise<void> {
    const args = ['-D', this.dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'];
    await runAsClusterOwner(path.join(this.bin, 'initdb'), args);
  }

  /** Starts the server and waits until it accepts connections (read-only ones, while it recovers). */
  async start(settings: ServerSettings = {}): Promise<void> {
    const options = [`-p ${this.port}`, `-k ${this.socketDir}`, '-c listen_addresses=127.0.0.1']
      .concat(Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`))
      .join(' ');
    try {
      await runAsClusterOwner(path.join(this.bin, 'pg_ctl'), ['start', '-D', this.dataDir, '-l', this.logFile, '-w', '-t', '120', '-o', options]);
    } catch (error) {
      throw new Error(`${(error as Error).message}\nserver log:\n${await this.logTail()}`);
    }
  }

  /**
   * Waits until recovery has ended and the server accepts writes (`pg_is_in_recovery()` false: it answers read-only
   * queries before that). Fails at once, quoting its log, when the server stopped (e.g. a recovery target not reached).
   */
  async waitForPromotion(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`the server of ${this.dataDir} stopped while recovering:\n${await this.logTail()}`);
      const rows = await this.query<{ promoted: boolean }>('postgres', 'SELECT NOT pg_is_in_recovery() AS promoted').catch(() => []);
      if (rows[0]?.promoted === true) return;
      if (Date.now() > deadline) throw new Error(`${this.dataDir} still recovering after ${timeoutMs} ms:\n${await this.logTail()}`);
      await delay(PROMOTION_POLL_MS);
    }
  }

  /** Stops it at once if it runs (crash-stop: a scratch cluster's data is thrown away). */
  async stop(): Promise<void> {
    if (!this.running) return;
    await runAsClusterOwner(path.join(this.bin, 'pg_ctl'), ['stop', '-D', this.dataDir, '-m', 'immediate', '-w']);
  }

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** One statement in its own connection (and so its own transaction). */
  async query<T extends object>(database: string, sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.url(database) });
    await client.connect();
    try {
      return (await client.query<T>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }

  async logTail(lines = 30): Promise<string> {
    const log = await readFile(this.logFile, 'utf8').catch(() => '(no log)');
    return log.split('\n').slice(-lines).join('\n');
  }

  private get running(): boolean {
    return existsSync(path.join(this.dataDir, 'postmaster.pid'));
  }

  private get logFile(): string {
    return `${this.dataDir}.log`;
  }
}
