import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type AuthenticatedUser } from '@taskhub/platform-auth';
import { servesApi } from '@taskhub/platform-config';
import { ServiceLifecycle } from '@taskhub/platform-health';
import { DataSource } from 'typeorm';
import { ProjectAccess } from '../access/project-access';
import { TaskServiceConfig } from '../config/task.config';
import { ProjectStatsService } from '../stats/project-stats.service';
import { TaskListService } from '../tasks/list/task-list.service';

/** Members whose role is loaded per warmed project (the LRU holds MEMBERSHIP_LRU_MAX_ENTRIES in all). */
const WARM_MEMBERS_PER_PROJECT = 200;

/**
 * After a deploy: loads the membership (project and members' roles), the default list, the board and the stats of
 * the recently active projects into the caches before the instance reports ready. Runs in the background from
 * bootstrap; `/health/ready` answers 503 until it is done or CACHE_WARM_TIMEOUT_MS has passed. A failure only
 * leaves the caches colder (logged).
 */
@Injectable()
export class CacheWarmer implements OnApplicationBootstrap {
  private readonly logger = new Logger(CacheWarmer.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: TaskServiceConfig,
    private readonly lifecycle: ServiceLifecycle,
    private readonly access: ProjectAccess,
    private readonly lists: TaskListService,
    private readonly stats: ProjectStatsService,
  ) {}

  onApplicationBootstrap(): void {
    if (!servesApi(this.config)) return; // a worker serves no reads: nothing to warm
    if (this.config.cacheWarmMaxProjects === 0 || this.config.cacheWarmTimeoutMs === 0) return;
    this.lifecycle.holdReadinessUntil('cache-warming', this.warmWithin(this.config.cacheWarmTimeoutMs));
  }

  private async warmWithin(timeoutMs: number): Promise<void> {
    const started = Date.now();
    const progress = { projects: 0, members: 0, stopped: false };
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    try {
      const outcome = await Promise.race([this.warm(progress).then(() => 'done' as const), timedOut]);
      progress.stopped = true;
      const figures = `${progress.projects} projects, ${progress.members} memberships in ${Date.now() - started} ms`;
      if (outcome === 'timeout') this.logger.warn(`cache warming stopped after ${timeoutMs} ms (CACHE_WARM_TIMEOUT_MS): ${figures}`);
      else this.logger.log(`caches warmed: ${figures}`);
    } catch (error) {
      progress.stopped = true;
      this.logger.warn(`cache warming failed, the caches fill as requests come: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  private async warm(progress: { projects: number; members: number; stopped: boolean }): Promise<void> {
    const manager = this.dataSource.manager;
    const projects = await manager.query<{ project_id: string }[]>(
      `SELECT project_id FROM activity WHERE created_at > now() - make_interval(hours => $1)
       GROUP BY project_id ORDER BY max(created_at) DESC LIMIT $2`,
      [this.config.cacheWarmActiveHours, this.config.cacheWarmMaxProjects],
    );
    for (const { project_id: projectId } of projects) {
      const members = await manager.query<{ user_id: string }[]>(`SELECT user_id FROM project_member WHERE project_id = $1 ORDER BY added_at LIMIT $2`, [
        projectId,
        WARM_MEMBERS_PER_PROJECT,
      ]);
      for (const { user_id: userId } of members) {
        if (progress.stopped) return;
        await this.access.require(manager, projectId, userId, 'viewer');
        progress.members += 1;
      }
      if (members.length === 0 || progress.stopped) continue;
      // the cached shapes are the same for every member: any member loads them
      const member = { id: members[0].user_id } as AuthenticatedUser;
      await this.lists.list(member, { projectId: [projectId] });
      await this.lists.board(member, projectId, {});
      await this.stats.get(member, projectId);
      progress.projects += 1;
    }
  }
}
