import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsInt, IsUUID, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../../envelope/event-contract';
import { FieldChangeV1 } from '../task-shared/task-values.v1';

export class TaskTaskUpdatedV1 {
  @IsUUID()
  readonly taskId!: string;

  @IsUUID()
  readonly projectId!: string;

  /** the task's version after the change (its ETag) */
  @IsInt()
  @Min(2)
  readonly version!: number;

  /** the fields that changed, with their old and new values */
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => FieldChangeV1)
  readonly changes!: FieldChangeV1[];

  @IsUUID()
  readonly updatedBy!: string;
}

export const TASK_TASK_UPDATED_V1 = defineEvent({
  type: 'task.task.updated',
  version: 1,
  data: TaskTaskUpdatedV1,
  description: 'A task changed: the changed fields with their old and new values.',
  consumers: ['notification'],
});
