import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** Items per page when a list request gives no `limit`. */
export const DEFAULT_PAGE_SIZE = 20;
/** The largest `limit` a list request may ask for. */
export const MAX_PAGE_SIZE = 100;
/** The longest `cursor` a list request may carry (a position with a long sort key still fits). */
export const MAX_CURSOR_LENGTH = 2048;

// a cursor of the auth service's account list, as a client sees one
const CURSOR_EXAMPLE =
  'eyJiIjoic2pncEhBcGRhMDd6ZTk1NWYtSkJ4bkwyTjljOE9UWHdUUVo3YWdTYkFDNCIsInAiOnsiaWQiOiIwMTkwZjNhMi01YzFlLTdiNGQtOWEzZi0yZThjNmQxYjdhOTAifX0' +
  '.zpEhtz9hYRon9vnByW2vhTYsBjSPnoTHgh__i69h810';

/** `?cursor&limit` of a keyset-paged list; a list's query DTO extends it with its own filters. */
export class PageQueryDto {
  @ApiPropertyOptional({
    description: 'nextCursor of the previous page, passed back unchanged; omit it for the first page',
    example: CURSOR_EXAMPLE,
    maxLength: MAX_CURSOR_LENGTH,
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CURSOR_LENGTH)
  readonly cursor?: string;

  @ApiPropertyOptional({
    description: 'items per page',
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_PAGE_SIZE,
    example: DEFAULT_PAGE_SIZE,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  readonly limit?: number;
}

/** The page size a list request asked for, or DEFAULT_PAGE_SIZE. */
export function pageLimit(query: PageQueryDto): number {
  return query.limit ?? DEFAULT_PAGE_SIZE;
}
