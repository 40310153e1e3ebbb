import { IsString, IsUUID, Length, Matches } from 'class-validator';
import { defineEvent } from '../../envelope/event-contract';

export class TaskProjectCreatedV1 {
  @IsUUID()
  readonly projectId!: string;

  /** the short code of its task numbers, e.g. WEB */
  @Matches(/^[A-Z][A-Z0-9]{1,9}$/)
  readonly key!: string;

  @IsString()
  @Length(1, 100)
  readonly name!: string;

  /** the creator, its first owner */
  @IsUUID()
  readonly ownerId!: string;
}

export const TASK_PROJECT_CREATED_V1 = defineEvent({
  type: 'task.project.created',
  version: 1,
  data: TaskProjectCreatedV1,
  description: 'A project was created; its creator is its first owner.',
  consumers: ['notification'],
});
