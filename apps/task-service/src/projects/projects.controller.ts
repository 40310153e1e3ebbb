import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@taskhub/platform-auth';
import { ApiErrorResponses, ETagFromVersion, Idempotent, IfMatchVersion, InvalidCursorException, type Page } from '@taskhub/platform-http';
import { ProjectArchivedException, ProjectNotFoundException, RoleTooLowException } from '../access/access.errors';
import { CreateProjectRequestDto } from './dto/create-project.request.dto';
import { ListProjectsQueryDto } from './dto/list-projects.query.dto';
import { ProjectDetailResponseDto, ProjectPageResponseDto, ProjectResponseDto } from './dto/project.response.dto';
import { UpdateProjectRequestDto } from './dto/update-project.request.dto';
import { type ProjectView } from './project';
import { ProjectKeyTakenException, ProjectNotArchivedException } from './projects.errors';
import { ProjectsService } from './projects.service';

const EXAMPLE_ID = '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e';
const BAD_ID = { status: 400, code: 'REQUEST.BAD_REQUEST', message: 'Validation failed (uuid is expected)' };
const NOT_FOUND = new ProjectNotFoundException(EXAMPLE_ID);
const NOT_OWNER = new RoleTooLowException('editor', 'owner');
const ARCHIVED = new ProjectArchivedException(EXAMPLE_ID);

@ApiTags('projects')
@Idempotent()
@Controller('projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Post()
  @HttpCode(201)
  @ETagFromVersion()
  @ApiOperation({ summary: 'Create a project: you become its owner' })
  @ApiCreatedResponse({ type: ProjectResponseDto })
  @ApiErrorResponses(400, new ProjectKeyTakenException('WEB'))
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateProjectRequestDto): Promise<ProjectView> {
    return this.projects.create(user, body);
  }

  @Get()
  @ApiOperation({ summary: 'The projects you are a member of, newest first, with your role in each' })
  @ApiOkResponse({ type: ProjectPageResponseDto })
  @ApiErrorResponses(400, new InvalidCursorException('other_query'))
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListProjectsQueryDto): Promise<Page<ProjectView>> {
    return this.projects.list(user, query);
  }

  @Get(':id')
  @ETagFromVersion()
  @ApiOperation({ summary: 'A project you are a member of, with your role and the numbers of members and labels' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The project id' })
  @ApiOkResponse({ type: ProjectDetailResponseDto })
  @ApiErrorResponses(BAD_ID, NOT_FOUND)
  byId(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<ProjectDetailResponseDto> {
    return this.projects.byId(user, id);
  }

  @Patch(':id')
  @ETagFromVersion()
  @ApiOperation({ summary: 'Rename a project or change its description (owners; not while archived)' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The project id' })
  @ApiOkResponse({ type: ProjectResponseDto })
  @ApiErrorResponses(400, BAD_ID, NOT_OWNER, NOT_FOUND, ARCHIVED)
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @IfMatchVersion() expectedVersion: number,
    @Body() body: UpdateProjectRequestDto,
  ): Promise<ProjectView> {
    return this.projects.update(user, id, body, expectedVersion);
  }

  @Post(':id/archive')
  @HttpCode(200)
  @ETagFromVersion()
  @ApiOperation({ summary: 'Archive a project: read-only until unarchived (owners)' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The project id' })
  @ApiOkResponse({ type: ProjectResponseDto })
  @ApiErrorResponses(BAD_ID, NOT_OWNER, NOT_FOUND, ARCHIVED)
  archive(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<ProjectView> {
    return this.projects.archive(user, id);
  }

  @Post(':id/unarchive')
  @HttpCode(200)
  @ETagFromVersion()
  @ApiOperation({ summary: 'Unarchive a project (owners)' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The project id' })
  @ApiOkResponse({ type: ProjectResponseDto })
  @ApiErrorResponses(BAD_ID, NOT_OWNER, NOT_FOUND, new ProjectNotArchivedException(EXAMPLE_ID))
  unarchive(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<ProjectView> {
    return this.projects.unarchive(user, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a project and everything in it, for good (owners; archived or not)' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The project id' })
  @ApiNoContentResponse({ description: 'The project, its members, labels, tasks, comments and activity are deleted.' })
  @ApiErrorResponses(BAD_ID, NOT_OWNER, NOT_FOUND)
  delete(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string, @IfMatchVersion() expectedVersion: number): Promise<void> {
    return this.projects.delete(user, id, expectedVersion);
  }
}
