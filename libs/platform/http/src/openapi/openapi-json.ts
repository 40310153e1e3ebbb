import { type OpenAPIObject } from '@nestjs/swagger';

/**
 * The document as JSON with every object's keys sorted, 2-space indented, with a trailing newline: the same bytes for
 * the same routes, whatever order modules and decorators registered them in (docs/openapi/*.json are diffed).
 */
export function serializeOpenApiDocument(document: OpenAPIObject): string {
  return `${JSON.stringify(sortKeys(document), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, sortKeys(record[key])]),
  );
}
