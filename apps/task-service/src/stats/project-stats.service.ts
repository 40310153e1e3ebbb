import { Injectable } from '@nestjs/common';
import { type AuthenticatedUser } from '@taskhub/platform-auth';
import { DataSource } from 'typeorm';
import { ProjectAccess } from '../access/project-access';
import { ListPageCache } from '../caching/list-page-cache';
import { type ProjectStats } from './project-stats';
import { ProjectStatsRepository } from './project-stats.repository';

/**
 * Any member (viewer): the project's stats from the shared cache, keyed by the project's generation (every change
 * bumps it after its commit and before its response, so never stale after your own write). Overdue and doneLastNDays
 * move with the clock: STATS_CACHE_TTL_SECONDS (at most 54 s + 10 % jitter) keeps them under a minute behind.
 */
@Injectable()
export class ProjectStatsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ProjectAccess,
    private readonly cache: ListPageCache,
    private readonly stats: ProjectStatsRepository,
  ) {}

  async get(user: AuthenticatedUser, projectId: string): Promise<ProjectStats> {
    const manager = this.dataSource.manager;
    await this.access.require(manager, projectId, user.id, 'viewer');
    return this.cache.projectStats(projectId, user.id, () => this.stats.load(manager, projectId));
  }
}
