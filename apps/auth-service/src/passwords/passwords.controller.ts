import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, LoginSessionOnly, Public } from '@taskhub/platform-auth';
import { DomainException, RateLimitedException } from '@taskhub/platform-errors';
import { ApiErrorResponses } from '@taskhub/platform-http';
import { ACCOUNT_NEEDS_A_LOGIN_SESSION, AuthServiceErrors } from '../auth.errors';
import { TOO_MANY_ATTEMPTS } from '../security/attempt-limiter';
import { ClientIp } from '../security/client-ip.decorator';
import { ChangePasswordRequestDto } from './dto/change-password.request.dto';
import { ForgotPasswordRequestDto } from './dto/forgot-password.request.dto';
import { ResetPasswordRequestDto } from './dto/reset-password.request.dto';
import { PasswordPolicyException } from './password-policy';
import { PasswordsService } from './passwords.service';

const POLICY_REFUSAL = new PasswordPolicyException([{ rule: 'guessable', message: 'This password is too easy to guess. This is a top-100 common password.' }]);

@ApiTags('passwords')
@Controller('auth/password')
export class PasswordsController {
  constructor(private readonly passwords: PasswordsService) {}

  @Post()
  @LoginSessionOnly(ACCOUNT_NEEDS_A_LOGIN_SESSION)
  @HttpCode(204)
  @ApiOperation({ summary: 'Change the password', description: 'Needs the current one and a login session (a token exchanged for an API key is refused: 403); every other session of the account ends, this one stays, and its API keys are revoked.' })
  @ApiNoContentResponse({ description: 'The password is changed.' })
  @ApiErrorResponses(
    400,
    POLICY_REFUSAL,
    new DomainException(AuthServiceErrors.INVALID_CREDENTIALS, 'the current password is incorrect', 401),
    new RateLimitedException('too many failed password checks for this account, retry later', 3600, TOO_MANY_ATTEMPTS),
  )
  change(@CurrentUser() user: AuthenticatedUser, @Body() body: ChangePasswordRequestDto): Promise<void> {
    return this.passwords.change(user, body.currentPassword, body.newPassword);
  }

  @Public()
  @Post('forgot')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Ask for a password-reset e-mail',
    description:
      'Always 202, in the same time, whether or not the address has an account. For an active account, a single-use reset token ' +
      'goes out by e-mail (event auth.password.reset_requested.v1).',
  })
  @ApiAcceptedResponse({ description: 'Accepted (whether or not the address has an account).' })
  @ApiErrorResponses(400, new RateLimitedException('too many password-reset requests from this address, retry later', 3600, TOO_MANY_ATTEMPTS))
  forgot(@Body() body: ForgotPasswordRequestDto, @ClientIp() ip: string): Promise<void> {
    return this.passwords.forgot(body.email, ip);
  }

  @Public()
  @Post('reset')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a new password with a reset token', description: 'The token is spent and every session of the account ends.' })
  @ApiNoContentResponse({ description: 'The password is set.' })
  @ApiErrorResponses(
    400,
    new DomainException(AuthServiceErrors.RESET_TOKEN_INVALID, 'the reset token is invalid, used or expired', 400),
    POLICY_REFUSAL,
    new RateLimitedException('too many password-reset attempts from this address, retry later', 3600, TOO_MANY_ATTEMPTS),
  )
  reset(@Body() body: ResetPasswordRequestDto, @ClientIp() ip: string): Promise<void> {
    return this.passwords.reset(body.token, body.newPassword, ip);
  }
}
