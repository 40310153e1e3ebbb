import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { SessionsModule } from '../sessions/sessions.module';
import { AdminAccountsController } from './admin-accounts.controller';
import { AccountRolesService } from './account-roles.service';
import { AdminAccountsService } from './admin-accounts.service';

@Module({
  imports: [AccountsModule, SessionsModule],
  controllers: [AdminAccountsController],
  providers: [AdminAccountsService, AccountRolesService],
})
export class AdminModule {}
