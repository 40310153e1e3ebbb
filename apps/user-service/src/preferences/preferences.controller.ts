import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@taskhub/platform-auth';
import { ApiErrorResponses } from '@taskhub/platform-http';
import { PreferencesDto } from './dto/preferences.dto';
import { type Preferences } from './preferences';
import { PreferencesService } from './preferences.service';

@ApiTags('preferences')
@Controller('users/me/preferences')
export class PreferencesController {
  constructor(private readonly preferences: PreferencesService) {}

  @Get()
  @ApiOperation({ summary: 'Your notification preferences (the defaults until you set them)' })
  @ApiOkResponse({ type: PreferencesDto })
  get(@CurrentUser() user: AuthenticatedUser): Promise<Preferences> {
    return this.preferences.get(user.id);
  }

  @Put()
  @ApiOperation({ summary: 'Replace your notification preferences' })
  @ApiOkResponse({ type: PreferencesDto })
  @ApiErrorResponses(400)
  replace(@CurrentUser() user: AuthenticatedUser, @Body() body: PreferencesDto): Promise<Preferences> {
    return this.preferences.replace(user.id, body);
  }
}
