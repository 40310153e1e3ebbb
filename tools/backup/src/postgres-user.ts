import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** The operating-system user PostgreSQL's packages run the server as. */
const POSTGRES_OS_USER = 'postgres';
const DEBIAN_POSTGRES_ROOT = '/usr/lib/postgresql';

/** initdb and postgres refuse to run as root: as root, their commands (and pgBackRest's) run as `postgres`. */
export const runsAsRoot = process.getuid?.() === 0;

/** PostgreSQL's server binaries: `PG_BINDIR`, else the newest Debian-packaged version's. */
export function postgresBinDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PG_BINDIR) return env.PG_BINDIR;
  const versions = readdirSync(DEBIAN_POSTGRES_ROOT).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  if (versions[0] === undefined) throw new Error(`no PostgreSQL under ${DEBIAN_POSTGRES_ROOT}: install postgresql or set PG_BINDIR`);
  return path.join(DEBIAN_POSTGRES_ROOT, versions[0], 'bin');
}

/** Runs a server-side command as the user that owns the clusters; rejects with its stderr. */
export async function runAsClusterOwner(command: string, args: readonly string[], timeoutMs = 120_000): Promise<string> {
  const [file, argv] = runsAsRoot ? ['runuser', ['-u', POSTGRES_OS_USER, '--', command, ...args]] : [command, [...args]];
  try {
    const { stdout } = await exec(file, argv, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    const output = `${stderr ?? ''}${stdout ?? ''}`.trim() || (error as Error).message;
    throw new Error(`${path.basename(command)} ${args.join(' ')} failed: ${output}`);
  }
}

/** Hands a folder (and all in it) to the clusters' owner: as root, `postgres` must be able to write there. */
export async function giveToClusterOwner(dir: string): Promise<void> {
  if (runsAsRoot) await exec('chown', ['-R', `${POSTGRES_OS_USER}:`, dir]);
}
