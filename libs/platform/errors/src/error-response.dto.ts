import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { type FieldViolation } from './domain.exception';
import { type ErrorResponseBody } from './error-response';

/** One offending field of REQUEST.VALIDATION_FAILED, for OpenAPI documents. */
export class FieldViolationDto implements FieldViolation {
  @ApiProperty({ description: 'Dotted path of the field, e.g. `title` or `assignees.0.email`.', example: 'title' })
  readonly field!: string;

  @ApiProperty({
    description: 'Each failed constraint and its message.',
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { isNotEmpty: 'title should not be empty' },
  })
  readonly constraints!: Readonly<Record<string, string>>;
}

/**
 * The one error body (ErrorResponseBody) as an OpenAPI schema: the class the documents refer to, never instantiated
 * (the GlobalExceptionFilter writes the body).
 */
@ApiExtraModels(FieldViolationDto)
export class ErrorResponseDto implements ErrorResponseBody {
  @ApiProperty({ description: 'The HTTP status, repeated.', type: 'integer', example: 404 })
  readonly statusCode!: number;

  @ApiProperty({ description: 'Stable machine-readable code: `AREA.REASON`.', example: 'RESOURCE.NOT_FOUND' })
  readonly code!: string;

  @ApiProperty({ description: 'What went wrong, safe to show; not meant to be parsed.', example: 'task 0190a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b not found' })
  readonly message!: string;

  @ApiProperty({ description: 'The X-Request-ID of the request (sent, or made up by the service): quote it to find its logs.', example: '6f1c2d9e-5b7a-4c1e-9a0b-2f3d4e5f6a7b' })
  readonly correlationId!: string;

  @ApiPropertyOptional({ description: '5xx only (not SERVER.OVERLOADED): quote it to find the logged failure.', format: 'uuid', example: '0b8e7c1a-3d2f-4e5a-9b6c-7d8e9f0a1b2c' })
  readonly errorId?: string;

  // its shape depends on the code: REQUEST.VALIDATION_FAILED has FieldViolation[], a feature's code its own
  @ApiPropertyOptional({
    description: 'Structured details of the failure; with REQUEST.VALIDATION_FAILED, one FieldViolation per offending field.',
    anyOf: [{ type: 'array', items: { $ref: getSchemaPath(FieldViolationDto) } }, { type: 'array', items: { type: 'object' } }, { type: 'object' }],
    example: [{ field: 'title', constraints: { isNotEmpty: 'title should not be empty' } }],
  })
  readonly details?: unknown;
}
