import { type TaskPriority, type TaskStatus } from '@taskhub/contracts';
import { TASK_LIMITS } from '../task';
import { DescriptionField, IdSetField, InstantField, ParentIdField, PriorityField, StatusField, TitleField } from './task-field.decorators';

/**
 * PATCH /tasks/:id: the fields to change (those left out stay); `assigneeIds` and `labelIds` replace the whole set.
 * projectId and any other field answer 400 (a task does not move between projects).
 */
export class UpdateTaskRequestDto {
  @TitleField(false)
  readonly title?: string;

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

  @IdSetField(TASK_LIMITS.MAX_ASSIGNEES, 'Members of the project; replaces the assignees')
  readonly assigneeIds?: string[];

  @IdSetField(TASK_LIMITS.MAX_LABELS, 'Labels of the project; replaces the labels')
  readonly labelIds?: string[];

  @ParentIdField()
  readonly parentId?: string | null;
}
