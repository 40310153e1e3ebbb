/** At most this many instances of one service on one machine (their ports must stay clear of the next service's). */
export const MAX_REPLICAS = 8;
/** Instance i (1-based) of a service listens on its base port + REPLICA_PORT_STEP × (i - 1): 3003, 3103, 3203, … */
export const REPLICA_PORT_STEP = 100;

/** One instance of a service: `task-service#2` on 3103. */
export interface ServiceReplica {
  /** 1-based */
  readonly index: number;
  /** the log prefix and process name: the app alone when it runs once, `<app>#<index>` when it runs several times */
  readonly name: string;
  readonly port: number;
}

/** The port of instance `index` (1-based) of a service whose first instance listens on `basePort`. */
export function replicaPort(basePort: number, index: number): number {
  return basePort + REPLICA_PORT_STEP * (index - 1);
}

/** The name of instance `index` (1-based) of `count`: the app alone when it runs once, else `<app>#<index>`. */
export function replicaName(app: string, index: number, count: number): string {
  return count === 1 ? app : `${app}#${index}`;
}

/** The `count` instances of `app`, first one on `basePort`. */
export function serviceReplicas(app: string, basePort: number, count: number): ServiceReplica[] {
  return Array.from({ length: count }, (_, i) => ({ index: i + 1, name: replicaName(app, i + 1, count), port: replicaPort(basePort, i + 1) }));
}

/**
 * A replica count from the environment (`TASK_REPLICAS=2`): unset or empty is 1; anything but a whole number from 1 to
 * MAX_REPLICAS throws an error that names the variable, the value and what is accepted.
 */
export function parseReplicaCount(variable: string, value: string | undefined): number {
  const text = value?.trim() ?? '';
  if (text === '') return 1;
  const count = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(count) || count < 1 || count > MAX_REPLICAS) {
    throw new RangeError(`${variable}="${value}" is not a replica count: expected a whole number from 1 to ${MAX_REPLICAS}`);
  }
  return count;
}

/**
 * One GATEWAY_CONNECT_TO entry (docs/gateway.md): kong.yml's `host:port` dialled at every address given, which the
 * gateway balances as separate targets, as Kong does with a DNS name of several A records.
 */
export function connectToEntry(host: string, port: number, addresses: readonly { readonly host: string; readonly port: number }[]): string {
  if (addresses.length === 0) throw new Error(`no address for ${host}:${port}`);
  return `${host}:${port}=${addresses.map((a) => `${a.host}:${a.port}`).join('|')}`;
}
