import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Public } from '@taskhub/platform-auth';
import { DomainException, RateLimitedException } from '@taskhub/platform-errors';
import { ApiErrorResponses } from '@taskhub/platform-http';
import { AuthServiceErrors } from '../auth.errors';
import { PasswordPolicyException } from '../passwords/password-policy';
import { TOO_MANY_ATTEMPTS } from '../security/attempt-limiter';
import { ClientIp } from '../security/client-ip.decorator';
import { AccountsService } from './accounts.service';
import { MeResponseDto } from './dto/account.response.dto';
import { RegisterRequestDto } from './dto/register.request.dto';
import { RegistrationAcceptedResponseDto } from './dto/registration-accepted.response.dto';

@ApiTags('accounts')
@Controller('auth')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Public()
  @Post('register')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Create an account',
    description:
      'Always 202 with the same body, in the same time, whether or not the address already has an account. A new address gets an ' +
      'unverified account with the role `user` (auth.user.registered.v1) and a verification e-mail (auth.user.verification_requested.v1); ' +
      'the owner of a taken address gets an e-mail saying someone tried (auth.user.registration_attempted.v1). Limited per client ' +
      'address and per e-mail address, per hour.',
  })
  @ApiAcceptedResponse({ type: RegistrationAcceptedResponseDto, description: 'Accepted (whether or not the address was free).' })
  @ApiErrorResponses(
    400,
    new PasswordPolicyException([{ rule: 'length', message: 'Use at least 12 characters.' }]),
    new RateLimitedException('too many registrations from this address, retry later', 3600, TOO_MANY_ATTEMPTS),
  )
  register(@Body() body: RegisterRequestDto, @ClientIp() ip: string): Promise<RegistrationAcceptedResponseDto> {
    return this.accounts.register(body, ip);
  }

  @Get('me')
  @ApiOperation({ summary: "The caller's account" })
  @ApiOkResponse({ type: MeResponseDto })
  @ApiErrorResponses(new DomainException(AuthServiceErrors.ACCOUNT_NOT_FOUND, 'account 0193f2a4-5b6c-7d8e-9f01-23456789abcd not found', 404))
  me(@CurrentUser() user: AuthenticatedUser): ReturnType<AccountsService['me']> {
    return this.accounts.me(user);
  }
}
