import { IsArray, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { defineEvent } from '../../envelope/event-contract';

export class TaskCommentAddedV1 {
  @IsUUID()
  readonly commentId!: string;

  @IsUUID()
  readonly taskId!: string;

  @IsUUID()
  readonly projectId!: string;

  @Matches(/^[A-Z][A-Z0-9]{1,9}-\d+$/)
  readonly taskKey!: string;

  @IsUUID()
  readonly authorId!: string;

  /** the members the comment mentions (`@[Name](userId)`) */
  @IsArray()
  @IsUUID('all', { each: true })
  readonly mentions!: string[];

  /** the start of the body (Markdown), at most 500 characters, for notifications */
  @IsString()
  @MaxLength(500)
  readonly excerpt!: string;
}

export const TASK_COMMENT_ADDED_V1 = defineEvent({
  type: 'task.comment.added',
  version: 1,
  data: TaskCommentAddedV1,
  description: 'Someone commented on a task, possibly mentioning other members.',
  consumers: ['notification'],
});
