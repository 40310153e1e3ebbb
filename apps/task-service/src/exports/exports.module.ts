import { Module } from '@nestjs/common';
import { ExportExpiry } from './export-expiry';
import { ExportChunkRepository } from './export-chunk.repository';
import { ExportWorker } from './export-worker';
import { ExportRepository } from './export.repository';
import { ExportsController, ProjectExportsController } from './exports.controller';
import { ExportsService } from './exports.service';
import { ExportRequestedHandler } from './messaging/export-requested.handler';

/** Exports of a project's tasks (docs/tasks.md#exports): the routes, the task.exports worker and the expiry job; the files are stored in the task database. */
@Module({
  controllers: [ProjectExportsController, ExportsController],
  providers: [ExportRepository, ExportChunkRepository, ExportsService, ExportRequestedHandler, ExportWorker, ExportExpiry],
  exports: [ExportWorker, ExportExpiry],
})
export class ExportsModule {}
