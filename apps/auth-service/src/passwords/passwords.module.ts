import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { SecurityModule } from '../security/security.module';
import { SessionsModule } from '../sessions/sessions.module';
import { PasswordConfirmation } from './password-confirmation';
import { PasswordResetRepository } from './password-reset.repository';
import { PasswordsController } from './passwords.controller';
import { PasswordsService } from './passwords.service';

@Module({
  imports: [AccountsModule, SecurityModule, SessionsModule],
  controllers: [PasswordsController],
  providers: [PasswordResetRepository, PasswordsService, PasswordConfirmation],
  exports: [PasswordResetRepository, PasswordConfirmation],
})
export class PasswordsModule {}
