import { type FieldViolation } from '@taskhub/platform-errors';

/** The constraint a refused string is reported under (`details[].constraints`). */
export const STORABLE_TEXT_CONSTRAINT = 'storableText';
const MESSAGE = 'must not contain NUL characters or unpaired UTF-16 surrogates (Postgres cannot store them in text)';
/** NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Deeper input than this is not walked further (the 1 MiB body limit bounds the work; this bounds the recursion). */
const MAX_DEPTH = 64;

/** True when Postgres can store the string in a text or jsonb column unchanged. */
export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/**
 * Every string of a parsed input (a JSON body, a query string, route params) that Postgres cannot store, as field
 * violations with dotted paths (`title`, `assignees.0.email`); object keys are checked too, reported at the object's path.
 */
export function unstorableTextViolations(value: unknown, path = '', depth = 0): FieldViolation[] {
  if (typeof value === 'string') return isStorableText(value) ? [] : [violation(path)];
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return [];
  const out: FieldViolation[] = [];
  for (const [key, inner] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    if (!isStorableText(key)) out.push(violation(path || '(key)'));
    out.push(...unstorableTextViolations(inner, field, depth + 1));
  }
  return out;
}

function violation(field: string): FieldViolation {
  return { field, constraints: { [STORABLE_TEXT_CONSTRAINT]: `${field} ${MESSAGE}` } };
}
