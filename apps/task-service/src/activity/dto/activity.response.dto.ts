import { ApiProperty } from '@nestjs/swagger';
import { ACTIVITY_ACTIONS, type ActivityAction } from '../activity-log';
import { type ActivityView } from '../activity';

export class ActivityActorDto {
  @ApiProperty({ format: 'uuid' })
  readonly id!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Their display name when it happened', example: 'Ada Lovelace' })
  readonly displayName!: string | null;
}

export class FieldChangeDto {
  @ApiProperty({ example: 'status' })
  readonly field!: string;

  @ApiProperty({ description: 'The value before (any JSON value)', example: 'todo' })
  readonly old!: unknown;

  @ApiProperty({ description: 'The value after (any JSON value)', example: 'in_progress' })
  readonly new!: unknown;
}

export class ActivityResponseDto implements ActivityView {
  @ApiProperty({ format: 'uuid' })
  readonly id!: string;

  @ApiProperty({ format: 'uuid' })
  readonly projectId!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  readonly taskId!: string | null;

  @ApiProperty({ type: ActivityActorDto })
  readonly actor!: ActivityActorDto;

  @ApiProperty({ enum: ACTIVITY_ACTIONS, example: 'task.updated' })
  readonly action!: ActivityAction;

  @ApiProperty({ type: [FieldChangeDto] })
  readonly changes!: FieldChangeDto[];

  @ApiProperty({ format: 'date-time' })
  readonly createdAt!: string;
}

export class ActivityPageResponseDto {
  @ApiProperty({ type: [ActivityResponseDto] })
  readonly items!: ActivityResponseDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next (older) page; null on the last page' })
  readonly nextCursor!: string | null;
}
