import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { SessionsModule } from '../sessions/sessions.module';
import { AdminAccountsController } from './admin-accounts.controller';
import { AdminAccountsService } from './admin-accounts.service';

@Module({
  imports: [AccountsModule, ApiKeysModule, SessionsModule],
  controllers: [AdminAccountsController],
  providers: [AdminAccountsService],
})
export class AdminModule {}
