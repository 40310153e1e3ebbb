import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@taskhub/platform-auth';
import { ApiErrorResponses, ETagFromVersion, Idempotent, IfMatchVersion } from '@taskhub/platform-http';
import { CreateTaskRequestDto } from './dto/create-task.request.dto';
import { TaskResponseDto } from './dto/task.response.dto';
import { UpdateTaskRequestDto } from './dto/update-task.request.dto';
import { BAD_UUID, FIELD_ERRORS, PROJECT_ARCHIVED, PROJECT_NOT_FOUND, TASK_NOT_FOUND, VIEWER_CANNOT_WRITE } from './task-examples';
import { TasksService } from './tasks.service';
import { RestoreExpiredException, TaskNotDeletedException } from './tasks.errors';

const EXAMPLE_ID = '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e';

@ApiTags('tasks')
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Post()
  @Idempotent()
  @ETagFromVersion()
  @ApiOperation({ summary: 'Create a task in a project you edit: it takes the next number of the project (WEB-1, WEB-2, …)' })
  @ApiCreatedResponse({ type: TaskResponseDto })
  @ApiErrorResponses(...FIELD_ERRORS, VIEWER_CANNOT_WRITE, PROJECT_NOT_FOUND, PROJECT_ARCHIVED)
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateTaskRequestDto): Promise<TaskResponseDto> {
    return this.tasks.create(user, body);
  }

  @Get(':id')
  @ETagFromVersion()
  @ApiOperation({ summary: 'A task of a project you are a member of' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The task id' })
  @ApiOkResponse({ type: TaskResponseDto })
  @ApiErrorResponses(BAD_UUID, TASK_NOT_FOUND)
  byId(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<TaskResponseDto> {
    return this.tasks.byId(user, id);
  }

  @Patch(':id')
  @ETagFromVersion()
  @ApiOperation({ summary: 'Change fields of a task (assigneeIds and labelIds replace the sets); a PATCH that changes nothing keeps its version' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The task id' })
  @ApiOkResponse({ type: TaskResponseDto })
  @ApiErrorResponses(BAD_UUID, ...FIELD_ERRORS, VIEWER_CANNOT_WRITE, TASK_NOT_FOUND, PROJECT_ARCHIVED)
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @IfMatchVersion() version: number,
    @Body() body: UpdateTaskRequestDto,
  ): Promise<TaskResponseDto> {
    return this.tasks.update(user, id, body, version);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a task (restorable for 30 days; its subtasks stay)' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The task id' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrorResponses(BAD_UUID, VIEWER_CANNOT_WRITE, TASK_NOT_FOUND, PROJECT_ARCHIVED)
  remove(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string, @IfMatchVersion() version: number): Promise<void> {
    return this.tasks.remove(user, id, version);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @Idempotent()
  @ETagFromVersion()
  @ApiOperation({ summary: 'Restore a task deleted less than 30 days ago' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The task id' })
  @ApiOkResponse({ type: TaskResponseDto })
  @ApiErrorResponses(BAD_UUID, VIEWER_CANNOT_WRITE, TASK_NOT_FOUND, PROJECT_ARCHIVED, new TaskNotDeletedException(EXAMPLE_ID), new RestoreExpiredException(EXAMPLE_ID))
  restore(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<TaskResponseDto> {
    return this.tasks.restore(user, id);
  }
}
