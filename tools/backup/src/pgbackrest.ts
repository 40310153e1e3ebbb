import { runAsClusterOwner } from './postgres-user';

/** The parts of `pgbackrest info --output=json` a restore and its report need. */
export interface BackupSetInfo {
  readonly label: string;
  readonly type: 'full' | 'diff' | 'incr';
  /** bytes of the cluster the backup copied, and what they take in the repository (compressed) */
  readonly info: { readonly size: number; readonly repository: { readonly size: number } };
}

interface StanzaInfo {
  readonly name: string;
  readonly status: { readonly code: number; readonly message: string };
  readonly backup: readonly BackupSetInfo[];
}

/** What a point-in-time restore recovers to: a moment (recovery_target_time) or a named restore point. */
export type RecoveryTarget = { readonly time: string } | { readonly name: string };

/** pgBackRest's commands on one stanza, run as the clusters' owner. */
export class PgBackRest {
  constructor(
    private readonly configFile: string,
    readonly stanza: string,
  ) {}

  /** The installed version (`pgBackRest 2.45`); throws saying what to install when there is none. */
  static async version(): Promise<string> {
    try {
      return (await runAsClusterOwner('pgbackrest', ['version'])).trim();
    } catch (error) {
      throw new Error(`pgBackRest is needed (Debian: apt-get install pgbackrest): ${(error as Error).message}`);
    }
  }

  async stanzaCreate(): Promise<void> {
    await this.run('stanza-create');
  }

  /** Checks that the archive_command works and the repository is reachable (pushes one WAL switch). */
  async check(): Promise<void> {
    await this.run('check');
  }

  async backup(type: BackupSetInfo['type'] = 'full'): Promise<void> {
    await this.run('backup', [`--type=${type}`]);
  }

  /** The stanza's backups, oldest first. */
  async backups(): Promise<readonly BackupSetInfo[]> {
    const [stanza] = JSON.parse(await this.run('info', ['--output=json'])) as StanzaInfo[];
    if (stanza?.status.code !== 0) throw new Error(`stanza ${this.stanza}: ${stanza?.status.message ?? 'not found'}`);
    return stanza.backup;
  }

  /**
   * Restores a backup into `dataDir` (empty or missing) and writes the recovery settings: replaying the archived WAL
   * up to `target`, then promoting (a new timeline that accepts writes). Without `backupLabel`, pgBackRest takes the
   * newest backup that ended before a time target (to the second), or the newest one for a named target.
   */
  async restore(dataDir: string, target: RecoveryTarget, backupLabel?: string): Promise<void> {
    const targetOptions = 'time' in target ? ['--type=time', `--target=${target.time}`] : ['--type=name', `--target=${target.name}`];
    const set = backupLabel === undefined ? [] : [`--set=${backupLabel}`];
    await this.run('restore', [`--pg1-path=${dataDir}`, ...set, ...targetOptions, '--target-action=promote']);
  }

  private run(command: string, options: readonly string[] = []): Promise<string> {
    return runAsClusterOwner('pgbackrest', [`--config=${this.configFile}`, `--stanza=${this.stanza}`, ...options, command]);
  }
}
