import { ConfigError } from './config-error';

/** Kong's environment-variable vault: `{vault://env/<name>}` (no query, no sub-key). */
const ENV_VAULT_REFERENCE = /^\{vault:\/\/env\/([A-Za-z0-9_-]+)\}$/;

export function isEnvVaultReference(value: string): boolean {
  return ENV_VAULT_REFERENCE.test(value);
}

/**
 * The value of a referenceable field: a literal as is, or `{vault://env/<name>}` read from the variable `<NAME>` (upper
 * case, dashes as underscores), as Kong's env vault reads it. An unset variable is refused, naming it: Kong cannot use
 * the field either. An empty value is a value (Redis's `default` user has no password on a development machine).
 */
export function resolveVaultReference(value: string | undefined, env: Readonly<Record<string, string | undefined>>, where: string): string | undefined {
  if (value === undefined) return undefined;
  const match = ENV_VAULT_REFERENCE.exec(value);
  if (!match) return value;
  const variable = match[1].toUpperCase().replace(/-/g, '_');
  const resolved = env[variable];
  if (resolved === undefined) throw new ConfigError(where, `references ${value}, but the environment variable ${variable} is not set`);
  return resolved;
}
