import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { type AuthenticatedUser, CurrentUser, Public } from '@taskhub/platform-auth';
import { ClientIp } from '../security/client-ip.decorator';
import { ChangePasswordRequestDto } from './dto/change-password.request.dto';
import { ForgotPasswordRequestDto } from './dto/forgot-password.request.dto';
import { ResetPasswordRequestDto } from './dto/reset-password.request.dto';
import { PasswordsService } from './passwords.service';

@Controller('auth/password')
export class PasswordsController {
  constructor(private readonly passwords: PasswordsService) {}

  @Post()
  @HttpCode(204)
  change(@CurrentUser() user: AuthenticatedUser, @Body() body: ChangePasswordRequestDto): Promise<void> {
    return this.passwords.change(user, body.currentPassword, body.newPassword);
  }

  @Public()
  @Post('forgot')
  @HttpCode(202)
  forgot(@Body() body: ForgotPasswordRequestDto, @ClientIp() ip: string): Promise<void> {
    return this.passwords.forgot(body.email, ip);
  }

  @Public()
  @Post('reset')
  @HttpCode(204)
  reset(@Body() body: ResetPasswordRequestDto, @ClientIp() ip: string): Promise<void> {
    return this.passwords.reset(body.token, body.newPassword, ip);
  }
}
