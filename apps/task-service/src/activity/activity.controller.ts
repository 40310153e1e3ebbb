import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@taskhub/platform-auth';
import { ApiErrorResponses, type Page, PageQueryDto } from '@taskhub/platform-http';
import { type ActivityView } from './activity';
import { ActivityService } from './activity.service';
import { ActivityPageResponseDto } from './dto/activity.response.dto';

@ApiTags('activity')
@Controller()
export class ActivityController {
  constructor(private readonly activity: ActivityService) {}

  @Get('projects/:id/activity')
  @ApiOperation({ summary: "A project's history, newest first: who changed what, when" })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The project id' })
  @ApiOkResponse({ type: ActivityPageResponseDto })
  @ApiErrorResponses(400, 404)
  ofProject(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) projectId: string, @Query() query: PageQueryDto): Promise<Page<ActivityView>> {
    return this.activity.ofProject(projectId, user.id, query);
  }

  @Get('tasks/:id/activity')
  @ApiOperation({ summary: "A task's history (its comments included), newest first" })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The task id' })
  @ApiOkResponse({ type: ActivityPageResponseDto })
  @ApiErrorResponses(400, 404)
  ofTask(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) taskId: string, @Query() query: PageQueryDto): Promise<Page<ActivityView>> {
    return this.activity.ofTask(taskId, user.id, query);
  }
}
