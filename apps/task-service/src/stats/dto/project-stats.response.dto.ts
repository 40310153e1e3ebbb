import { ApiProperty } from '@nestjs/swagger';
import { TASK_PRIORITIES, TASK_STATUSES, type TaskPriority, type TaskStatus } from '@taskhub/contracts';

const countsOf = (keys: readonly string[]): Record<string, { type: 'integer'; minimum: 0 }> =>
  Object.fromEntries(keys.map((k) => [k, { type: 'integer', minimum: 0 }] as const));

export class AssigneeOpenCountDto {
  @ApiProperty({ format: 'uuid', example: '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e' })
  readonly userId!: string;

  @ApiProperty({ type: 'integer', description: 'Open tasks (not done or cancelled) assigned to them', example: 7, minimum: 1 })
  readonly open!: number;
}

/** GET /projects/:id/stats. */
export class ProjectStatsResponseDto {
  @ApiProperty({
    description: 'Live (not deleted) tasks per status, every status present',
    type: 'object',
    properties: countsOf(TASK_STATUSES),
    example: { todo: 12, in_progress: 3, blocked: 1, done: 40, cancelled: 2 },
  })
  readonly byStatus!: Record<TaskStatus, number>;

  @ApiProperty({
    description: 'Open tasks (not done or cancelled) per priority, every priority present',
    type: 'object',
    properties: countsOf(TASK_PRIORITIES),
    example: { none: 5, low: 4, medium: 4, high: 2, urgent: 1 },
  })
  readonly byPriority!: Record<TaskPriority, number>;

  @ApiProperty({ type: [AssigneeOpenCountDto], description: 'Open tasks per assignee, most first; unassigned tasks are not listed' })
  readonly byAssignee!: AssigneeOpenCountDto[];

  @ApiProperty({ type: 'integer', description: 'Open tasks due before now', example: 2, minimum: 0 })
  readonly overdue!: number;

  @ApiProperty({ type: 'integer', description: 'Tasks done in the last 7 days (by completedAt) and still done', example: 9, minimum: 0 })
  readonly doneLast7Days!: number;

  @ApiProperty({ type: 'integer', description: 'Tasks done in the last 30 days (by completedAt) and still done', example: 31, minimum: 0 })
  readonly doneLast30Days!: number;
}
