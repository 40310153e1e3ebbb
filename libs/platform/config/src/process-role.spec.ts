import { type ServiceName } from './service-catalog';
import { BaseServiceConfig } from './base-service.config';
import { ConfigValidationError, describeConfig, loadServiceConfig } from './load-service-config';
import { processRoleOf, runsWorkers, servesApi, ServiceWithWorkersConfig } from './process-role';

class WithWorkersConfig extends ServiceWithWorkersConfig {
  static readonly service: ServiceName = 'notification';
}

class WithoutWorkersConfig extends BaseServiceConfig {
  static readonly service: ServiceName = 'auth';
}

function problems(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    loadServiceConfig(WithWorkersConfig, env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe(ServiceWithWorkersConfig.name, () => {
  it('should run everything in one process by default (npm start, compose, tests)', () => {
    const config = loadServiceConfig(WithWorkersConfig, {});

    expect(config.processRole).toBe('all');
    expect([servesApi(config), runsWorkers(config)]).toEqual([true, true]);
  });

  it('should read PROCESS_ROLE=api and =worker, and tell what each process runs', () => {
    const api = loadServiceConfig(WithWorkersConfig, { PROCESS_ROLE: 'api' });
    const worker = loadServiceConfig(WithWorkersConfig, { PROCESS_ROLE: 'worker' });

    expect([processRoleOf(api), servesApi(api), runsWorkers(api)]).toEqual(['api', true, false]);
    expect([processRoleOf(worker), servesApi(worker), runsWorkers(worker)]).toEqual(['worker', false, true]);
    expect(describeConfig(worker)).toMatchObject({ PROCESS_ROLE: 'worker' });
  });

  it('should refuse any other PROCESS_ROLE, naming the variable, the choices and the value', () => {
    expect(problems({ PROCESS_ROLE: 'workers' })).toEqual(['PROCESS_ROLE must be one of the following values: all, api, worker (got "workers")']);
  });

  it('should not read PROCESS_ROLE in a service without workers: its one process runs everything', () => {
    const config = loadServiceConfig(WithoutWorkersConfig, { PROCESS_ROLE: 'worker' });

    expect(processRoleOf(config)).toBe('all');
    expect(describeConfig(config)).not.toHaveProperty('PROCESS_ROLE');
  });
});
