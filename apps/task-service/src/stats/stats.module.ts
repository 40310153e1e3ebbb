import { Module } from '@nestjs/common';
import { ProjectStatsController } from './project-stats.controller';
import { ProjectStatsRepository } from './project-stats.repository';
import { ProjectStatsService } from './project-stats.service';

/** GET /projects/:id/stats: a project's task counts, cached by its generation. */
@Module({ controllers: [ProjectStatsController], providers: [ProjectStatsRepository, ProjectStatsService], exports: [ProjectStatsService] })
export class StatsModule {}
