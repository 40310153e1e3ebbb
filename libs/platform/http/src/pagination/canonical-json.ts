/**
 * JSON with every object's keys sorted, so that the same binding written in another order serialises alike. Arrays
 * keep their order: whether it matters is the caller's to say (sort them first where it does not). As JSON.stringify
 * does, `toJSON` is honoured (a Date becomes its ISO string) and undefined members are left out.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(withSortedKeys(value));
}

function withSortedKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (hasToJson(value)) return withSortedKeys(value.toJSON());
  if (Array.isArray(value)) return value.map(withSortedKeys);
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, withSortedKeys(record[key])]),
  );
}

function hasToJson(value: object): value is { toJSON(): unknown } {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
