import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@taskhub/platform-auth';
import { ApiErrorResponses } from '@taskhub/platform-http';
import { ProjectNotFoundException } from '../access/access.errors';
import { ProjectStatsResponseDto } from './dto/project-stats.response.dto';
import { ProjectStatsService } from './project-stats.service';

const PROJECT_NOT_FOUND = new ProjectNotFoundException('0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e');

@ApiTags('projects')
@Controller('projects/:id/stats')
export class ProjectStatsController {
  constructor(private readonly stats: ProjectStatsService) {}

  @Get()
  @ApiOperation({
    summary: "A project's task counts (any member)",
    description:
      'Counts by status, open counts by priority and assignee, overdue and recently done. Served from the cache: never older than your own last write; overdue and doneLast* may lag the clock by up to a minute.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The project id' })
  @ApiOkResponse({ type: ProjectStatsResponseDto })
  @ApiErrorResponses({ status: 400, code: 'REQUEST.BAD_REQUEST', message: 'Validation failed (uuid is expected)' }, PROJECT_NOT_FOUND)
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<ProjectStatsResponseDto> {
    return this.stats.get(user, id);
  }
}
