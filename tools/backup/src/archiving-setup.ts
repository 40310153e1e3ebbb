import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ARCHIVING_CONFIG_TEMPLATE, PGBACKREST_CONFIG_TEMPLATE, renderConfigFile } from './config-template';
import { PgBackRest } from './pgbackrest';
import { giveToClusterOwner } from './postgres-user';
import { type ScratchCluster } from './scratch-cluster';

/**
 * Does to a stopped cluster what the runbook has an operator do (docs/operations.md): installs the pgBackRest
 * configuration rendered from tools/backup/config with its repository, log and lock folders under `workDir`, and
 * includes the archiving settings from postgresql.conf. Start the cluster, then `stanzaCreate()`.
 */
export async function configureArchiving(cluster: ScratchCluster, workDir: string, stanza: string): Promise<PgBackRest> {
  const configFile = path.join(workDir, 'pgbackrest.conf');
  const archivingFile = path.join(workDir, 'postgresql-archiving.conf');
  const folders = { REPO_PATH: 'repo', LOG_PATH: 'log', LOCK_PATH: 'lock' };
  const values: Record<string, string> = {
    STANZA: stanza,
    PGDATA: cluster.dataDir,
    PGPORT: String(cluster.port),
    PGSOCKET: workDir,
    PGBACKREST_CONFIG: configFile,
  };
  for (const [name, folder] of Object.entries(folders)) {
    values[name] = path.join(workDir, folder);
    await mkdir(values[name], { recursive: true });
  }
  await writeFile(configFile, await renderConfigFile(PGBACKREST_CONFIG_TEMPLATE, values));
  await writeFile(archivingFile, await renderConfigFile(ARCHIVING_CONFIG_TEMPLATE, values));
  await appendFile(path.join(cluster.dataDir, 'postgresql.conf'), `\ninclude '${archivingFile}'\n`);
  await giveToClusterOwner(workDir);
  return new PgBackRest(configFile, stanza);
}
