import { Module } from '@nestjs/common';
import { LabelRepository } from './label.repository';
import { LabelsController } from './labels.controller';
import { LabelsService } from './labels.service';

/** A project's labels (access checks: AccessModule; the history: ActivityModule). */
@Module({
  controllers: [LabelsController],
  providers: [LabelRepository, LabelsService],
})
export class LabelsModule {}
