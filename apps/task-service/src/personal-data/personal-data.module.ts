import { Module } from '@nestjs/common';
import { DataExportRequestedHandler } from './messaging/data-export-requested.handler';
import { TaskPersonalDataRepository } from './personal-data.repository';

/** The task service's part of a personal data export (docs/personal-data.md). */
@Module({
  providers: [TaskPersonalDataRepository, DataExportRequestedHandler],
})
export class PersonalDataModule {}
