import { ApiProperty } from '@nestjs/swagger';
import { type Scope, SCOPES } from '@taskhub/platform-auth';
import { type ApiKeyView } from '../api-keys.service';

/** An API key as listed (ApiKeyView): never the key itself. */
export class ApiKeyResponseDto implements ApiKeyView {
  @ApiProperty({ format: 'uuid', example: '0193f2a4-6c7d-7e8f-9a01-23456789abcd' })
  readonly id!: string;

  @ApiProperty({ example: 'ci-deploy' })
  readonly name!: string;

  @ApiProperty({ description: 'The first characters of the key, to recognise it.', example: 'thk_AxoF33' })
  readonly prefix!: string;

  @ApiProperty({ description: "What the key's tokens may do: `read` (GET, HEAD, OPTIONS), `write` (every other method).", enum: SCOPES, isArray: true, example: ['read'] })
  readonly scopes!: Scope[];

  @ApiProperty({ format: 'date-time', example: '2026-01-15T09:30:00.000Z' })
  readonly createdAt!: string;

  @ApiProperty({ description: 'When it stops working (every key expires).', format: 'date-time', example: '2026-12-31T00:00:00.000Z' })
  readonly expiresAt!: string;

  @ApiProperty({
    description: 'When it was last exchanged for an access token, to the minute (null: never).',
    format: 'date-time',
    type: 'string',
    nullable: true,
    example: null,
  })
  readonly lastUsedAt!: string | null;
}

/** What POST /auth/api-keys answers: the key, shown this once (it is stored as a hash). */
export class CreatedApiKeyResponseDto extends ApiKeyResponseDto {
  @ApiProperty({ description: 'The API key: keep it secret, it is not shown again.', example: 'thk_AxoF33gWnIpAKLgcDXXmpVL3NmqFAly_oiEzql3u0Zo' })
  readonly key!: string;
}

/** What GET /auth/api-keys answers: the caller's keys, in one page. */
export class ApiKeyListResponseDto {
  @ApiProperty({ type: [ApiKeyResponseDto] })
  readonly items!: ApiKeyResponseDto[];

  @ApiProperty({ description: 'Always null: every key is in the one page.', type: 'string', nullable: true, example: null })
  readonly nextCursor!: null;
}
