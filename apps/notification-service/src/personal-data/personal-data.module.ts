import { Module } from '@nestjs/common';
import { DataExportRequestedHandler } from './messaging/data-export-requested.handler';
import { NotificationPersonalDataRepository } from './personal-data.repository';

/** The notification service's part of a personal data export (docs/personal-data.md). */
@Module({
  providers: [NotificationPersonalDataRepository, DataExportRequestedHandler],
})
export class PersonalDataModule {}
