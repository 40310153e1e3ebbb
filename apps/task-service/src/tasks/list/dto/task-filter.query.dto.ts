import { ApiPropertyOptional } from '@nestjs/swagger';
import { TASK_PRIORITIES, TaskPriority } from '@taskhub/contracts';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { DEFAULT_TASK_SORT, TASK_SORT_VALUES } from '../task-sort';

/** At most this many values of one repeatable parameter. */
export const MAX_FILTER_VALUES = 50;
/** `me` (the caller), `none` (no assignee) or a user id */
const ASSIGNEE = /^(me|none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
/** `none` (top-level tasks) or a task id */
const PARENT = /^(none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** `a&a` (repeated) or `a,b` (comma-separated), or both, as one list. */
export function toList({ value }: { value: unknown }): unknown {
  const parts = Array.isArray(value) ? (value as unknown[]) : [value];
  return parts.every((p) => typeof p === 'string') ? (parts).flatMap((p) => p.split(',')).map((v) => v.trim()) : value;
}

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** The filters and sort a task list and a board share; repeatable parameters mean "any of". */
export class TaskFilterQueryDto {
  @ApiPropertyOptional({ description: '`me`, `none` (no assignee) or a user id; repeatable', type: [String], example: ['me'] })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @Matches(ASSIGNEE, { each: true, message: 'each value of assigneeId must be me, none or a uuid' })
  readonly assigneeId?: string[];

  @ApiPropertyOptional({ enum: TASK_PRIORITIES, isArray: true, description: 'repeatable' })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @IsIn(TASK_PRIORITIES, { each: true })
  readonly priority?: TaskPriority[];

  @ApiPropertyOptional({ description: 'A label id; repeatable', type: [String], format: 'uuid' })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @IsUUID('all', { each: true })
  readonly labelId?: string[];

  @ApiPropertyOptional({ description: 'The parent task id, or `none` for tasks without a parent; repeatable', type: [String] })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @Matches(PARENT, { each: true, message: 'each value of parentId must be none or a uuid' })
  readonly parentId?: string[];

  @ApiPropertyOptional({ description: 'Due strictly before this instant (ISO 8601)', example: '2026-03-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601()
  readonly dueBefore?: string;

  @ApiPropertyOptional({ description: 'Due at or after this instant (ISO 8601)', example: '2026-02-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601()
  readonly dueAfter?: string;

  @ApiPropertyOptional({ description: 'Updated at or after this instant (ISO 8601)', example: '2026-02-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601()
  readonly updatedSince?: string;

  @ApiPropertyOptional({
    description: 'Full-text search over title, description and comments (English stemming, names as written, the last word a prefix); results best first, `sort` ignored',
    minLength: 1,
    maxLength: 200,
    example: 'login deplo',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  @Matches(/[\p{L}\p{N}]/u, { message: 'q must contain a letter or a digit' })
  readonly q?: string;

  @ApiPropertyOptional({ enum: TASK_SORT_VALUES, default: DEFAULT_TASK_SORT, description: '`-` for descending; tasks without a due date come last either way' })
  @IsOptional()
  @IsIn(TASK_SORT_VALUES)
  readonly sort?: string;
}
