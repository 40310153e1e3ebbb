import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@taskhub/platform-http';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsOptional, IsString, IsUUID, Length } from 'class-validator';

export const MAX_IDS = 100;

/** GET /users: either `ids` (one query, at most 100) or a directory page, optionally searched with `q`. */
export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: `Comma-separated user ids, at most ${MAX_IDS}; not with q or cursor`, type: String, example: '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e,0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5f' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => splitIds(value))
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_IDS)
  @IsUUID('all', { each: true })
  readonly ids?: string[];

  @ApiPropertyOptional({ description: 'Prefix of a word of the display name, or of the e-mail address; case and accents ignored', minLength: 1, maxLength: 100, example: 'ali' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 100)
  readonly q?: string;
}

/** `ids=a,b` or `ids=a&ids=b` (or both) as one list. */
function splitIds(value: unknown): unknown {
  const parts = Array.isArray(value) ? (value as unknown[]) : [value];
  return parts.every((p) => typeof p === 'string') ? (parts).flatMap((p) => p.split(',')).map((id) => id.trim()) : value;
}
