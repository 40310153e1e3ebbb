import { Expose } from 'class-transformer';

/** What the loader knows about one configuration property: the environment variable it comes from. */
export interface EnvVarMetadata {
  readonly property: string;
  readonly name: string;
  /** a secret (or a URL that may carry one): its value is never echoed in messages or logs */
  readonly sensitive: boolean;
}

const registry = new WeakMap<object, Map<string, EnvVarMetadata>>();

/**
 * Binds a config property to an environment variable: `@EnvVar('DATABASE_URL', { sensitive: true }) databaseUrl!: string`.
 * Validation messages name the variable, not the property.
 */
export function EnvVar(name: string, options: { sensitive?: boolean } = {}): PropertyDecorator {
  return (target, propertyKey) => {
    const property = String(propertyKey);
    Expose({ name })(target, property);
    let own = registry.get(target);
    if (!own) {
      own = new Map();
      registry.set(target, own);
    }
    own.set(property, { property, name, sensitive: options.sensitive ?? false });
  };
}

/** Every environment variable a config class reads, base classes included. */
export function envVarsOf(configClass: abstract new () => object): EnvVarMetadata[] {
  const found = new Map<string, EnvVarMetadata>();
  for (let proto: unknown = configClass.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const [property, meta] of registry.get(proto) ?? []) if (!found.has(property)) found.set(property, meta);
  }
  return [...found.values()];
}
