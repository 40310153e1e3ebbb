import { IntersectionType, OmitType, PickType } from '@nestjs/swagger';
import { type TaskPriority, type TaskStatus } from '@taskhub/contracts';
import { ListTasksQueryDto } from '../tasks/list/dto/list-tasks.query.dto';
import { TaskFilterQueryDto } from '../tasks/list/dto/task-filter.query.dto';

/**
 * Which tasks an export holds: GET /tasks's filters, with its names, parsing and validation (a single value or a
 * list, comma-separated or not; `me`/`none`; `q`), each optional, combined with AND. Not `projectId` (the route's),
 * nor `sort` (an export is in number order, or by rank with `q`).
 */
export class ExportFiltersDto extends IntersectionType(PickType(ListTasksQueryDto, ['status'] as const), OmitType(TaskFilterQueryDto, ['sort'] as const)) {}

/** The filters as stored with the export (the request's, `me` resolved to the requester) and read by its worker. */
export interface ExportFilters {
  readonly status?: TaskStatus[];
  readonly priority?: TaskPriority[];
  /** user ids, and `none` for tasks without assignees */
  readonly assigneeId?: string[];
  readonly labelId?: string[];
  /** task ids, and `none` for top-level tasks */
  readonly parentId?: string[];
  readonly dueBefore?: string;
  readonly dueAfter?: string;
  readonly updatedSince?: string;
  readonly q?: string;
}
