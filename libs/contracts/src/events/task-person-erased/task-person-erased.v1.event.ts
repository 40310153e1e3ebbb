import { IsISO8601, IsUUID } from 'class-validator';
import { defineEvent } from '../../envelope/event-contract';

export class TaskPersonErasedV1 {
  @IsUUID()
  readonly deletionId!: string;

  @IsUUID()
  readonly userId!: string;

  @IsISO8601({ strict: true })
  readonly erasedAt!: string;
}

export const TASK_PERSON_ERASED_V1 = defineEvent({
  type: 'task.person.erased',
  version: 1,
  data: TaskPersonErasedV1,
  description: 'The task service erased a person for a deletion: removed from projects (ownership passed on or the project archived), tasks unassigned, history and comments kept under an anonymised name.',
  consumers: ['auth'],
});
