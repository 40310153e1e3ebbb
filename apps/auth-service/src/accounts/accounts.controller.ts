import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
import { RegisteredAccountResponseDto } from './dto/registered-account.response.dto';

@ApiTags('accounts')
@Controller('auth')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Public()
  @Post('register')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create an account',
    description: 'The account gets the role `user`; emits auth.user.registered.v1 (through the outbox). Limited per client address and hour.',
  })
  @ApiCreatedResponse({ type: RegisteredAccountResponseDto, description: 'The account was created.' })
  @ApiErrorResponses(
    400,
    new PasswordPolicyException([{ rule: 'length', message: 'Use at least 12 characters.' }]),
    new DomainException(AuthServiceErrors.EMAIL_TAKEN, 'an account with this e-mail already exists', 409),
    new RateLimitedException('too many registrations from this address, retry later', 3600, TOO_MANY_ATTEMPTS),
  )
  register(@Body() body: RegisterRequestDto, @ClientIp() ip: string): Promise<{ id: string; email: string }> {
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
