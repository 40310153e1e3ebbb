import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, type ApiResponseExamples, getSchemaPath, type ResponseObject } from '@nestjs/swagger';
import { DomainException, ErrorResponseDto } from '@taskhub/platform-errors';
import { defaultErrorExamples, type ErrorResponseExample, errorStatusDescription, exampleErrorBody } from './error-examples';

/** Examples of one status keyed by code, in the order given. */
export function errorExamplesByCode(status: number, examples: readonly ErrorResponseExample[]): Record<string, ApiResponseExamples> {
  const byCode: Record<string, ApiResponseExamples> = {};
  for (const example of examples) {
    if (example.status !== status) throw new Error(`ApiErrorResponses: the example ${example.code} is a ${example.status}, listed under ${status}`);
    if (byCode[example.code]) throw new Error(`ApiErrorResponses: two examples of ${status} ${example.code}: give one`);
    byCode[example.code] = { summary: example.message, value: exampleErrorBody(example) };
  }
  return byCode;
}

/** The response object of an error status: the ErrorResponseDto schema and one example per code. */
export function errorResponseObject(status: number, examples: readonly ErrorResponseExample[]): ResponseObject {
  return {
    description: errorStatusDescription(status),
    content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorResponseDto) }, examples: errorExamplesByCode(status, examples) } },
  };
}

/** What a route may list: a status, an example, or the very exception it throws. */
export type ErrorResponseSpec = number | ErrorResponseExample | DomainException;

/** Groups what a route lists by status: a bare status gets its default examples, the others are kept as given. */
export function errorExamplesByStatus(responses: readonly ErrorResponseSpec[]): Map<number, ErrorResponseExample[]> {
  const byStatus = new Map<number, ErrorResponseExample[]>();
  for (const response of responses) {
    const examples = typeof response === 'number' ? defaultErrorExamples(response) : [toExample(response)];
    const status = examples[0].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), ...examples]);
  }
  return byStatus;
}

function toExample(response: ErrorResponseExample | DomainException): ErrorResponseExample {
  if (!(response instanceof DomainException)) return response;
  return { status: response.statusCode, code: response.code, message: response.message, details: response.details };
}

/**
 * Documents the errors a route (or every route of a controller) answers, in the one error shape (ErrorResponseDto):
 * a status alone shows the platform's example for it (`ApiErrorResponses(400, 404)`); an example object
 * (`{ status: 409, code: 'AUTH.EMAIL_TAKEN', message: 'an account with this e-mail already exists' }`) or the
 * DomainException the route throws (`new InvalidCredentialsException()`) shows the route's own code. Several for one
 * status become one response with an example per code. The 401 and 429 of authenticated routes, the 403 of `@Roles()`
 * routes and the 503 of every route are added by buildOpenApiDocument: list those only for a code of the route's own.
 */
export function ApiErrorResponses(...responses: ErrorResponseSpec[]): MethodDecorator & ClassDecorator {
  const decorators = [...errorExamplesByStatus(responses)].map(([status, examples]) =>
    ApiResponse({ status, description: errorStatusDescription(status), type: ErrorResponseDto, examples: errorExamplesByCode(status, examples) }),
  );
  return applyDecorators(ApiExtraModels(ErrorResponseDto), ...decorators);
}
