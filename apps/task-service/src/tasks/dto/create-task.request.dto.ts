import { ApiProperty } from '@nestjs/swagger';
import { type TaskPriority, type TaskStatus } from '@taskhub/contracts';
import { IsUUID } from 'class-validator';
import { TASK_LIMITS } from '../task';
import { DescriptionField, IdSetField, InstantField, ParentIdField, PriorityField, StatusField, TitleField } from './task-field.decorators';

/** POST /tasks: a task in a project you edit; any other field answers 400. */
export class CreateTaskRequestDto {
  @ApiProperty({ format: 'uuid', description: 'The project (you need to be its editor or owner)' })
  @IsUUID()
  readonly projectId!: string;

  @TitleField(true)
  readonly title!: string;

  @DescriptionField()
  readonly description?: string | null;

  @StatusField()
  readonly status?: TaskStatus;

  @PriorityField()
  readonly priority?: TaskPriority;

  @InstantField('When work starts; not after dueAt')
  readonly startAt?: string | null;

  @InstantField('When it is due')
  readonly dueAt?: string | null;

  @IdSetField(TASK_LIMITS.MAX_ASSIGNEES, 'Members of the project')
  readonly assigneeIds?: string[];

  @IdSetField(TASK_LIMITS.MAX_LABELS, 'Labels of the project')
  readonly labelIds?: string[];

  @ParentIdField()
  readonly parentId?: string | null;
}
