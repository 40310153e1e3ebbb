import { Module } from '@nestjs/common';
import { SecurityModule } from '../security/security.module';
import { EmailVerificationModule } from '../verification/email-verification.module';
import { AccountRepository } from './account.repository';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';

@Module({
  imports: [SecurityModule, EmailVerificationModule],
  controllers: [AccountsController],
  providers: [AccountRepository, AccountsService],
  exports: [AccountRepository],
})
export class AccountsModule {}
