import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { type AuthenticatedUser, CurrentUser, Public } from '@taskhub/platform-auth';
import { AccountsService } from './accounts.service';
import { RegisterRequestDto } from './dto/register.request.dto';

@Controller('auth')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Public()
  @Post('register')
  @HttpCode(201)
  register(@Body() body: RegisterRequestDto): Promise<{ id: string; email: string }> {
    return this.accounts.register(body);
  }

  @Get('me')
  me(@CurrentUser() user: AuthenticatedUser): ReturnType<AccountsService['me']> {
    return this.accounts.me(user);
  }
}
