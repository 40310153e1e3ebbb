import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type Scope, SCOPES } from '@taskhub/platform-auth';
import { Type } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsArray, IsDate, IsIn, IsOptional, IsString, Length } from 'class-validator';

export class CreateApiKeyRequestDto {
  @ApiProperty({ description: 'What the key is for, to recognise it in the list.', minLength: 1, maxLength: 100, example: 'ci-deploy' })
  @IsString()
  @Length(1, 100)
  readonly name!: string;

  /** none: `read` */
  @ApiPropertyOptional({
    description: "What the key's tokens may do: `read` (GET, HEAD, OPTIONS), `write` (every other method). Without it: `[\"read\"]`. A key never carries the admin role.",
    enum: SCOPES,
    isArray: true,
    minItems: 1,
    uniqueItems: true,
    example: ['read', 'write'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(SCOPES, { each: true })
  readonly scopes?: Scope[];

  /** ISO 8601; none: AUTH_API_KEY_DEFAULT_LIFETIME_DAYS from now */
  @ApiPropertyOptional({
    description: 'ISO 8601, in the future and at most 365 days ahead (AUTH_API_KEY_MAX_LIFETIME_DAYS); without it, 90 days from now (AUTH_API_KEY_DEFAULT_LIFETIME_DAYS).',
    type: 'string',
    format: 'date-time',
    example: '2026-12-31T00:00:00.000Z',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  readonly expiresAt?: Date;
}
