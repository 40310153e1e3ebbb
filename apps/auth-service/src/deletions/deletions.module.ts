import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { PasswordsModule } from '../passwords/passwords.module';
import { SecurityModule } from '../security/security.module';
import { SessionsModule } from '../sessions/sessions.module';
import { AccountDeletionRepository } from './account-deletion.repository';
import { AccountErasure } from './account-erasure';
import { AdminDeletionsController } from './admin-deletions.controller';
import { DeletionMaintenanceJob } from './deletion-maintenance.job';
import { DeletionProgress } from './deletion-progress';
import { DeletionResume } from './deletion-resume';
import { DeletionsController } from './deletions.controller';
import { DeletionsService } from './deletions.service';
import { DeletionReportHandlers } from './messaging/deletion-report.handlers';

@Module({
  imports: [AccountsModule, SessionsModule, PasswordsModule, SecurityModule],
  controllers: [DeletionsController, AdminDeletionsController],
  providers: [AccountDeletionRepository, AccountErasure, DeletionsService, DeletionResume, DeletionProgress, DeletionMaintenanceJob, DeletionReportHandlers],
  exports: [DeletionProgress, DeletionReportHandlers],
})
export class DeletionsModule {}
