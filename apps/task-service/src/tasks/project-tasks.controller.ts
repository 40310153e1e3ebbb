import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@taskhub/platform-auth';
import { ApiErrorResponses, ETagFromVersion } from '@taskhub/platform-http';
import { TaskResponseDto } from './dto/task.response.dto';
import { BAD_UUID, PROJECT_NOT_FOUND, TASK_NOT_FOUND } from './task-examples';
import { TasksService } from './tasks.service';

/** Tasks reached through their project. */
@ApiTags('tasks')
@Controller('projects/:id/tasks')
export class ProjectTasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get(':key')
  @ETagFromVersion()
  @ApiOperation({ summary: 'A task by its key in the project (WEB-42)' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The project id' })
  @ApiParam({ name: 'key', description: "`<project key>-<number>`; another project's key answers 404", example: 'WEB-42' })
  @ApiOkResponse({ type: TaskResponseDto })
  @ApiErrorResponses(BAD_UUID, PROJECT_NOT_FOUND, TASK_NOT_FOUND)
  byKey(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) projectId: string, @Param('key') key: string): Promise<TaskResponseDto> {
    return this.tasks.byKey(user, projectId, key);
  }
}
