import { ConfigError } from './config-error';
import { isEnvVaultReference } from './vault-reference';

/** A plain object from the YAML document. */
export type Doc = Readonly<Record<string, unknown>>;

/**
 * Reads one object of the declarative file against a whitelist: every key must be listed, and each reader
 * checks the type (and allowed values) of one field. Unknown keys are refused, never ignored.
 */
export class Fields {
  private readonly seen = new Set<string>();

  constructor(
    public where: string,
    private readonly doc: Doc,
  ) {}

  /** Names the entity once its name is known, so later refusals say which one. */
  named(where: string): this {
    this.where = where;
    return this;
  }

  static of(where: string, value: unknown): Fields {
    if (!isObject(value)) throw new ConfigError(where, 'must be an object');
    return new Fields(where, value);
  }

  fail(field: string, problem: string): never {
    throw new ConfigError(this.where, `field "${field}" ${problem}`);
  }

  keys(): string[] {
    return Object.keys(this.doc);
  }

  has(field: string): boolean {
    return this.doc[field] !== undefined && this.doc[field] !== null;
  }

  raw(field: string): unknown {
    this.seen.add(field);
    return this.doc[field];
  }

  /** Accepts the field only if absent or equal to one of the given values (a value whose behaviour is implemented). */
  only<T>(field: string, allowed: readonly T[], why = 'is not implemented by the local gateway'): void {
    const value = this.raw(field);
    if (value === undefined || value === null) return;
    const ok = allowed.some((a) => (Array.isArray(a) && Array.isArray(value) ? sameArray(a, value) : a === value));
    if (!ok) this.fail(field, `= ${JSON.stringify(value)} ${why} (accepted: ${allowed.map((a) => JSON.stringify(a)).join(', ')})`);
  }

  /** Refuses the field whenever it is present. */
  refuse(field: string, why: string): void {
    const value = this.raw(field);
    if (value !== undefined && value !== null) this.fail(field, why);
  }

  /** Accepts the field as metadata with no behaviour (tags, ids, timestamps). */
  metadata(...fields: string[]): void {
    for (const field of fields) this.raw(field);
  }

  string(field: string): string | undefined;
  string(field: string, fallback: string): string;
  string(field: string, fallback?: string): string | undefined {
    const value = this.raw(field);
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'string') this.fail(field, 'must be a string');
    return value;
  }

  /**
   * A field Kong marks referenceable: a literal, or a reference to Kong's environment-variable vault,
   * `{vault://env/<name>}`, kept as written and resolved when the plugin starts (`resolveVaultReference`), as Kong does.
   */
  referenceable(field: string): string | undefined {
    const value = this.string(field);
    if (value !== undefined && value.startsWith('{vault://') && !isEnvVaultReference(value)) {
      this.fail(field, `= "${value}": only references to the env vault ({vault://env/<name>}) are implemented`);
    }
    return value;
  }

  requiredString(field: string): string {
    const value = this.string(field);
    if (value === undefined || value === '') this.fail(field, 'is required');
    return value;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[], fallback: T): T {
    const value = this.string(field, fallback);
    if (!(allowed as readonly string[]).includes(value)) {
      this.fail(field, `= "${value}" is not implemented by the local gateway (accepted: ${allowed.join(', ')})`);
    }
    return value as T;
  }

  boolean(field: string, fallback: boolean): boolean {
    const value = this.raw(field);
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') this.fail(field, 'must be a boolean');
    return value;
  }

  number(field: string, fallback: number, range: { min?: number; max?: number; integer?: boolean } = {}): number {
    const value = this.optionalNumber(field, range);
    return value ?? fallback;
  }

  optionalNumber(field: string, range: { min?: number; max?: number; integer?: boolean; gt?: number } = {}): number | undefined {
    const value = this.raw(field);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(field, 'must be a number');
    if (range.integer && !Number.isInteger(value)) this.fail(field, 'must be an integer');
    if (range.min !== undefined && value < range.min) this.fail(field, `must be >= ${range.min}`);
    if (range.max !== undefined && value > range.max) this.fail(field, `must be <= ${range.max}`);
    if (range.gt !== undefined && value <= range.gt) this.fail(field, `must be > ${range.gt}`);
    return value;
  }

  stringArray(field: string): string[] | undefined {
    const value = this.raw(field);
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) this.fail(field, 'must be an array of strings');
    return value as string[];
  }

  numberArray(field: string): number[] | undefined {
    const value = this.raw(field);
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'number' || !Number.isInteger(v))) {
      this.fail(field, 'must be an array of integers');
    }
    return value as number[];
  }

  array(field: string): unknown[] {
    const value = this.raw(field);
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(field, 'must be an array');
    return value;
  }

  object(field: string): Fields | undefined {
    const value = this.raw(field);
    if (value === undefined || value === null) return undefined;
    if (!isObject(value)) this.fail(field, 'must be an object');
    return new Fields(`${this.where} field "${field}"`, value);
  }

  /** Call last: refuses every key no reader asked for. */
  done(): void {
    for (const key of Object.keys(this.doc)) {
      if (!this.seen.has(key)) {
        throw new ConfigError(this.where, `field "${key}" is not implemented by the local gateway`);
      }
    }
  }
}

export function isObject(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameArray(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
