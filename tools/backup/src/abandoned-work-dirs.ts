import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { runAsClusterOwner, postgresBinDir } from './postgres-user';

/**
 * Removes the work folders of earlier runs that were killed before their cleanup (older than `maxAgeMs`, so a run
 * going on beside this one keeps its own): stops any cluster still running in one, then deletes it.
 */
export async function removeAbandonedWorkDirs(parent: string, prefix: string, maxAgeMs: number): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(parent)) {
    const dir = path.join(parent, name);
    if (!name.startsWith(prefix) || Date.now() - (await stat(dir)).mtimeMs < maxAgeMs) continue;
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const pidFile = path.join(dir, entry.name, 'postmaster.pid');
      if (!entry.isDirectory() || !(await stat(pidFile).catch(() => undefined))) continue;
      const dataDir = path.join(dir, entry.name);
      await runAsClusterOwner(path.join(postgresBinDir(), 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'immediate']).catch(() => undefined);
    }
    await rm(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}
