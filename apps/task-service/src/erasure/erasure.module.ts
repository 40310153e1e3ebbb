import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { DeletionRequestedHandler } from './messaging/deletion-requested.handler';
import { PersonErasureRepository } from './person-erasure.repository';
import { PersonErasureService } from './person-erasure.service';

/** The erasure of a person for the account deletion saga (docs/projects.md#erasure-of-a-person). */
@Module({
  imports: [ProjectsModule],
  providers: [PersonErasureRepository, PersonErasureService, DeletionRequestedHandler],
})
export class ErasureModule {}
