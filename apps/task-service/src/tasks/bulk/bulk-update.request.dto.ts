import { ApiProperty } from '@nestjs/swagger';
import { type TaskPriority, type TaskStatus } from '@taskhub/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDefined, IsObject, IsUUID, ValidateNested } from 'class-validator';
import { IdSetField, InstantField, PriorityField, StatusField } from '../dto/task-field.decorators';
import { TASK_LIMITS } from '../task';

/** Tasks one bulk edit changes at most: one transaction stays short. */
export const BULK_MAX_TASKS = 100;

/** What a bulk edit sets on every task (the fields of PATCH /tasks/:id that make sense across tasks). */
export class BulkTaskSetDto {
  @StatusField()
  readonly status?: TaskStatus;

  @PriorityField()
  readonly priority?: TaskPriority;

  @IdSetField(TASK_LIMITS.MAX_ASSIGNEES, 'Members of each task’s project; replaces the assignees')
  readonly assigneeIds?: string[];

  @IdSetField(TASK_LIMITS.MAX_LABELS, 'Labels of each task’s project; replaces the labels')
  readonly labelIds?: string[];

  @InstantField('When they are due')
  readonly dueAt?: string | null;
}

/** POST /tasks/bulk: the same change on up to 100 tasks, all or nothing. */
export class BulkUpdateRequestDto {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: BULK_MAX_TASKS, uniqueItems: true, description: 'The tasks (of any projects you edit)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_MAX_TASKS)
  @ArrayUnique((id: string) => id.toLowerCase())
  @IsUUID('all', { each: true })
  readonly ids!: string[];

  @ApiProperty({ type: BulkTaskSetDto, description: 'The fields to set on each task (at least one)' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => BulkTaskSetDto)
  readonly set!: BulkTaskSetDto;
}
