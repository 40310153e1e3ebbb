import { request } from 'node:http';
import { OPENAPI_DOCUMENT_PATH } from '@taskhub/platform-http';

interface OpenApiPaths {
  readonly paths: Record<string, Record<string, { readonly security?: unknown[] }>>;
}

/** One request the service must refuse without a token, and the statuses allowed for it. */
export interface SpellingProbe {
  readonly method: string;
  /** the request-target exactly as sent */
  readonly target: string;
  readonly allowed: readonly number[];
}

const PATH_PARAM_VALUE = '0190a8e4-7a6c-7b3e-8f00-000000000001';

/** Every route that needs a token (with `security` in the service's OpenAPI document), its path parameters filled in. */
export async function tokenRoutes(baseUrl: string): Promise<{ method: string; path: string }[]> {
  const document = (await (await fetch(`${baseUrl}${OPENAPI_DOCUMENT_PATH}`)).json()) as OpenApiPaths;
  const routes: { method: string; path: string }[] = [];
  for (const [template, operations] of Object.entries(document.paths)) {
    const path = template.replace(/\{[^}]+\}/g, PATH_PARAM_VALUE);
    for (const [method, operation] of Object.entries(operations)) {
      if (operation.security?.length) routes.push({ method: method.toUpperCase(), path });
    }
  }
  return routes;
}

/**
 * The ways a client can spell the path of every route that needs a token (those with `security` in the service's
 * OpenAPI document): as documented (401), with `/api` percent-encoded as `/%61pi` (the router decodes it: 401),
 * with a doubled slash and in absolute form (`GET http://host/api/v1/...`; 401, or 404 when the router does not
 * match them). Never 200 and never 500.
 */
export async function spellingProbes(baseUrl: string): Promise<SpellingProbe[]> {
  const host = new URL(baseUrl).host;
  const probes: SpellingProbe[] = [];
  for (const { method: verb, path } of await tokenRoutes(baseUrl)) {
    probes.push(
      { method: verb, target: path, allowed: [401] },
      { method: verb, target: path.replace(/^\/api\//, '/%61pi/'), allowed: [401] },
      { method: verb, target: path.replace(/\/v1\//, '/%76%31/'), allowed: [401] },
      { method: verb, target: `/${path}`, allowed: [401, 404] },
      { method: verb, target: path.replace(/\/v1\//, '/v1//'), allowed: [401, 404] },
      { method: verb, target: `http://${host}${path}`, allowed: [401, 404] },
    );
  }
  // a service without such routes still must not answer an encoded path to nowhere with anything but 404
  probes.push({ method: 'GET', target: '/%61pi/v1/nothing-here', allowed: [404] });
  return probes;
}

/** Sends the request-target as is (fetch would normalise it), without a token unless `extraHeaders` has one; resolves to the status. */
export async function sendRaw(baseUrl: string, method: string, target: string, extraHeaders: Record<string, string> = {}): Promise<number> {
  return (await sendRawForBody(baseUrl, method, target, extraHeaders)).status;
}

/** sendRaw, resolving to the status and the body text. */
export function sendRawForBody(baseUrl: string, method: string, target: string, extraHeaders: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  const body = method === 'GET' || method === 'DELETE' ? undefined : '{}';
  const headers = { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...extraHeaders };
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: hostname, port, method, path: target, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
