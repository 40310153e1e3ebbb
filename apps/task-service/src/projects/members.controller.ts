import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@taskhub/platform-auth';
import { ApiErrorResponses, Idempotent, InvalidCursorException, type Page, PageQueryDto } from '@taskhub/platform-http';
import { ProjectArchivedException, ProjectNotFoundException, RoleTooLowException } from '../access/access.errors';
import { AddMemberRequestDto } from './dto/add-member.request.dto';
import { MemberPageResponseDto, MemberResponseDto } from './dto/member.response.dto';
import { UpdateMemberRequestDto } from './dto/update-member.request.dto';
import { MembersService } from './members.service';
import { type Member } from './project';
import { LastOwnerException, MemberExistsException, MemberLimitException, MemberNotFoundException } from './projects.errors';

const EXAMPLE_ID = '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e';
const BAD_ID = { status: 400, code: 'REQUEST.BAD_REQUEST', message: 'Validation failed (uuid is expected)' };
const NOT_FOUND = new ProjectNotFoundException(EXAMPLE_ID);
const NOT_OWNER = new RoleTooLowException('editor', 'owner');
const ARCHIVED = new ProjectArchivedException(EXAMPLE_ID);
const PROJECT_ID = { name: 'id', format: 'uuid', description: 'The project id' };
const USER_ID = { name: 'userId', format: 'uuid', description: "The member's user id" };

@ApiTags('project members')
@Idempotent()
@Controller('projects/:id/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @ApiOperation({ summary: "A project's members in the order they joined, with their roles and names (any member)" })
  @ApiParam(PROJECT_ID)
  @ApiOkResponse({ type: MemberPageResponseDto })
  @ApiErrorResponses(400, BAD_ID, new InvalidCursorException('other_query'), NOT_FOUND)
  list(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string, @Query() query: PageQueryDto): Promise<Page<Member>> {
    return this.members.list(user, id, query);
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Add someone to a project with a role (owners)' })
  @ApiParam(PROJECT_ID)
  @ApiCreatedResponse({ type: MemberResponseDto })
  @ApiErrorResponses(400, BAD_ID, NOT_OWNER, NOT_FOUND, new MemberExistsException(EXAMPLE_ID), new MemberLimitException(), ARCHIVED)
  add(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: AddMemberRequestDto): Promise<Member> {
    return this.members.add(user, id, body);
  }

  @Patch(':userId')
  @ApiOperation({ summary: "Change a member's role (owners; the last owner stays one)" })
  @ApiParam(PROJECT_ID)
  @ApiParam(USER_ID)
  @ApiOkResponse({ type: MemberResponseDto })
  @ApiErrorResponses(400, BAD_ID, NOT_OWNER, NOT_FOUND, new MemberNotFoundException(EXAMPLE_ID), new LastOwnerException(), ARCHIVED)
  changeRole(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('userId', new ParseUUIDPipe()) userId: string,
    @Body() body: UpdateMemberRequestDto,
  ): Promise<Member> {
    return this.members.changeRole(user, id, userId, body.role);
  }

  @Delete(':userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a member (owners), or leave a project (your own user id); they are unassigned from its tasks' })
  @ApiParam(PROJECT_ID)
  @ApiParam(USER_ID)
  @ApiNoContentResponse({ description: 'They are no longer a member, nor assigned to any of its tasks.' })
  @ApiErrorResponses(BAD_ID, NOT_OWNER, NOT_FOUND, new MemberNotFoundException(EXAMPLE_ID), new LastOwnerException(), ARCHIVED)
  remove(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string, @Param('userId', new ParseUUIDPipe()) userId: string): Promise<void> {
    return this.members.remove(user, id, userId);
  }
}
