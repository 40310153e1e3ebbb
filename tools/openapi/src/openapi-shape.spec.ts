import { openApiShapeProblems } from './openapi-shape';

const errorResponse = { description: 'x', content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponseDto' } } } };

/** A minimal document with one well-formed operation, `operation`'s fields over it. */
function documentWith(operation: Record<string, unknown> = {}, route = '/api/v1/things/{id}'): Record<string, unknown> {
  return {
    openapi: '3.0.0',
    info: { title: 'TaskHub task service', version: '0.1.0' },
    components: { schemas: { ErrorResponseDto: { type: 'object' } }, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths: {
      [route]: {
        get: {
          operationId: 'ThingsController_get',
          summary: 'A thing',
          tags: ['things'],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          security: [{ bearer: [] }],
          responses: { '200': { description: 'The thing.' }, '404': errorResponse },
          ...operation,
        },
      },
    },
  };
}

describe(openApiShapeProblems.name, () => {
  it('should find nothing wrong with a well-formed document', () => {
    expect(openApiShapeProblems(documentWith())).toEqual([]);
  });

  it('should name every missing part of an operation', () => {
    const problems = openApiShapeProblems(
      documentWith({ operationId: undefined, summary: undefined, tags: [], parameters: [], security: [{ apiKey: [] }], responses: { '404': { description: 'gone' } } }),
    );

    expect(problems).toEqual([
      'GET /api/v1/things/{id}: no operationId',
      'GET /api/v1/things/{id}: no summary (@ApiOperation)',
      'GET /api/v1/things/{id}: no tag (@ApiTags)',
      'GET /api/v1/things/{id}: no 2xx response',
      'GET /api/v1/things/{id}: response 404 is not an ErrorResponseDto (@ApiErrorResponses)',
      'GET /api/v1/things/{id}: path parameter id is not declared (required)',
      'GET /api/v1/things/{id}: security scheme apiKey is not in components.securitySchemes',
    ]);
  });

  it('should find a $ref that does not resolve and a version that is not 3.0', () => {
    const document = documentWith({ responses: { '200': { description: 'x', content: { 'application/json': { schema: { $ref: '#/components/schemas/Nope' } } } } } });

    expect(openApiShapeProblems({ ...document, openapi: '2.0' })).toEqual([
      'openapi: 2.0 is not 3.0.x',
      '#/paths/~1api~1v1~1things~1{id}/get/responses/200/content/application~1json/schema: $ref #/components/schemas/Nope does not resolve',
    ]);
  });
});
