import { type ServiceName } from '@taskhub/platform-config';
import { replicaSettings, startReplica } from '@taskhub/tooling-stack';

/** The services whose GET requests may read from a replica (docs/read-replicas.md). */
const READ_REPLICA_SERVICES: ReadonlySet<ServiceName> = new Set(['task', 'user']);

/** `TASKHUB_READ_REPLICA=1 npm start`: the development replica (npm run replica:setup) is started and used. */
export function readReplicaWanted(env: NodeJS.ProcessEnv): boolean {
  return env.TASKHUB_READ_REPLICA === '1';
}

/** Sets up (once) and starts the development replica; resolves with its port. */
export async function startDevelopmentReplica(env: NodeJS.ProcessEnv): Promise<number> {
  return (await startReplica(replicaSettings(env))).port;
}

/** READ_DATABASE_URL for a service that reads from the replica: its DATABASE_URL on the replica's port. */
export function readReplicaEnv(service: ServiceName, databaseUrl: string, replicaPort: number | undefined): Record<string, string> {
  if (replicaPort === undefined || !READ_REPLICA_SERVICES.has(service)) return {};
  const url = new URL(databaseUrl);
  url.port = String(replicaPort);
  return { READ_DATABASE_URL: url.toString() };
}
