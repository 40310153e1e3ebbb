import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { type BaseServiceConfig, serviceConfigDefaults } from './base-service.config';
import { envVarsOf } from './env-var.decorator';
import { serviceDescriptor, type ServiceName } from './service-catalog';
import { redactUrl } from './url.validator';

/** A concrete service config class: `class TaskServiceConfig extends BaseServiceConfig { static readonly service = 'task' }`. */
export interface ServiceConfigClass<T extends BaseServiceConfig = BaseServiceConfig> {
  new (): T;
  readonly service: ServiceName;
  /** development defaults of the service's own variables (the runtime contract's come from serviceConfigDefaults) */
  readonly defaults?: Readonly<Record<string, string>>;
}

/** Thrown when the environment does not describe a valid configuration; `problems` has one line per variable. */
export class ConfigValidationError extends Error {
  constructor(
    readonly service: ServiceName,
    readonly problems: readonly string[],
  ) {
    super(`invalid configuration for ${service}-service:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

/**
 * Reads, converts and validates the configuration of a service from `env` (default `process.env`), applying the
 * development defaults of the runtime contract. An empty variable counts as unset.
 * @throws ConfigValidationError naming each offending variable and what is wrong with it
 */
export function loadServiceConfig<T extends BaseServiceConfig>(configClass: ServiceConfigClass<T>, env: NodeJS.ProcessEnv = process.env): T {
  const descriptor = serviceDescriptor(configClass.service);
  const vars = envVarsOf(configClass);
  const defaults = { ...serviceConfigDefaults(descriptor), ...configClass.defaults };
  const raw: Record<string, string> = {};
  for (const { name } of vars) {
    const value = env[name] !== undefined && env[name] !== '' ? env[name] : defaults[name];
    if (value !== undefined) raw[name] = value;
  }
  const config = plainToInstance(configClass, raw, { excludeExtraneousValues: true });
  Object.assign(config, { service: descriptor.name });
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length > 0) {
    const byProperty = new Map(vars.map((v) => [v.property, v]));
    throw new ConfigValidationError(
      descriptor.name,
      errors.map((error) => describeProblem(error, byProperty.get(error.property), raw)),
    );
  }
  return config;
}

function describeProblem(
  error: ValidationError,
  meta: { name: string; sensitive: boolean } | undefined,
  raw: Record<string, string>,
): string {
  const name = meta?.name ?? error.property;
  const value = raw[name];
  if (value === undefined) return `${name} is required but not set`;
  const constraints = error.constraints ?? {};
  // Not a number at all: the range rules add nothing to "must be an integer".
  const relevant = constraints.isInt ? { isInt: constraints.isInt } : constraints;
  const messages = Object.values(relevant).map((m) => m.replace(error.property, name));
  const shown = meta?.sensitive ? '' : ` (got ${JSON.stringify(value)})`;
  return `${messages.join('; ')}${shown}`;
}

/** The configuration as it may be logged: every variable by name, secrets and URL passwords masked. */
export function describeConfig(config: BaseServiceConfig): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  const record = config as unknown as Record<string, unknown>;
  for (const { property, name, sensitive } of envVarsOf(config.constructor as ServiceConfigClass)) {
    const value = record[property];
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    out[name] = sensitive ? (typeof value === 'string' && value.includes('://') ? redactUrl(value) : '***') : value;
  }
  return out;
}
