import { ApiProperty } from '@nestjs/swagger';
import { TASK_STATUSES, TaskStatus } from '@taskhub/contracts';
import { TaskResponseDto } from '../../dto/task.response.dto';

const NEXT_CURSOR = 'Pass as `cursor` for the next page; null on the last page';

export class TaskPageResponseDto {
  @ApiProperty({ type: [TaskResponseDto] })
  readonly items!: TaskResponseDto[];

  @ApiProperty({ type: String, nullable: true, description: NEXT_CURSOR })
  readonly nextCursor!: string | null;
}

export class BoardColumnResponseDto {
  @ApiProperty({ enum: TASK_STATUSES, example: 'todo' })
  readonly status!: TaskStatus;

  @ApiProperty({ description: 'How many tasks of this status the filters keep', example: 42 })
  readonly count!: number;

  @ApiProperty({ type: [TaskResponseDto] })
  readonly items!: TaskResponseDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: `${NEXT_CURSOR}: GET /api/v1/tasks?projectId=<id>&status=<status> with the board's filters and sort, and this cursor`,
  })
  readonly nextCursor!: string | null;
}

export class BoardResponseDto {
  @ApiProperty({ type: [BoardColumnResponseDto], description: 'One column per status, in the order todo, in_progress, blocked, done, cancelled' })
  readonly columns!: BoardColumnResponseDto[];
}
