import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { type BaseServiceConfig, serviceConfigDefaults } from './base-service.config';
import { developmentCredentialProblem, PUBLISHED_DEVELOPMENT_SECRETS } from './development-credentials';
import { envVarsOf, type EnvVarMetadata } from './env-var.decorator';
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

export interface LoadServiceConfigOptions {
  /**
   * The secret variables this process uses, when it is a one-shot that needs only some (a migration: DATABASE_URL):
   * with NODE_ENV=production only these are refused as development credentials. Default: every sensitive variable.
   */
  readonly credentialsUsed?: readonly string[];
}

/**
 * Reads, converts and validates the configuration of a service from `env` (default `process.env`), applying the
 * development defaults of the runtime contract. An empty variable counts as unset. With NODE_ENV=production it also
 * refuses every secret that is a development credential (see `developmentCredentialProblem`), set or defaulted.
 * @throws ConfigValidationError naming each offending variable and what is wrong with it
 */
export function loadServiceConfig<T extends BaseServiceConfig>(
  configClass: ServiceConfigClass<T>,
  env: NodeJS.ProcessEnv = process.env,
  options: LoadServiceConfigOptions = {},
): T {
  const descriptor = serviceDescriptor(configClass.service);
  const vars = envVarsOf(configClass);
  const defaults = { ...serviceConfigDefaults(descriptor), ...configClass.defaults };
  const raw: Record<string, string> = {};
  const set = new Set<string>();
  for (const { name } of vars) {
    if (env[name] !== undefined && env[name] !== '') set.add(name);
    const value = set.has(name) ? env[name] : defaults[name];
    if (value !== undefined) raw[name] = value;
  }
  const config = plainToInstance(configClass, raw, { excludeExtraneousValues: true });
  Object.assign(config, { service: descriptor.name });
  const errors = validateSync(config, { forbidUnknownValues: false });
  const byProperty = new Map(vars.map((v) => [v.property, v]));
  const problems = errors.map((error) => describeProblem(error, byProperty.get(error.property), raw));
  if (raw.NODE_ENV === 'production') problems.push(...productionProblems(vars, raw, defaults, set, options.credentialsUsed));
  if (problems.length > 0) throw new ConfigValidationError(descriptor.name, problems);
  return config;
}

/** The development credentials among the secrets a production process uses, one line per variable. */
function productionProblems(
  vars: readonly EnvVarMetadata[],
  raw: Readonly<Record<string, string>>,
  defaults: Readonly<Record<string, string>>,
  set: ReadonlySet<string>,
  credentialsUsed: readonly string[] | undefined,
): string[] {
  const secrets = vars.filter((v) => v.sensitive && (credentialsUsed?.includes(v.name) ?? true));
  // any development default of a secret is public (it is in the source), whichever variable it turns up in
  const sensitiveDefaults = vars.flatMap((v) => (v.sensitive && defaults[v.name] !== undefined ? [defaults[v.name]] : []));
  const knownSecrets = new Set([...PUBLISHED_DEVELOPMENT_SECRETS, ...sensitiveDefaults]);
  return secrets.flatMap(({ name }) => {
    const value = raw[name];
    if (value === undefined) return [];
    const problem = developmentCredentialProblem({ name, value, developmentDefault: defaults[name], set: set.has(name) }, knownSecrets);
    return problem === undefined ? [] : [problem];
  });
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
