import { Injectable } from '@nestjs/common';
import { afterCommit } from '@taskhub/platform-database';
import { type EntityManager } from 'typeorm';
import { ListPageCache } from './list-page-cache';
import { TaskCaches } from './task-caches';

/** The generation number of each project: what its cached lists and stats are keyed by. */
@Injectable()
export class ProjectGenerations {
  constructor(
    private readonly caches: TaskCaches,
    private readonly pages: ListPageCache,
  ) {}

  /**
   * Moves the projects to their next generation once the transaction commits (before it resolves), then starts the
   * refresh-ahead of their recently read pages (in the background).
   */
  bumpAfterCommit(manager: EntityManager, ...projectIds: string[]): void {
    afterCommit(manager, async () => {
      await this.caches.projectGenerations.bump(...projectIds);
      this.pages.refreshSoon(projectIds);
    });
  }

  /** The project's generation, or undefined while Redis is away (then nothing is cached). */
  async current(projectId: string): Promise<string | undefined> {
    return (await this.caches.projectGenerations.current([projectId]))?.[0];
  }
}
