import { ApiPropertyOptional } from '@nestjs/swagger';
import { TASK_PRIORITIES, TASK_STATUSES, type TaskPriority, type TaskStatus } from '@taskhub/contracts';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

/** A filter's values at most (the list's repeatable parameters mean "any of"). */
const MAX_VALUES = 50;
/** a single value counts as a list of one, as `?status=todo` does in the task list's query */
const asList = ({ value }: { value: unknown }): unknown => (value === undefined || value === null || Array.isArray(value) ? value : [value]);
const ASSIGNEE = /^(me|none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** Which tasks an export holds: the task list's parameter names (GET /tasks), each optional, combined with AND. */
export class ExportFiltersDto {
  @ApiPropertyOptional({ enum: TASK_STATUSES, isArray: true, description: 'Any of these statuses' })
  @IsOptional()
  @Transform(asList)
  @IsArray()
  @ArrayMaxSize(MAX_VALUES)
  @IsIn(TASK_STATUSES, { each: true })
  readonly status?: TaskStatus[];

  @ApiPropertyOptional({ enum: TASK_PRIORITIES, isArray: true, description: 'Any of these priorities' })
  @IsOptional()
  @Transform(asList)
  @IsArray()
  @ArrayMaxSize(MAX_VALUES)
  @IsIn(TASK_PRIORITIES, { each: true })
  readonly priority?: TaskPriority[];

  @ApiPropertyOptional({ type: [String], description: 'Assigned to any of: a user id, `me` (the requester), `none` (no assignee)' })
  @IsOptional()
  @Transform(asList)
  @IsArray()
  @ArrayMaxSize(MAX_VALUES)
  @Matches(ASSIGNEE, { each: true, message: 'each value of assigneeId must be a UUID, me or none' })
  readonly assigneeId?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Labelled with any of these labels' })
  @IsOptional()
  @Transform(asList)
  @IsArray()
  @ArrayMaxSize(MAX_VALUES)
  @IsUUID('all', { each: true })
  readonly labelId?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Subtasks of any of these tasks' })
  @IsOptional()
  @Transform(asList)
  @IsArray()
  @ArrayMaxSize(MAX_VALUES)
  @IsUUID('all', { each: true })
  readonly parentId?: string[];

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Due before this instant (exclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  readonly dueBefore?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Due after this instant (exclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  readonly dueAfter?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Changed at or after this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  readonly updatedSince?: string;

  @ApiPropertyOptional({ description: 'Full-text search: not supported by exports yet (400 EXPORT.FILTER_UNSUPPORTED)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  readonly q?: string;
}

/** The filters as stored with the export and applied by its worker: `me` resolved to the requester, instants normalised. */
export interface ExportFilters {
  readonly status?: string[];
  readonly priority?: string[];
  /** user ids, and `none` for tasks without assignees */
  readonly assigneeId?: string[];
  readonly labelId?: string[];
  readonly parentId?: string[];
  readonly dueBefore?: string;
  readonly dueAfter?: string;
  readonly updatedSince?: string;
}
