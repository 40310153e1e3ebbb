import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, LoginSessionOnly, Public } from '@taskhub/platform-auth';
import { DomainException, RateLimitedException } from '@taskhub/platform-errors';
import { ApiErrorResponses } from '@taskhub/platform-http';
import { ACCOUNT_NEEDS_A_LOGIN_SESSION, AuthServiceErrors } from '../auth.errors';
import { TOO_MANY_ATTEMPTS } from '../security/attempt-limiter';
import { ClientIp } from '../security/client-ip.decorator';
import { EmailChangeTokenRequestDto } from './dto/email-change-token.request.dto';
import { EmailChangeRequestDto } from './dto/email-change.request.dto';
import { EmailChangeService, emailAddressTaken, invalidEmailChangeToken } from './email-change.service';

const TOKEN_RATE_LIMIT = new RateLimitedException('too many e-mail link attempts from this address, retry later', 3600, TOO_MANY_ATTEMPTS);

@ApiTags('accounts')
@Controller('auth/email-change')
export class EmailChangeController {
  constructor(private readonly changes: EmailChangeService) {}

  @Post()
  @LoginSessionOnly(ACCOUNT_NEEDS_A_LOGIN_SESSION)
  @HttpCode(202)
  @ApiOperation({
    summary: 'Ask to change the e-mail address',
    description:
      'Needs the password and a login session. Always 202, whatever the new address: a confirmation link goes to the new address and a ' +
      'notice with a cancel link to the current one (auth.user.email_change_requested.v1); the address changes only on confirmation.',
  })
  @ApiAcceptedResponse({ description: 'The confirmation e-mail is on its way.' })
  @ApiErrorResponses(
    400,
    new DomainException(AuthServiceErrors.EMAIL_UNCHANGED, 'the new e-mail address is the current one', 400),
    new DomainException(AuthServiceErrors.INVALID_CREDENTIALS, 'the password is incorrect', 401),
    new RateLimitedException('too many e-mail change requests for this account, retry later', 3600, TOO_MANY_ATTEMPTS),
  )
  request(@CurrentUser() user: AuthenticatedUser, @Body() body: EmailChangeRequestDto): Promise<void> {
    return this.changes.request(user, body.newEmail, body.password);
  }

  @Public()
  @Post('confirm')
  @HttpCode(204)
  @ApiOperation({ summary: 'Confirm an e-mail change', description: 'With the token sent to the new address, which is verified by it; emits auth.user.email_changed.v1.' })
  @ApiNoContentResponse({ description: 'The address is changed.' })
  @ApiErrorResponses(400, invalidEmailChangeToken(), emailAddressTaken(), TOKEN_RATE_LIMIT)
  confirm(@Body() body: EmailChangeTokenRequestDto, @ClientIp() ip: string): Promise<void> {
    return this.changes.confirm(body.token, ip);
  }

  @Public()
  @Post('cancel')
  @HttpCode(204)
  @ApiOperation({ summary: 'Cancel an e-mail change', description: 'With the token sent to the current address: the pending change ends, nothing changes.' })
  @ApiNoContentResponse({ description: 'The change is cancelled.' })
  @ApiErrorResponses(400, invalidEmailChangeToken(), TOKEN_RATE_LIMIT)
  cancel(@Body() body: EmailChangeTokenRequestDto, @ClientIp() ip: string): Promise<void> {
    return this.changes.cancel(body.token, ip);
  }
}
