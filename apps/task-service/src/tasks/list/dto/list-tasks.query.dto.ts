import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { TASK_STATUSES, TaskStatus } from '@taskhub/contracts';
import { PageQueryDto } from '@taskhub/platform-http';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsOptional, IsUUID } from 'class-validator';
import { MAX_FILTER_VALUES, TaskFilterQueryDto, toList } from './task-filter.query.dto';

/** GET /tasks: a keyset page of the tasks of the projects named, or of all the caller's projects without projectId. */
export class ListTasksQueryDto extends IntersectionType(PageQueryDto, TaskFilterQueryDto) {
  @ApiPropertyOptional({ description: 'A project id (404 unless you are a member); repeatable. Without it: all your projects', type: [String], format: 'uuid' })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @IsUUID('all', { each: true })
  readonly projectId?: string[];

  @ApiPropertyOptional({ enum: TASK_STATUSES, isArray: true, description: 'repeatable' })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @IsIn(TASK_STATUSES, { each: true })
  readonly status?: TaskStatus[];
}
