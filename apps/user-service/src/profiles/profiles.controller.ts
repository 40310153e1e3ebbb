import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@taskhub/platform-auth';
import { ApiErrorResponses } from '@taskhub/platform-http';
import { ListUsersQueryDto } from './dto/list-users.query.dto';
import { ProfilePageResponseDto, ProfileResponseDto } from './dto/profile.response.dto';
import { UpdateProfileRequestDto } from './dto/update-profile.request.dto';
import { ProfilesService } from './profiles.service';

@ApiTags('users')
@Controller('users')
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  @Get()
  @ApiOperation({ summary: 'Several users by id (ids=…, one query), or a page of the directory, searched by name or e-mail prefix (q=…)' })
  @ApiOkResponse({ type: ProfilePageResponseDto })
  @ApiErrorResponses(400)
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListUsersQueryDto): Promise<ProfilePageResponseDto> {
    return this.profiles.list(query, user);
  }

  @Get('me')
  @ApiOperation({ summary: 'Your own profile, with your e-mail address' })
  @ApiOkResponse({ type: ProfileResponseDto })
  @ApiErrorResponses(404)
  me(@CurrentUser() user: AuthenticatedUser): Promise<ProfileResponseDto> {
    return this.profiles.byId(user.id, user);
  }

  @Patch('me')
  @ApiOperation({ summary: 'Change your display name, avatar, time zone or locale' })
  @ApiOkResponse({ type: ProfileResponseDto })
  @ApiErrorResponses(400, 404)
  update(@CurrentUser() user: AuthenticatedUser, @Body() body: UpdateProfileRequestDto): Promise<ProfileResponseDto> {
    return this.profiles.update(user, body);
  }

  @Get(':id')
  @ApiOperation({ summary: "Another user's public profile (the e-mail address only for yourself and admins)" })
  @ApiOkResponse({ type: ProfileResponseDto })
  @ApiErrorResponses(400, 404)
  byId(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<ProfileResponseDto> {
    return this.profiles.byId(id, user);
  }
}
