import { Module } from '@nestjs/common';
import { AccountRepository } from '../accounts/account.repository';
import { SecurityModule } from '../security/security.module';
import { EmailVerificationController } from './email-verification.controller';
import { EmailVerificationRepository } from './email-verification.repository';
import { EmailVerificationService } from './email-verification.service';

/** E-mail verification; exports the service registration issues its first link with. */
@Module({
  imports: [SecurityModule],
  controllers: [EmailVerificationController],
  providers: [AccountRepository, EmailVerificationRepository, EmailVerificationService],
  exports: [EmailVerificationService],
})
export class EmailVerificationModule {}
