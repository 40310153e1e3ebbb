import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { type AuthenticatedUser, CurrentUser, Roles } from '@taskhub/platform-auth';
import { type Page } from '@taskhub/platform-http';
import { type AccountView } from '../accounts/account';
import { AdminAccountsService } from './admin-accounts.service';
import { ListAccountsQueryDto } from './dto/list-accounts.query.dto';

@Controller('auth/accounts')
@Roles('admin')
export class AdminAccountsController {
  constructor(private readonly accounts: AdminAccountsService) {}

  @Get()
  list(@Query() query: ListAccountsQueryDto): Promise<Page<AccountView>> {
    return this.accounts.list(query);
  }

  @Post(':id/disable')
  @HttpCode(200)
  disable(@CurrentUser() admin: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<AccountView> {
    return this.accounts.disable(id, admin);
  }
}
