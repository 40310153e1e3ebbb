/** The development replica's defaults (docs/read-replicas.md); each can be overridden by the variable named beside it. */
export interface ReplicaSettings {
  /** superuser URL of the local primary (REPLICA_PRIMARY_ADMIN_URL) */
  readonly primaryAdminUrl: string;
  /** the replica's directory, outside the repository (REPLICA_DIR) */
  readonly baseDir: string;
  /** its port (REPLICA_PORT) */
  readonly port: number;
  /** its replication slot on the primary (REPLICA_SLOT) */
  readonly slot: string;
}

export const DEVELOPMENT_REPLICA_DIR = '/var/lib/postgresql/taskhub-replica';
export const DEVELOPMENT_REPLICA_PORT = 5433;
export const DEVELOPMENT_REPLICA_SLOT = 'taskhub_dev_replica';

export function replicaSettings(env: NodeJS.ProcessEnv): ReplicaSettings {
  const port = Number(env.REPLICA_PORT ?? DEVELOPMENT_REPLICA_PORT);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) throw new Error(`REPLICA_PORT must be a port number from 1024 to 65535 (got "${env.REPLICA_PORT}")`);
  const slot = env.REPLICA_SLOT ?? DEVELOPMENT_REPLICA_SLOT;
  if (!/^[a-z0-9_]{1,63}$/.test(slot)) throw new Error(`REPLICA_SLOT must be lower-case letters, digits and _ (got "${slot}")`);
  return {
    primaryAdminUrl: env.REPLICA_PRIMARY_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    baseDir: env.REPLICA_DIR ?? DEVELOPMENT_REPLICA_DIR,
    port,
    slot,
  };
}
