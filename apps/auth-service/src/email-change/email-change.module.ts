import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { PasswordsModule } from '../passwords/passwords.module';
import { SecurityModule } from '../security/security.module';
import { EmailChangeController } from './email-change.controller';
import { EmailChangeRepository } from './email-change.repository';
import { EmailChangeService } from './email-change.service';

@Module({
  imports: [AccountsModule, PasswordsModule, SecurityModule],
  controllers: [EmailChangeController],
  providers: [EmailChangeRepository, EmailChangeService],
})
export class EmailChangeModule {}
