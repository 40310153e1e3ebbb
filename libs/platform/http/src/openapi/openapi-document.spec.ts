import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Body, Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags, type OpenAPIObject, type ResponseObject } from '@nestjs/swagger';
import { LoginSessionOnly, Public, Roles } from '@taskhub/platform-auth';
import { DomainException } from '@taskhub/platform-errors';
import { applyGlobalPrefix } from '../service-root-module';
import { ApiErrorResponses } from './api-error-responses.decorator';
import { buildOpenApiDocument } from './openapi-document';
import { serializeOpenApiDocument } from './openapi-json';
import { workspaceVersion } from './workspace-version';

class GreetingRequestDto {
  @ApiProperty({ description: 'Who to greet.', example: 'Ada' })
  readonly name!: string;
}

@ApiTags('greetings')
@Controller('greetings')
class GreetingsController {
  @Public()
  @Get('hello')
  @ApiOperation({ summary: 'Say hello' })
  @ApiOkResponse({ description: 'Hello.' })
  hello(): string {
    return 'hello';
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Store a greeting' })
  @ApiErrorResponses(400, new DomainException('GREETING.TAKEN', 'this greeting exists', 409), { status: 401, code: 'GREETING.SHY', message: 'too shy' })
  create(@Body() body: GreetingRequestDto): string {
    return body.name;
  }

  @LoginSessionOnly('greetings are listed for people, not scripts')
  @Get()
  @ApiOperation({ summary: 'List greetings' })
  @ApiOkResponse({ description: 'The greetings.' })
  list(): string[] {
    return [];
  }

  @Roles('admin')
  @Post('purge')
  @HttpCode(204)
  @ApiOperation({ summary: 'Forget every greeting' })
  purge(): void {}
}

@Module({ controllers: [GreetingsController] })
class GreetingsModule {}

async function documentOf(module: typeof GreetingsModule): Promise<OpenAPIObject> {
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), { preview: true, logger: false, abortOnError: false });
  applyGlobalPrefix(app);
  const document = buildOpenApiDocument(app, { service: 'task' });
  await app.close();
  return document;
}

const examplesOf = (response: unknown): string[] =>
  Object.keys((response as ResponseObject).content?.['application/json']?.examples ?? {}).sort();

describe(buildOpenApiDocument.name, () => {
  let document: OpenAPIObject;

  beforeAll(async () => {
    document = await documentOf(GreetingsModule);
  });

  it('should title the document after the service, with the workspace version and the bearer scheme', () => {
    expect(document.info).toEqual({
      title: 'TaskHub task service',
      version: (JSON.parse(readFileSync(path.resolve(__dirname, '../../../../../package.json'), 'utf8')) as { version: string }).version,
      description: expect.stringContaining('/api/v1') as unknown,
    });
    expect(document.components?.securitySchemes).toEqual({
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: expect.any(String) as unknown },
    });
  });

  it('should put the routes under the /api/v1 prefix', () => {
    expect(Object.keys(document.paths).sort()).toEqual(['/api/v1/greetings', '/api/v1/greetings/hello', '/api/v1/greetings/purge']);
  });

  it('should give a @Public() route no security requirement and no 401, only the 503s every route has', () => {
    const hello = document.paths['/api/v1/greetings/hello'].get!;

    expect(hello.security).toBeUndefined();
    expect(Object.keys(hello.responses).sort()).toEqual(['200', '503']);
    expect(examplesOf(hello.responses['503'])).toEqual(['DEPENDENCY.UNAVAILABLE', 'SERVER.OVERLOADED']);
  });

  it("should give an authenticated route the bearer requirement and the guard's 401 and 429, beside the route's own codes", () => {
    const create = document.paths['/api/v1/greetings'].post!;

    expect(create.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(create.responses).sort()).toEqual(['400', '401', '403', '409', '429', '503']);
    expect(examplesOf(create.responses['401'])).toEqual(['AUTH.SESSION_ENDED', 'AUTH.TOKEN_EXPIRED', 'AUTH.TOKEN_INVALID', 'AUTH.TOKEN_MISSING', 'GREETING.SHY']);
    expect(examplesOf(create.responses['429'])).toEqual(['REQUEST.RATE_LIMITED']);
  });

  it("should give an authenticated route the 403 of an API key's missing scope: write for a POST, read for a GET", () => {
    const scopeRefusal = (response: unknown): unknown =>
      (response as ResponseObject).content?.['application/json']?.examples?.['AUTH.INSUFFICIENT_SCOPE'];

    expect(scopeRefusal(document.paths['/api/v1/greetings'].post!.responses['403'])).toMatchObject({
      value: { statusCode: 403, code: 'AUTH.INSUFFICIENT_SCOPE', message: 'this needs the scope write, which the API key of this token does not have' },
    });
    expect(scopeRefusal(document.paths['/api/v1/greetings'].get!.responses['403'])).toMatchObject({
      value: { message: 'this needs the scope read, which the API key of this token does not have' },
    });
  });

  it("should give a @LoginSessionOnly() route the 403 with the route's message", () => {
    const list = document.paths['/api/v1/greetings'].get!;

    expect(examplesOf(list.responses['403'])).toEqual(['AUTH.INSUFFICIENT_SCOPE', 'AUTH.LOGIN_SESSION_REQUIRED']);
    expect((list.responses['403'] as ResponseObject).content?.['application/json']?.examples?.['AUTH.LOGIN_SESSION_REQUIRED']).toMatchObject({
      value: { code: 'AUTH.LOGIN_SESSION_REQUIRED', message: 'greetings are listed for people, not scripts' },
    });
  });

  it('should give a @Roles() route the 403 of the roles guard', () => {
    const purge = document.paths['/api/v1/greetings/purge'].post!;

    expect(Object.keys(purge.responses).sort()).toEqual(['204', '401', '403', '429', '503']);
    expect(examplesOf(purge.responses['403'])).toEqual(['AUTH.FORBIDDEN', 'AUTH.INSUFFICIENT_SCOPE']);
  });

  it('should document an error with the ErrorResponseDto schema and the body the filter writes', () => {
    const conflict = document.paths['/api/v1/greetings'].post!.responses['409'] as ResponseObject;

    expect(conflict.content).toEqual({
      'application/json': {
        schema: { $ref: '#/components/schemas/ErrorResponseDto' },
        examples: {
          'GREETING.TAKEN': {
            summary: 'this greeting exists',
            value: { statusCode: 409, code: 'GREETING.TAKEN', message: 'this greeting exists', correlationId: '6f1c2d9e-5b7a-4c1e-9a0b-2f3d4e5f6a7b' },
          },
        },
      },
    });
    expect(Object.keys(document.components?.schemas ?? {}).sort()).toEqual(['ErrorResponseDto', 'FieldViolationDto', 'GreetingRequestDto']);
  });

  it('should show the validation failure with its offending fields for a bare 400', () => {
    const invalid = document.paths['/api/v1/greetings'].post!.responses['400'] as ResponseObject;

    expect(invalid.content?.['application/json']?.examples).toEqual({
      'REQUEST.VALIDATION_FAILED': {
        summary: 'request validation failed: title',
        value: {
          statusCode: 400,
          code: 'REQUEST.VALIDATION_FAILED',
          message: 'request validation failed: title',
          correlationId: '6f1c2d9e-5b7a-4c1e-9a0b-2f3d4e5f6a7b',
          details: [{ field: 'title', constraints: { isNotEmpty: 'title should not be empty' } }],
        },
      },
    });
  });
});

describe(serializeOpenApiDocument.name, () => {
  it('should sort every object key, keep array order, indent by 2 and end with a newline', () => {
    const document = { paths: {}, openapi: '3.0.0', info: { version: '1', title: 't' }, tags: [{ name: 'b' }, { name: 'a' }] } as unknown as OpenAPIObject;

    expect(serializeOpenApiDocument(document)).toBe(
      '{\n  "info": {\n    "title": "t",\n    "version": "1"\n  },\n  "openapi": "3.0.0",\n  "paths": {},\n  "tags": [\n    {\n      "name": "b"\n    },\n    {\n      "name": "a"\n    }\n  ]\n}\n',
    );
  });
});

describe(ApiErrorResponses.name, () => {
  it('should refuse a status that is not an error', () => {
    expect(() => ApiErrorResponses(204)).toThrow('ApiErrorResponses: 204 is not an error status');
  });

  it('should refuse two examples with one code under one status', () => {
    expect(() => ApiErrorResponses(400, { status: 400, code: 'REQUEST.VALIDATION_FAILED', message: 'again' })).toThrow(
      'ApiErrorResponses: two examples of 400 REQUEST.VALIDATION_FAILED: give one',
    );
  });
});

describe(workspaceVersion.name, () => {
  it('should say which folder has no taskhub package.json above it', () => {
    expect(() => workspaceVersion('/')).toThrow("no taskhub package.json above /: its version is the OpenAPI document's");
  });
});
