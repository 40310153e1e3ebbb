import { Body, Controller, Get, Global, HttpCode, Module, Param, Patch, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags, type OpenAPIObject, type ParameterObject, type ResponseObject } from '@nestjs/swagger';
import { BaseServiceConfig } from '@taskhub/platform-config';
import { IdempotencyMetrics } from '../idempotency/idempotency-metrics';
import { IdempotencyRecorder } from '../idempotency/idempotency-recorder';
import { IdempotencyStore } from '../idempotency/idempotency-store';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { ETagFromVersion } from '../preconditions/etag-from-version.decorator';
import { IfMatchVersion } from '../preconditions/if-match-version.decorator';
import { DomainException } from '@taskhub/platform-errors';
import { applyGlobalPrefix } from '../service-root-module';
import { ApiErrorResponses } from './api-error-responses.decorator';
import { buildOpenApiDocument } from './openapi-document';

class NoteDto {
  @ApiProperty({ description: 'The note.', example: 'buy milk' })
  readonly text!: string;

  @ApiProperty({ description: 'Its version.', example: 3 })
  readonly version!: number;
}

@ApiTags('notes')
@Controller('notes')
class NotesController {
  @Get(':id')
  @ETagFromVersion()
  @ApiOperation({ summary: 'Read a note' })
  @ApiOkResponse({ type: NoteDto, description: 'The note.' })
  read(@Param('id') id: string): NoteDto {
    return { text: id, version: 1 };
  }

  @ApiOkResponse({ type: NoteDto, description: 'The changed note.' })
  @ETagFromVersion()
  @Patch(':id')
  @ApiOperation({ summary: 'Change a note' })
  change(@Param('id') id: string, @IfMatchVersion() version: number, @Body() body: NoteDto): NoteDto {
    return { text: `${id}${body.text}`, version: version + 1 };
  }
}

@Idempotent()
@ApiTags('lists')
@Controller('lists')
class ListsController {
  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a list' })
  @ApiCreatedResponse({ type: NoteDto, description: 'The list.' })
  @ApiErrorResponses(400, new DomainException('LIST.NAME_TAKEN', 'a list of this name exists', 409))
  create(@Body() body: NoteDto): NoteDto {
    return body;
  }

  @Get()
  @ApiOperation({ summary: 'Read the lists' })
  @ApiOkResponse({ type: [NoteDto], description: 'The lists.' })
  list(): NoteDto[] {
    return [];
  }
}

/** What the interceptor of `@Idempotent()` needs, as the platform provides it (preview mode calls no constructor). */
const IDEMPOTENCY_NEEDS = [BaseServiceConfig, IdempotencyStore, IdempotencyRecorder, IdempotencyMetrics].map((token) => ({ provide: token, useValue: {} }));

@Global()
@Module({ providers: IDEMPOTENCY_NEEDS, exports: IDEMPOTENCY_NEEDS.map((p) => p.provide) })
class PlatformStubsModule {}

@Module({ imports: [PlatformStubsModule], controllers: [NotesController, ListsController] })
class NotesModule {}

async function documentOf(module: typeof NotesModule): Promise<OpenAPIObject> {
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), { preview: true, logger: false, abortOnError: false });
  applyGlobalPrefix(app);
  const document = buildOpenApiDocument(app, { service: 'task' });
  await app.close();
  return document;
}

const headerParameters = (parameters: unknown[] | undefined): ParameterObject[] =>
  ((parameters ?? []) as ParameterObject[]).filter((parameter) => parameter.in === 'header');

describe('OpenAPI of ETag, If-Match and Idempotency-Key', () => {
  let document: OpenAPIObject;

  beforeAll(async () => {
    document = await documentOf(NotesModule);
  });

  it('should document the ETag of a read, its optional If-None-Match and the 304, keeping the body schema', () => {
    const read = document.paths['/api/v1/notes/{id}'].get!;
    const ok = read.responses['200'] as ResponseObject;

    expect(ok.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/NoteDto' });
    expect(Object.keys(ok.headers ?? {})).toEqual(['ETag']);
    expect(headerParameters(read.parameters)).toEqual([expect.objectContaining({ name: 'If-None-Match', required: false }) as unknown]);
    expect(read.responses['304']).toEqual({ description: 'Not modified: If-None-Match names the current version.', headers: { ETag: ok.headers?.ETag } });
    expect(Object.keys(read.responses).sort()).toEqual(['200', '304', '401', '403', '429', '503']);
  });

  it('should document the required If-Match of a change with its 412 and 428, and the new ETag, whatever the order of the decorators', () => {
    const change = document.paths['/api/v1/notes/{id}'].patch!;
    const ok = change.responses['200'] as ResponseObject;
    const examplesOf = (status: string): string[] => Object.keys((change.responses[status] as ResponseObject).content?.['application/json']?.examples ?? {});

    expect(ok.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/NoteDto' });
    expect(Object.keys(ok.headers ?? {})).toEqual(['ETag']);
    expect(headerParameters(change.parameters)).toEqual([expect.objectContaining({ name: 'If-Match', required: true, schema: { type: 'string', example: '"3"' } }) as unknown]);
    expect(Object.keys(change.responses).sort()).toEqual(['200', '401', '403', '412', '428', '429', '503']);
    expect(examplesOf('412')).toEqual(['PRECONDITION.FAILED']);
    expect((change.responses['412'] as ResponseObject).content?.['application/json']?.examples?.['PRECONDITION.FAILED']).toEqual({
      summary: 'the resource has changed since the version in If-Match: read it again, re-apply your change and send its new ETag',
      value: {
        statusCode: 412,
        code: 'PRECONDITION.FAILED',
        message: 'the resource has changed since the version in If-Match: read it again, re-apply your change and send its new ETag',
        correlationId: '6f1c2d9e-5b7a-4c1e-9a0b-2f3d4e5f6a7b',
        details: { currentVersion: 4 },
      },
    });
    expect(examplesOf('428')).toEqual(['PRECONDITION.REQUIRED']);
  });

  it("should document the optional Idempotency-Key of an @Idempotent() controller's POST, its errors beside the route's own, and the replay header", () => {
    const create = document.paths['/api/v1/lists'].post!;
    const examplesOf = (status: string): string[] => Object.keys((create.responses[status] as ResponseObject).content?.['application/json']?.examples ?? {}).sort();

    expect(headerParameters(create.parameters)).toEqual([
      expect.objectContaining({ name: 'Idempotency-Key', required: false, schema: expect.objectContaining({ minLength: 1, maxLength: 255 }) as unknown }) as unknown,
    ]);
    expect(Object.keys((create.responses['201'] as ResponseObject).headers ?? {})).toEqual(['Idempotent-Replayed']);
    expect(Object.keys(create.responses).sort()).toEqual(['201', '400', '401', '403', '409', '422', '429', '503']);
    expect(examplesOf('400')).toEqual(['REQUEST.VALIDATION_FAILED']);
    expect(examplesOf('409')).toEqual(['IDEMPOTENCY.IN_PROGRESS', 'LIST.NAME_TAKEN']);
    expect(examplesOf('422')).toEqual(['IDEMPOTENCY.KEY_REUSED']);
  });

  it('should leave the other methods of an @Idempotent() controller alone', () => {
    const list = document.paths['/api/v1/lists'].get!;

    expect(headerParameters(list.parameters)).toEqual([]);
    expect(Object.keys(list.responses).sort()).toEqual(['200', '401', '403', '429', '503']);
  });
});
