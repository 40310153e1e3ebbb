import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@taskhub/platform-auth';
import { ApiErrorResponses, Idempotent } from '@taskhub/platform-http';
import { FIELD_ERRORS, PROJECT_ARCHIVED, TASK_NOT_FOUND, VIEWER_CANNOT_WRITE } from '../task-examples';
import { BulkTasksService } from './bulk-tasks.service';
import { BulkUpdateRequestDto } from './bulk-update.request.dto';
import { BulkUpdateResponseDto } from './bulk-update.response.dto';

@ApiTags('tasks')
@Controller('tasks/bulk')
export class BulkTasksController {
  constructor(private readonly bulk: BulkTasksService) {}

  @Post()
  @HttpCode(200)
  @Idempotent()
  @ApiOperation({
    summary: 'Set status, priority, assignees, labels or due date on up to 100 tasks, all or nothing',
    description: 'Each task is checked and changed as PATCH /tasks/{id} would (same codes, the message naming the task); the first refusal changes none.',
  })
  @ApiOkResponse({ type: BulkUpdateResponseDto })
  @ApiErrorResponses(...FIELD_ERRORS, VIEWER_CANNOT_WRITE, TASK_NOT_FOUND, PROJECT_ARCHIVED)
  update(@CurrentUser() user: AuthenticatedUser, @Body() body: BulkUpdateRequestDto): Promise<BulkUpdateResponseDto> {
    return this.bulk.update(user, body);
  }
}
