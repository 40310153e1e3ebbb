import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { type AuthenticatedUser, CurrentUser, Public } from '@taskhub/platform-auth';
import { ClientIp } from '../security/client-ip.decorator';
import { LoginRequestDto } from './dto/login.request.dto';
import { RefreshRequestDto } from './dto/refresh.request.dto';
import { SessionsService } from './sessions.service';
import { type TokenPair } from './token-pair';

@Controller('auth')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  login(@Body() body: LoginRequestDto, @ClientIp() ip: string): Promise<TokenPair> {
    return this.sessions.login(body.email, body.password, ip);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  refresh(@Body() body: RefreshRequestDto, @ClientIp() ip: string): Promise<TokenPair> {
    return this.sessions.refresh(body.refreshToken, ip);
  }

  @Post('logout')
  @HttpCode(204)
  logout(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.sessions.logout(user);
  }

  @Post('logout-all')
  @HttpCode(204)
  logoutAll(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.sessions.logoutAll(user);
  }
}
