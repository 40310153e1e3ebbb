import { Module } from '@nestjs/common';
import { DataExportRequestedHandler } from './messaging/data-export-requested.handler';
import { AuthPersonalDataRepository } from './personal-data.repository';

/** Auth's part of a personal data export (docs/personal-data.md). */
@Module({
  providers: [AuthPersonalDataRepository, DataExportRequestedHandler],
})
export class PersonalDataModule {}
