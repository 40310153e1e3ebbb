import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, LoginSessionOnly, Public } from '@taskhub/platform-auth';
import { DomainException, ErrorCodes, RateLimitedException } from '@taskhub/platform-errors';
import { ApiErrorResponses } from '@taskhub/platform-http';
import { ACCOUNT_NEEDS_A_LOGIN_SESSION, AuthServiceErrors } from '../auth.errors';
import { TOO_MANY_ATTEMPTS } from '../security/attempt-limiter';
import { type DeletionView } from './deletion-saga';
import { DeletionsService } from './deletions.service';
import { DeletionNotFoundException } from './deletions.errors';
import { DeleteAccountRequestDto } from './dto/delete-account.request.dto';
import { DeletionResponseDto } from './dto/deletion.response.dto';

/** The person's side of account deletion, under /users/me (Kong routes these two paths to the auth service). */
@ApiTags('deletion')
@Controller('users/me')
export class DeletionsController {
  constructor(private readonly deletions: DeletionsService) {}

  @Delete()
  @LoginSessionOnly(ACCOUNT_NEEDS_A_LOGIN_SESSION)
  @HttpCode(202)
  @ApiOperation({
    summary: 'Delete my account',
    description:
      'Needs the password and a login session (a token exchanged for an API key is refused: 403). At once: the account is disabled and every ' +
      'session and API key ends (this token too); then every service erases the person (docs/sagas.md). Keep `deletionId`: it reads the ' +
      'progress at GET /users/me/deletion/{id} without a token. A deletion already running is answered again.',
  })
  @ApiAcceptedResponse({ type: DeletionResponseDto, description: 'The deletion has started.' })
  @ApiErrorResponses(
    400,
    new DomainException(AuthServiceErrors.INVALID_CREDENTIALS, 'the password is incorrect', 401),
    new RateLimitedException('too many failed password checks for this account, retry later', 3600, TOO_MANY_ATTEMPTS),
  )
  delete(@CurrentUser() user: AuthenticatedUser, @Body() body: DeleteAccountRequestDto): Promise<DeletionView> {
    return this.deletions.request(user, body.password);
  }

  @Public()
  @Get('deletion/:id')
  @ApiOperation({
    summary: "A deletion's progress",
    description: 'No token (the person has none left): the random deletion id is the capability. Step states and times only, no personal data.',
  })
  @ApiParam({ name: 'id', description: 'The deletion id (from DELETE /users/me).', format: 'uuid' })
  @ApiOkResponse({ type: DeletionResponseDto })
  @ApiErrorResponses({ status: 400, code: ErrorCodes.BAD_REQUEST, message: 'Validation failed (uuid is expected)' }, new DeletionNotFoundException('5b0c3f0e-8a5e-4c61-9a3e-0f3f3c1f9d2a'))
  status(@Param('id', new ParseUUIDPipe()) id: string): Promise<DeletionView> {
    return this.deletions.status(id);
  }
}
