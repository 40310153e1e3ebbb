import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@taskhub/platform-auth';
import { ApiErrorResponses, InvalidCursorException } from '@taskhub/platform-http';
import { ListUsersQueryDto } from './dto/list-users.query.dto';
import { ProfilePageResponseDto, ProfileResponseDto } from './dto/profile.response.dto';
import { UpdateProfileRequestDto } from './dto/update-profile.request.dto';
import { IdsWithQueryException, ProfileNotFoundException } from './profiles.errors';
import { ProfilesService } from './profiles.service';

@ApiTags('users')
@Controller('users')
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  @Get()
  @ApiOperation({ summary: 'Several users by id (ids=…, one query), or a page of the directory, searched by name or e-mail prefix (q=…)' })
  @ApiOkResponse({ type: ProfilePageResponseDto })
  @ApiErrorResponses(400, new InvalidCursorException('other_query'), new IdsWithQueryException())
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListUsersQueryDto): Promise<ProfilePageResponseDto> {
    return this.profiles.list(query, user);
  }

  @Get('me')
  @ApiOperation({ summary: 'Your own profile, with your e-mail address' })
  @ApiOkResponse({ type: ProfileResponseDto })
  @ApiErrorResponses(new ProfileNotFoundException('0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e'))
  me(@CurrentUser() user: AuthenticatedUser): Promise<ProfileResponseDto> {
    return this.profiles.byId(user.id, user);
  }

  @Patch('me')
  @ApiOperation({ summary: 'Change your display name, avatar, time zone or locale' })
  @ApiOkResponse({ type: ProfileResponseDto })
  @ApiErrorResponses(400, new ProfileNotFoundException('0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e'))
  update(@CurrentUser() user: AuthenticatedUser, @Body() body: UpdateProfileRequestDto): Promise<ProfileResponseDto> {
    return this.profiles.update(user, body);
  }

  @Get(':id')
  @ApiOperation({ summary: "Another user's public profile (the e-mail address only for yourself and admins)" })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The user id' })
  @ApiOkResponse({ type: ProfileResponseDto })
  @ApiErrorResponses({ status: 400, code: 'REQUEST.BAD_REQUEST', message: 'Validation failed (uuid is expected)' }, new ProfileNotFoundException('0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e'))
  byId(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<ProfileResponseDto> {
    return this.profiles.byId(id, user);
  }
}
