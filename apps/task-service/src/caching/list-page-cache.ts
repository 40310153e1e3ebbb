import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { TaskCaches } from './task-caches';

/**
 * First pages of the common list shapes in Redis, keyed by generations (no invalidation, no key scan): a project's
 * shapes (`default`, `board`) by the project's generation; a user's "my work" by the generations of all the user's
 * projects (a membership change bumps the project's generation and changes the set, so no per-user generation is
 * needed). Every change of a project bumps its generation after the commit and before the response (ActivityLog),
 * so a read after your own write never gets the old page. With Redis away the loader answers.
 */
@Injectable()
export class ListPageCache {
  constructor(private readonly caches: TaskCaches) {}

  /** The first page of shape `shape` of the project, cached under its current generation. */
  async projectPage<T>(projectId: string, shape: string, load: () => Promise<T>): Promise<T> {
    const [generation] = (await this.caches.projectGenerations.current([projectId])) ?? [];
    if (generation === undefined) return load();
    return (await this.caches.lists.getOrLoad(`${projectId}@${generation}:${shape}`, load)) as T;
  }

  /** The first page of the user's "my work" shape, cached under the generations of all the user's projects. */
  async myWorkPage<T>(manager: EntityManager, userId: string, shape: string, load: () => Promise<T>): Promise<T> {
    const rows = await manager.query<{ project_id: string }[]>(`SELECT project_id FROM project_member WHERE user_id = $1 ORDER BY project_id`, [userId]);
    const projectIds = rows.map((row) => row.project_id);
    const generations = await this.caches.projectGenerations.current(projectIds);
    if (generations === undefined) return load();
    const digest = createHash('sha256')
      .update(projectIds.map((id, i) => `${id}@${generations[i]}`).join(','))
      .digest('base64url');
    return (await this.caches.lists.getOrLoad(`user:${userId}:${digest}:${shape}`, load)) as T;
  }
}
