import { ApiProperty } from '@nestjs/swagger';
import { TASK_PRIORITIES, TASK_STATUSES, TaskPriority, TaskStatus } from '@taskhub/contracts';

export class TaskAssigneeResponseDto {
  @ApiProperty({ format: 'uuid' })
  readonly id!: string;

  @ApiProperty({ type: String, nullable: true, description: 'From the service’s copy of profiles; null until it has seen theirs', example: 'Ada Lovelace' })
  readonly displayName!: string | null;
}

export class TaskLabelResponseDto {
  @ApiProperty({ format: 'uuid' })
  readonly id!: string;

  @ApiProperty({ example: 'bug' })
  readonly name!: string;

  @ApiProperty({ example: '#d73a4a' })
  readonly color!: string;
}

/** A task with its assignees and labels (in id order), its parent and how many subtasks it has. */
export class TaskResponseDto {
  @ApiProperty({ format: 'uuid' })
  readonly id!: string;

  @ApiProperty({ format: 'uuid' })
  readonly projectId!: string;

  @ApiProperty({ description: 'Per project, from 1, without gaps', example: 42 })
  readonly number!: number;

  @ApiProperty({ description: '`<project key>-<number>`', example: 'WEB-42' })
  readonly key!: string;

  @ApiProperty({ example: 'Ship the login page' })
  readonly title!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Markdown' })
  readonly description!: string | null;

  @ApiProperty({ enum: TASK_STATUSES, example: 'in_progress' })
  readonly status!: TaskStatus;

  @ApiProperty({ enum: TASK_PRIORITIES, example: 'high' })
  readonly priority!: TaskPriority;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  readonly startAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  readonly dueAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it became done; null unless its status is done' })
  readonly completedAt!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The parent task of a subtask' })
  readonly parentId!: string | null;

  @ApiProperty({ description: 'The parent is deleted (restorable): the subtask stays under it' })
  readonly parentDeleted!: boolean;

  @ApiProperty({ description: 'Its subtasks that are not deleted', example: 0 })
  readonly subtaskCount!: number;

  @ApiProperty({ type: [TaskAssigneeResponseDto] })
  readonly assignees!: readonly TaskAssigneeResponseDto[];

  @ApiProperty({ type: [TaskLabelResponseDto] })
  readonly labels!: readonly TaskLabelResponseDto[];

  @ApiProperty({ description: '+1 on every change: the ETag that If-Match names', example: 3 })
  readonly version!: number;

  @ApiProperty({ format: 'uuid' })
  readonly createdBy!: string;

  @ApiProperty({ format: 'date-time' })
  readonly createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  readonly updatedAt!: string;
}
