import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { TaskCaches } from './task-caches';

/** The generation number of each project: what its cached lists and stats are keyed by. */
@Injectable()
export class ProjectGenerations {
  constructor(private readonly caches: TaskCaches) {}

  /** Moves the projects to their next generation once the transaction commits (before it resolves). */
  bumpAfterCommit(manager: EntityManager, ...projectIds: string[]): void {
    this.caches.projectGenerations.bumpAfterCommit(manager, ...projectIds);
  }

  /** The project's generation, or undefined while Redis is away (then nothing is cached). */
  async current(projectId: string): Promise<string | undefined> {
    return (await this.caches.projectGenerations.current([projectId]))?.[0];
  }
}
