import { ApiProperty } from '@nestjs/swagger';
import { PageQueryDto } from '@taskhub/platform-http';
import { type DeletionView, type StepName, type StepStatus, type StepView } from '../deletion-saga';

const STEP_NAMES: readonly StepName[] = ['credentials', 'task', 'notification', 'profile', 'account'];
const STEP_STATUSES: readonly StepStatus[] = ['waiting', 'pending', 'completed'];

export class DeletionStepResponseDto implements StepView {
  @ApiProperty({
    description: 'credentials (auth, at once), task and notification (in parallel), profile (the user service), account (auth erases its copy).',
    enum: STEP_NAMES,
    example: 'task',
  })
  readonly name!: StepName;

  @ApiProperty({ description: 'waiting: not asked yet; pending: asked, not reported yet; completed: reported done.', enum: STEP_STATUSES, example: 'pending' })
  readonly status!: StepStatus;

  @ApiProperty({ description: 'When the step was last asked (a resume asks again).', format: 'date-time', type: 'string', nullable: true, example: '2026-12-05T12:00:00.000Z' })
  readonly startedAt!: string | null;

  @ApiProperty({ format: 'date-time', type: 'string', nullable: true, example: null })
  readonly completedAt!: string | null;

  @ApiProperty({ description: 'How many times the step was asked (1, plus one per resume).', example: 1 })
  readonly attempts!: number;
}

/** A deletion saga's state: ids and times, no personal data. */
export class DeletionResponseDto implements DeletionView {
  @ApiProperty({ description: 'A random UUIDv4: whoever holds it can read this state (no personal data), without a token.', format: 'uuid', example: '5b0c3f0e-8a5e-4c61-9a3e-0f3f3c1f9d2a' })
  readonly deletionId!: string;

  @ApiProperty({ enum: ['running', 'completed'], example: 'running' })
  readonly status!: 'running' | 'completed';

  @ApiProperty({ format: 'date-time', example: '2026-12-05T12:00:00.000Z' })
  readonly requestedAt!: string;

  @ApiProperty({ format: 'date-time', type: 'string', nullable: true, example: null })
  readonly completedAt!: string | null;

  @ApiProperty({ type: [DeletionStepResponseDto] })
  readonly steps!: DeletionStepResponseDto[];
}

/** What the admin routes answer: the saga and whose account it deletes(d). */
export class AdminDeletionResponseDto extends DeletionResponseDto {
  @ApiProperty({ description: 'The account id (kept 30 days after completion, with nothing else about the person).', format: 'uuid', example: '0193f2a4-5b6c-7d8e-9f01-23456789abcd' })
  readonly userId!: string;
}

export class DeletionPageResponseDto {
  @ApiProperty({ type: [AdminDeletionResponseDto] })
  readonly items!: AdminDeletionResponseDto[];

  @ApiProperty({ description: 'Pass it as `cursor` for the next page; null on the last one.', type: 'string', nullable: true, example: null })
  readonly nextCursor!: string | null;
}

/** `GET /auth/admin/deletions?cursor&limit`: newest first. */
export class ListDeletionsQueryDto extends PageQueryDto {}
