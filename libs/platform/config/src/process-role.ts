import { IsIn } from 'class-validator';
import { BaseServiceConfig } from './base-service.config';
import { EnvVar } from './env-var.decorator';

/**
 * What one process of a service runs (docs/deployment.md, "Queue-driven autoscaling"): `all` everything (the default:
 * `npm start`, compose, tests), `api` the HTTP API with the consumers and jobs it needs to stay correct, `worker` the
 * queue-driven background work (its consumers, senders and jobs) behind nothing but the probes and /metrics.
 */
export const PROCESS_ROLES = ['all', 'api', 'worker'] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];

/** The config of a service whose background work can run in processes of its own: adds PROCESS_ROLE. */
export abstract class ServiceWithWorkersConfig extends BaseServiceConfig {
  @EnvVar('PROCESS_ROLE')
  @IsIn(PROCESS_ROLES)
  readonly processRole!: ProcessRole;
}

/** The role of this process: PROCESS_ROLE for a service that has one, `all` for the others. */
export function processRoleOf(config: BaseServiceConfig): ProcessRole {
  return config instanceof ServiceWithWorkersConfig ? config.processRole : 'all';
}

/** Whether this process serves the public API (and runs what the API needs: its projections, purges, streams). */
export function servesApi(config: BaseServiceConfig): boolean {
  return processRoleOf(config) !== 'worker';
}

/** Whether this process runs the service's worker queues and their background senders and jobs. */
export function runsWorkers(config: BaseServiceConfig): boolean {
  return processRoleOf(config) !== 'api';
}
