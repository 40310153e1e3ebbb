import { Module } from '@nestjs/common';
import { ProjectOwnerRepository } from './project-owner.repository';

/** Who owns which project (fed by the webhooks' consumer, WebhookEventHandlers, from task.project.* events). */
@Module({
  providers: [ProjectOwnerRepository],
  exports: [ProjectOwnerRepository],
})
export class ProjectsModule {}
