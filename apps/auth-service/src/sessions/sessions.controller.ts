import { Body, Controller, Header, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, LoginSessionOnly, Public } from '@taskhub/platform-auth';
import { DomainException, RateLimitedException } from '@taskhub/platform-errors';
import { ApiErrorResponses } from '@taskhub/platform-http';
import { ACCOUNT_NEEDS_A_LOGIN_SESSION, AuthServiceErrors, InvalidCredentialsException } from '../auth.errors';
import { ClientIp } from '../security/client-ip.decorator';
import { TOO_MANY_ATTEMPTS } from '../security/attempt-limiter';
import { DEVICE_COOKIE_NAME } from './device-cookies';
import { LoginRequestDto } from './dto/login.request.dto';
import { RefreshRequestDto } from './dto/refresh.request.dto';
import { TokenPairResponseDto } from './dto/token-pair.response.dto';
import { invalidRefreshToken, SessionsService } from './sessions.service';
import { type TokenPair } from './token-pair';

interface ReplyLike {
  header(name: string, value: string): unknown;
}

@ApiTags('sessions')
@Controller('auth')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Log in: a new session and its token pair',
    description:
      'The same 401 for an unknown e-mail, a wrong password or a disabled account. Failed logins are counted per device: ' +
      `send back the \`${DEVICE_COOKIE_NAME}\` cookie a successful login set, and this device keeps a budget of its own ` +
      'when failures from unknown devices have spent the account\'s (docs/auth.md#device-cookies).',
  })
  @ApiOkResponse({
    type: TokenPairResponseDto,
    description: 'Logged in (`Cache-Control: no-store`).',
    headers: { 'Set-Cookie': { description: `A new device cookie: \`${DEVICE_COOKIE_NAME}\`, HttpOnly, SameSite=Strict, Path=/api/v1/auth, 180 days.`, schema: { type: 'string' } } },
  })
  @ApiErrorResponses(400, new InvalidCredentialsException(), new RateLimitedException('too many failed logins for this account from unknown devices, retry later', 3600, TOO_MANY_ATTEMPTS))
  async login(
    @Body() body: LoginRequestDto,
    @ClientIp() ip: string,
    @Headers('cookie') cookies: string | undefined,
    @Res({ passthrough: true }) reply: ReplyLike,
  ): Promise<TokenPair> {
    const { tokens, deviceCookie } = await this.sessions.login(body.email, body.password, ip, cookies);
    reply.header('set-cookie', deviceCookie);
    return tokens;
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Spend a refresh token for a new pair',
    description: 'Refresh one at a time per session: presenting a spent refresh token again ends the session (AUTH.REFRESH_TOKEN_REUSED).',
  })
  @ApiOkResponse({ type: TokenPairResponseDto, description: 'A new pair; the presented refresh token is spent (`Cache-Control: no-store`).' })
  @ApiErrorResponses(
    400,
    invalidRefreshToken(),
    new DomainException(AuthServiceErrors.REFRESH_TOKEN_REUSED, 'the refresh token was already used: the session has been ended', 401),
    new RateLimitedException('too many refresh attempts from this address, retry later', 60, TOO_MANY_ATTEMPTS),
  )
  refresh(@Body() body: RefreshRequestDto, @ClientIp() ip: string): Promise<TokenPair> {
    return this.sessions.refresh(body.refreshToken, ip);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End this session', description: 'Its refresh tokens are revoked and its access tokens stop working at once.' })
  @ApiNoContentResponse({ description: 'The session has ended.' })
  logout(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.sessions.logout(user);
  }

  @Post('logout-all')
  @LoginSessionOnly(ACCOUNT_NEEDS_A_LOGIN_SESSION)
  @HttpCode(204)
  @ApiOperation({ summary: 'End every login session of the account', description: 'Its API keys are revoked too. Needs a login session: a token exchanged for an API key is refused (403).' })
  @ApiNoContentResponse({ description: 'Every session has ended.' })
  logoutAll(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.sessions.logoutAll(user);
  }
}
