import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { type AuthenticatedUser, CurrentUser, Roles } from '@taskhub/platform-auth';
import { type AccountView } from '../accounts/account';
import { type AccountPage, AdminAccountsService } from './admin-accounts.service';
import { ListAccountsQueryDto } from './dto/list-accounts.query.dto';

const DEFAULT_PAGE_SIZE = 50;

@Controller('auth/accounts')
@Roles('admin')
export class AdminAccountsController {
  constructor(private readonly accounts: AdminAccountsService) {}

  @Get()
  list(@Query() query: ListAccountsQueryDto): Promise<AccountPage> {
    return this.accounts.list(query.cursor, query.limit ?? DEFAULT_PAGE_SIZE);
  }

  @Post(':id/disable')
  @HttpCode(200)
  disable(@CurrentUser() admin: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<AccountView> {
    return this.accounts.disable(id, admin);
  }
}
