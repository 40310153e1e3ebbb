const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const ERROR_SCHEMA_REF = '#/components/schemas/ErrorResponseDto';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * What is wrong with a document, by the parts of OpenAPI 3.0 the services use and TaskHub's conventions (no schema
 * validator is installed): version and info; every `$ref` resolves; every security requirement names a scheme; every
 * path parameter is declared; every operation has a unique operationId, a summary, a tag, a 2xx response, and its
 * 4xx/5xx responses in the one error shape. Empty when none.
 */
export function openApiShapeProblems(document: unknown): string[] {
  if (!isObject(document)) return ['the document is not a JSON object'];
  const problems: string[] = [];
  if (typeof document.openapi !== 'string' || !/^3\.0\.\d+$/.test(document.openapi)) problems.push(`openapi: ${String(document.openapi)} is not 3.0.x`);
  const info = isObject(document.info) ? document.info : {};
  if (typeof info.title !== 'string' || info.title === '') problems.push('info.title is missing');
  if (typeof info.version !== 'string' || info.version === '') problems.push('info.version is missing');
  const components = isObject(document.components) ? document.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  problems.push(...unresolvedRefs(document, document));
  if (!isObject(document.paths)) return [...problems, 'paths is missing'];
  const operationIds = new Set<string>();
  for (const [route, item] of Object.entries(document.paths)) {
    if (!route.startsWith('/')) problems.push(`${route}: a path starts with /`);
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS.filter((m) => isObject(item[m]))) {
      const where = `${method.toUpperCase()} ${route}`;
      const operation = item[method] as Json;
      const id = operation.operationId;
      if (typeof id !== 'string') problems.push(`${where}: no operationId`);
      else if (operationIds.has(id)) problems.push(`${where}: operationId ${id} is used twice`);
      else operationIds.add(id);
      if (typeof operation.summary !== 'string' || operation.summary === '') problems.push(`${where}: no summary (@ApiOperation)`);
      if (!Array.isArray(operation.tags) || operation.tags.length === 0) problems.push(`${where}: no tag (@ApiTags)`);
      problems.push(...responseProblems(where, operation.responses));
      problems.push(...pathParameterProblems(where, route, operation.parameters));
      for (const requirement of Array.isArray(operation.security) ? operation.security : []) {
        for (const scheme of Object.keys(isObject(requirement) ? requirement : {})) {
          if (!(scheme in schemes)) problems.push(`${where}: security scheme ${scheme} is not in components.securitySchemes`);
        }
      }
    }
  }
  return problems;
}

function responseProblems(where: string, responses: unknown): string[] {
  if (!isObject(responses) || Object.keys(responses).length === 0) return [`${where}: no responses`];
  const problems: string[] = [];
  if (!Object.keys(responses).some((status) => /^2\d\d$/.test(status))) problems.push(`${where}: no 2xx response`);
  for (const [status, response] of Object.entries(responses)) {
    if (!isObject(response) || typeof response.description !== 'string') problems.push(`${where}: response ${status} has no description`);
    if (!/^[45]\d\d$/.test(status)) continue;
    const content = isObject(response) && isObject(response.content) ? response.content : {};
    const media = isObject(content['application/json']) ? content['application/json'] : {};
    const schema = isObject(media.schema) ? media.schema : {};
    if (schema.$ref !== ERROR_SCHEMA_REF) problems.push(`${where}: response ${status} is not an ErrorResponseDto (@ApiErrorResponses)`);
  }
  return problems;
}

function pathParameterProblems(where: string, route: string, parameters: unknown): string[] {
  const declared = (Array.isArray(parameters) ? parameters : []).filter((p): p is Json => isObject(p) && p.in === 'path');
  const names = [...route.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  const problems = names.filter((name) => !declared.some((p) => p.name === name && p.required === true)).map((name) => `${where}: path parameter ${name} is not declared (required)`);
  return [...problems, ...declared.filter((p) => !names.includes(String(p.name))).map((p) => `${where}: path parameter ${String(p.name)} is not in the path`)];
}

/** Every `$ref` below `node` that does not point at an existing `#/...` location of the document, by JSON pointer. */
function unresolvedRefs(node: unknown, document: Json, at = '#'): string[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => unresolvedRefs(item, document, `${at}/${i}`));
  if (!isObject(node)) return [];
  const problems: string[] = [];
  if (typeof node.$ref === 'string' && resolvePointer(document, node.$ref) === undefined) problems.push(`${at}: $ref ${node.$ref} does not resolve`);
  for (const [key, value] of Object.entries(node)) problems.push(...unresolvedRefs(value, document, `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`));
  return problems;
}

function resolvePointer(document: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = document;
  for (const part of ref.slice(2).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    node = isObject(node) ? node[part] : undefined;
  }
  return node;
}
