import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@taskhub/platform-auth';
import { ApiErrorResponses } from '@taskhub/platform-http';
import { BAD_UUID, PROJECT_NOT_FOUND } from '../task-examples';
import { BoardQueryDto } from './dto/board.query.dto';
import { ListTasksQueryDto } from './dto/list-tasks.query.dto';
import { BoardResponseDto, TaskPageResponseDto } from './dto/task-page.response.dto';
import { type Board, TaskListService } from './task-list.service';
import { type Page } from '@taskhub/platform-http';
import { type Task } from '../task';
import { type JsonText, SendsJsonText } from '../../common/json-text';

@ApiTags('tasks')
@Controller()
export class TaskListController {
  constructor(private readonly lists: TaskListService) {}

  @Get('tasks')
  @ApiOperation({ summary: 'Tasks of the projects named (all your projects without projectId), filtered, sorted or searched; keyset pages' })
  @ApiOkResponse({ type: TaskPageResponseDto })
  @ApiErrorResponses(400, PROJECT_NOT_FOUND)
  @SendsJsonText()
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListTasksQueryDto): Promise<Page<Task> | JsonText> {
    return this.lists.list(user, query);
  }

  @Get('projects/:id/board')
  @ApiOperation({ summary: "A project's board: per status its count and first page (the next via GET /tasks?projectId=&status=&cursor=)" })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The project id' })
  @ApiOkResponse({ type: BoardResponseDto })
  @ApiErrorResponses(BAD_UUID, 400, PROJECT_NOT_FOUND)
  @SendsJsonText()
  board(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) projectId: string, @Query() query: BoardQueryDto): Promise<Board | JsonText> {
    return this.lists.board(user, projectId, query);
  }
}
