import { OPENAPI_DOCUMENT_PATH } from '@taskhub/platform-http';
import { AuthHarness } from './support/auth-harness';

interface Operation {
  readonly security?: unknown;
  readonly requestBody?: { readonly required?: boolean; readonly content: Record<string, { schema: unknown }> };
  readonly responses: Record<string, unknown>;
}

interface Document {
  readonly openapi: string;
  readonly info: { readonly title: string };
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components: { readonly schemas: Record<string, { required?: string[]; properties: Record<string, Record<string, unknown>> }> };
}

describe('auth-service OpenAPI document', () => {
  let harness: AuthHarness;
  let status: number;
  let document: Document;

  beforeAll(async () => {
    harness = await AuthHarness.start({ label: 'openapi' });
    const response = await fetch(`${harness.baseUrl}${OPENAPI_DOCUMENT_PATH}`); // no Authorization header
    status = response.status;
    document = (await response.json()) as Document;
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('should serve it without a token, in OpenAPI 3.0', () => {
    expect({ status, openapi: document.openapi, title: document.info.title }).toEqual({ status: 200, openapi: '3.0.0', title: 'TaskHub auth service' });
  });

  it('should give POST /api/v1/auth/register its request schema, its 202 and its errors, and no security requirement', () => {
    const register = document.paths['/api/v1/auth/register'].post;

    expect(register.requestBody).toEqual({ required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/RegisterRequestDto' } } } });
    expect(register.security).toBeUndefined();
    expect(Object.keys(register.responses).sort()).toEqual(['202', '400', '429', '503']);
    const schema = document.components.schemas.RegisterRequestDto;
    expect(schema.required).toEqual(['email', 'password', 'displayName']);
    expect(schema.properties.email).toMatchObject({ type: 'string', format: 'email', maxLength: 254, example: 'ada@example.com' });
    expect(schema.properties.password).toMatchObject({ type: 'string', minLength: 12, maxLength: 128 });
  });

  it('should require the bearer token on GET /api/v1/auth/me and document its 401', () => {
    const me = document.paths['/api/v1/auth/me'].get;

    expect(me.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(me.responses).sort()).toEqual(['200', '401', '403', '404', '429', '503']);
  });

  it('should not document the probes, /metrics or itself', () => {
    expect(Object.keys(document.paths).filter((p) => !p.startsWith('/api/v1/'))).toEqual([]);
  });
});
