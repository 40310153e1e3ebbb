import { readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import { parse } from 'yaml';

export interface DeckSchemaResult {
  readonly valid: boolean;
  /** one line per ajv error: "<instance path> <message>" */
  readonly errors: readonly string[];
}

/**
 * Validates a declarative document against decK's JSON schema (draft-04), the check `deck file validate` runs
 * offline. The schema file stays outside the repository; its path is passed in.
 */
export function validateAgainstDeckSchema(doc: unknown, schemaPath: string): DeckSchemaResult {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  if (validate(doc)) return { valid: true, errors: [] };
  const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
  return { valid: false, errors };
}

/** Reads a kong.yml (YAML or JSON) and validates it. */
export function validateFileAgainstDeckSchema(configPath: string, schemaPath: string): DeckSchemaResult {
  return validateAgainstDeckSchema(parse(readFileSync(configPath, 'utf8')), schemaPath);
}
