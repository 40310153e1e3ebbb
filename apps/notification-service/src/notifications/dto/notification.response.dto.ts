import { ApiProperty } from '@nestjs/swagger';
import {
  DUE_SOON_WINDOWS,
  type DueSoonWindow,
  NOTIFICATION_KINDS,
  PROJECT_ROLES,
  type ProjectRole,
  TASK_STATUSES,
  type TaskStatus,
} from '@taskhub/contracts';

import { type InboxKind, NOTICE_KINDS } from '../notification';

const ID = '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e';

/** An in-app notification: what happened (kind and subject), who did it, how many events it groups, read or not. */
export class NotificationResponseDto {
  @ApiProperty({ format: 'uuid', example: ID })
  readonly id!: string;

  @ApiProperty({
    enum: [...NOTIFICATION_KINDS, ...NOTICE_KINDS],
    example: 'task.assigned',
    description: 'The latest kind when it groups several events; `webhook.disabled`: one of your webhooks was disabled after repeated failures',
  })
  readonly kind!: InboxKind;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null for a notice about no project', example: ID })
  readonly projectId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: ID })
  readonly taskId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Who caused it (null for a due-date reminder)', example: ID })
  readonly actorId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Ada Lovelace' })
  readonly actorName!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'WEB-42' })
  readonly taskKey!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Ship the login page' })
  readonly taskTitle!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'project.member_added only', example: 'Website' })
  readonly projectName!: string | null;

  @ApiProperty({ enum: TASK_STATUSES, nullable: true, description: 'task.status_changed only', example: null })
  readonly statusFrom!: TaskStatus | null;

  @ApiProperty({ enum: TASK_STATUSES, nullable: true, description: 'task.status_changed only', example: null })
  readonly statusTo!: TaskStatus | null;

  @ApiProperty({ type: String, nullable: true, description: 'comment.added only: the start of the comment', example: null })
  readonly excerpt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'task.due_soon only', example: null })
  readonly dueAt!: string | null;

  @ApiProperty({ enum: DUE_SOON_WINDOWS, nullable: true, description: 'task.due_soon only', example: null })
  readonly dueWindow!: DueSoonWindow | null;

  @ApiProperty({ enum: PROJECT_ROLES, nullable: true, description: 'project.member_added only', example: null })
  readonly role!: ProjectRole | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'webhook.disabled only', example: null })
  readonly webhookId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'webhook.disabled only', example: null })
  readonly webhookUrl!: string | null;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'How many events about the task it groups', example: 1 })
  readonly count!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  readonly readAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  readonly createdAt!: string;

  @ApiProperty({ format: 'date-time', description: 'The latest event it groups' })
  readonly updatedAt!: string;

  @ApiProperty({ description: "Position in your live stream (a decimal integer): the SSE event id", example: '1042' })
  readonly seq!: string;
}

export class NotificationPageResponseDto {
  @ApiProperty({ type: [NotificationResponseDto] })
  readonly items!: NotificationResponseDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  readonly nextCursor!: string | null;
}

export class UnreadCountResponseDto {
  @ApiProperty({ type: 'integer', minimum: 0, example: 3 })
  readonly count!: number;
}

export class ReadAllResponseDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'How many notifications were unread', example: 3 })
  readonly marked!: number;
}
