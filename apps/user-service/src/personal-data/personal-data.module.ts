import { Module } from '@nestjs/common';
import { PreferencesModule } from '../preferences/preferences.module';
import { ProfilesModule } from '../profiles/profiles.module';
import { DataExportExpiry } from './data-export-expiry';
import { DataExportRepository } from './data-export.repository';
import { DataExportsController } from './data-exports.controller';
import { DataExportsService } from './data-exports.service';
import { PersonalDataPartsHandlers } from './messaging/personal-data-parts.handlers';
import { OwnDataReader } from './own-data.reader';

@Module({
  imports: [ProfilesModule, PreferencesModule],
  controllers: [DataExportsController],
  providers: [DataExportRepository, DataExportsService, DataExportExpiry, OwnDataReader, PersonalDataPartsHandlers],
})
export class PersonalDataModule {}
