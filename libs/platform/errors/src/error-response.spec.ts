import { BadRequestException, ConflictException, HttpException, NotFoundException, PreconditionFailedException, ServiceUnavailableException } from '@nestjs/common';
import { DependencyUnavailableException, DomainException, RateLimitedException, RequestValidationException } from './domain.exception';
import { mapException, type MappingContext } from './error-response';

const matched: MappingContext = { routeMatched: true };

function fastifyError(code: string, statusCode: number, message = 'fastify says no'): Error {
  return Object.assign(new Error(message), { name: 'FastifyError', code, statusCode });
}

describe(mapException.name, () => {
  it('should map a domain exception to its own code, status and details', () => {
    const mapped = mapException(new DomainException('TASK.NOT_FOUND', 'task 42 not found', 404, { id: 42 }), matched);

    expect(mapped).toMatchObject({ statusCode: 404, code: 'TASK.NOT_FOUND', message: 'task 42 not found', details: { id: 42 }, unexpected: false });
  });

  it('should map an unknown route to 404 ROUTE.NOT_FOUND', () => {
    const mapped = mapException(new NotFoundException('Cannot GET /api/v1/nope'), { routeMatched: false });

    expect(mapped).toMatchObject({ statusCode: 404, code: 'ROUTE.NOT_FOUND', message: 'no route for GET /api/v1/nope' });
  });

  it('should keep a NotFoundException thrown by a matched route as a resource error', () => {
    expect(mapException(new NotFoundException('no such thing'), matched)).toMatchObject({ statusCode: 404, code: 'RESOURCE.NOT_FOUND' });
  });

  it('should map validation failures to 400 REQUEST.VALIDATION_FAILED with each field and constraint', () => {
    const violations = [{ field: 'title', constraints: { isNotEmpty: 'title should not be empty' } }];
    const mapped = mapException(new RequestValidationException(violations), matched);

    expect(mapped).toMatchObject({ statusCode: 400, code: 'REQUEST.VALIDATION_FAILED', details: violations });
    expect(mapped.message).toContain('title');
  });

  it.each([
    ['malformed JSON', 'FST_ERR_CTP_INVALID_JSON_BODY', 400, 400, 'REQUEST.MALFORMED_JSON'],
    ['an empty JSON body', 'FST_ERR_CTP_EMPTY_JSON_BODY', 400, 400, 'REQUEST.MALFORMED_JSON'],
    ['a body over the limit', 'FST_ERR_CTP_BODY_TOO_LARGE', 413, 413, 'REQUEST.PAYLOAD_TOO_LARGE'],
    ['an unsupported content type', 'FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE'],
  ])('should map %s (Fastify error, as Nest rewraps it) to the common shape', (_label, code, fastifyStatus, status, expected) => {
    const original = fastifyError(code, fastifyStatus);
    const rewrapped = new HttpException(original.message, fastifyStatus);

    expect(mapException(rewrapped, { routeMatched: true, originalError: original })).toMatchObject({ statusCode: status, code: expected });
    expect(mapException(original, matched)).toMatchObject({ statusCode: status, code: expected });
  });

  it('should map an unavailable database to 503 DEPENDENCY.UNAVAILABLE with Retry-After', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });
    const mapped = mapException(refused, { routeMatched: true, isDependencyUnavailable: () => true });

    expect(mapped).toMatchObject({ statusCode: 503, code: 'DEPENDENCY.UNAVAILABLE', unexpected: false });
    expect(mapped.retryAfterSeconds).toBeGreaterThan(0);
    expect(mapped.message).not.toContain('10.0.0.5');
  });

  it('should map DependencyUnavailableException to 503 with Retry-After', () => {
    expect(mapException(new DependencyUnavailableException(), matched)).toMatchObject({ statusCode: 503, retryAfterSeconds: 5 });
  });

  it('should map RateLimitedException to 429 with its own code and Retry-After', () => {
    expect(mapException(new RateLimitedException('too many login attempts', 42, 'AUTH.TOO_MANY_ATTEMPTS'), matched)).toMatchObject({
      statusCode: 429,
      code: 'AUTH.TOO_MANY_ATTEMPTS',
      retryAfterSeconds: 42,
      unexpected: false,
    });
  });

  it("should give any domain exception's own Retry-After, e.g. a 409 that asks to retry in a second", () => {
    class InProgressException extends DomainException {
      readonly retryAfterSeconds = 1;
      constructor() {
        super('IDEMPOTENCY.IN_PROGRESS', 'still running', 409);
      }
    }

    expect(mapException(new InProgressException(), matched)).toMatchObject({ statusCode: 409, code: 'IDEMPOTENCY.IN_PROGRESS', retryAfterSeconds: 1 });
    expect(mapException(new DomainException('TASK.NOT_FOUND', 'no task', 404), matched).retryAfterSeconds).toBeUndefined();
  });

  it('should hide the message of an unexpected error behind 500 INTERNAL', () => {
    const mapped = mapException(new TypeError("Cannot read properties of undefined (reading 'secret')"), matched);

    expect(mapped).toEqual({ statusCode: 500, code: 'INTERNAL', message: 'internal server error', unexpected: true });
  });

  it('should give HttpExceptions a code by status and keep their own code when they have one', () => {
    expect(mapException(new ConflictException('taken'), matched)).toMatchObject({ statusCode: 409, code: 'RESOURCE.CONFLICT', message: 'taken' });
    expect(mapException(new BadRequestException({ code: 'TASK.BAD_DUE_DATE', message: 'due date in the past' }), matched)).toMatchObject({
      code: 'TASK.BAD_DUE_DATE',
      message: 'due date in the past',
    });
    expect(mapException(new ServiceUnavailableException(), matched)).toMatchObject({ statusCode: 503, retryAfterSeconds: 5 });
    expect(mapException(new PreconditionFailedException('changed'), matched)).toMatchObject({ statusCode: 412, code: 'PRECONDITION.FAILED' });
    expect(mapException(new HttpException('needs If-Match', 428), matched)).toMatchObject({ statusCode: 428, code: 'PRECONDITION.REQUIRED' });
  });
});
