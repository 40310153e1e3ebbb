import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { type SharedCachedNamespace } from '@taskhub/platform-cache';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import { TaskServiceConfig } from '../config/task.config';
import { CACHE_NAMES, TaskCaches } from './task-caches';

type CacheName = (typeof CACHE_NAMES)['lists' | 'filteredLists' | 'stats'];

/** Loads a cached shape of a project as member `memberId` sees it (the same for every member of the project). */
export type ShapeLoad<T> = (memberId: string) => Promise<T>;

/** A shape read recently in this instance: what refresh-ahead loads again after the project changes. */
interface HotShape {
  readonly shape: string;
  /** the cache it is in: filtered lists count against the project's cap */
  readonly cache: CacheName;
  /** when it was last read here (Date.now()): refreshed only while within the window */
  readonly readAt: number;
  /** a refresh has loaded it since that read: it is not loaded again until someone reads it (set by the refresh) */
  refreshed: boolean;
  /** loads the shape as `memberId` and stores it under `id` if it is not there (SharedCachedNamespace.refresh) */
  readonly refresh: (id: string, memberId: string) => Promise<void>;
}

/** Projects whose shapes are remembered for refresh-ahead, at most (the least recently read are forgotten first). */
const HOT_PROJECTS_MAX = 5_000;

/**
 * The cached shapes of a project (first pages of its default list, its filtered lists and board, its stats) in Redis, keyed by the
 * project's generation (no invalidation, no key scan): every change of a project bumps its generation after the commit
 * and before the response (ActivityLog), so a read after your own write never gets the old page. With Redis away the
 * loader answers.
 *
 * "My work" is not cached as a page of its own (its key would hold the generations of all the user's projects, and a
 * change in any of them would retire it): its first page is merged from the cached first rows of each of the user's
 * projects' default list (TaskListService), read in one MGET.
 *
 * Refresh-ahead: a shape read in this instance within CACHE_REFRESH_WINDOW_SECONDS is loaded again right after the
 * project's generation moves (in the background, after the response), so readers find the new generation's entry
 * instead of missing; a reader arriving while it loads in this instance shares that load. The load runs as a current
 * member of the project (found when it runs), never as the reader who first asked, who may have left meanwhile.
 * Filtered lists (one or two equality filters) are shapes without a fixed number: of those, only the
 * CACHE_REFRESH_MAX_FILTERED_SHAPES most recently read of a project are refreshed, so a write costs at most that many
 * extra loads per instance whatever readers asked; the others miss once.
 *
 * A refresh is a bet that the shape will be read again: it is loaded ahead once per read, not once per write. A shape
 * a refresh has loaded is not loaded again after the next changes until someone reads it, so a burst of writes nobody
 * reads in between costs one load per shape, not one per write (docs/performance.md, scenario 5); the first reader
 * after such a burst misses and loads the page itself, as without refresh-ahead.
 */
@Injectable()
export class ListPageCache implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ListPageCache.name);
  private readonly hot: LRUCache<string, Map<string, HotShape>> | undefined;
  private readonly windowMs: number;
  private readonly maxFilteredShapes: number;
  private readonly refreshing = new Set<Promise<void>>();

  constructor(
    private readonly caches: TaskCaches,
    private readonly dataSource: DataSource,
    config: TaskServiceConfig,
  ) {
    this.windowMs = config.cacheRefreshWindowSeconds * 1000;
    this.maxFilteredShapes = config.cacheRefreshMaxFilteredShapes;
    this.hot = this.windowMs > 0 ? new LRUCache({ max: HOT_PROJECTS_MAX, ttl: this.windowMs }) : undefined;
  }

  /**
   * The first page of shape `shape` (the default list, the board) of the project as the loader wrote it (text, sent
   * as it is on a hit: no parse), cached under the project's current generation.
   */
  projectPage(projectId: string, shape: string, memberId: string, load: ShapeLoad<string>): Promise<string> {
    return this.cached(this.caches.lists, CACHE_NAMES.lists, projectId, shape, memberId, load);
  }

  /**
   * The first page of a filtered list of the project (`shape` names the filters in their canonical form), as text,
   * cached under the project's current generation in its own namespace (`cache="filtered_lists"`).
   */
  filteredPage(projectId: string, shape: string, memberId: string, load: ShapeLoad<string>): Promise<string> {
    return this.cached(this.caches.filteredLists, CACHE_NAMES.filteredLists, projectId, shape, memberId, load);
  }

  /** The project's stats, cached under its current generation. */
  projectStats<T>(projectId: string, memberId: string, load: ShapeLoad<T>): Promise<T> {
    return this.cached(this.caches.stats as SharedCachedNamespace<T>, CACHE_NAMES.stats, projectId, 'stats', memberId, load);
  }

  /**
   * Shape `shape` of each of the projects (the user's projects, for my work), under their current generations, in one
   * MGET; undefined while Redis is away (then the caller loads without the cache).
   */
  async projectPages(projectIds: readonly string[], shape: string, memberId: string, load: (projectId: string) => ShapeLoad<string>): Promise<string[] | undefined> {
    const generations = await this.caches.projectGenerations.current(projectIds);
    if (generations === undefined) return undefined;
    projectIds.forEach((projectId) => this.remember(this.caches.lists, CACHE_NAMES.lists, projectId, shape, load(projectId)));
    const ids = projectIds.map((projectId, i) => shapeId(projectId, generations[i], shape));
    return (await this.caches.lists.getManyOrLoad(ids, (_, i) => load(projectIds[i])(memberId))) as string[];
  }

  /**
   * After the projects' generations moved (their change committed): loads their shapes read recently and since their
   * last refresh again under the new generations, in the background. Returns at once; failures only leave the next
   * reader a miss (logged).
   */
  refreshSoon(projectIds: readonly string[]): void {
    if (!this.hot) return;
    for (const projectId of new Set(projectIds)) {
      const readSince = Date.now() - this.windowMs;
      const shapes = [...(this.hot.get(projectId)?.values() ?? [])].filter((hot) => hot.readAt >= readSince && !hot.refreshed);
      if (shapes.length === 0) continue;
      for (const hot of shapes) hot.refreshed = true; // loaded ahead once; a read makes it due again
      const run = this.refresh(projectId, shapes)
        .catch((error: unknown) => this.logger.warn(`refresh of project ${projectId}'s cached pages failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => this.refreshing.delete(run));
      this.refreshing.add(run);
    }
  }

  /** Settles once the refreshes started so far have finished (or failed). */
  async whenRefreshed(): Promise<void> {
    await Promise.allSettled([...this.refreshing]);
  }

  /** Lets the refreshes in flight finish before the pool closes. */
  beforeApplicationShutdown(): Promise<void> {
    return this.whenRefreshed();
  }

  private async cached<T>(namespace: SharedCachedNamespace<T>, cache: CacheName, projectId: string, shape: string, memberId: string, load: ShapeLoad<T>): Promise<T> {
    const [generation] = (await this.caches.projectGenerations.current([projectId])) ?? [];
    if (generation === undefined) return load(memberId);
    this.remember(namespace, cache, projectId, shape, load);
    return (await namespace.getOrLoad(shapeId(projectId, generation, shape), () => load(memberId))) as T;
  }

  /** Notes a read of a shape for refresh-ahead; the project's map is in order of last read, oldest first. */
  private remember<T>(namespace: SharedCachedNamespace<T>, cache: CacheName, projectId: string, shape: string, load: ShapeLoad<T>): void {
    if (!this.hot) return;
    let shapes = this.hot.get(projectId, { updateAgeOnGet: true }); // read again: hot for another window
    if (!shapes) this.hot.set(projectId, (shapes = new Map()));
    const refresh = (id: string, memberId: string): Promise<void> => namespace.refresh(id, () => load(memberId));
    const key = `${cache}:${shape}`;
    shapes.delete(key); // set again below: last in the map's order
    shapes.set(key, { shape, cache, readAt: Date.now(), refreshed: false, refresh });
    if (cache === CACHE_NAMES.filteredLists) this.forgetFilteredBeyondCap(shapes);
  }

  /** Keeps the CACHE_REFRESH_MAX_FILTERED_SHAPES filtered lists read last, forgets the older ones. */
  private forgetFilteredBeyondCap(shapes: Map<string, HotShape>): void {
    const filtered = [...shapes].filter(([, hot]) => hot.cache === CACHE_NAMES.filteredLists);
    for (const [key] of filtered.slice(0, Math.max(0, filtered.length - this.maxFilteredShapes))) shapes.delete(key);
  }

  private async refresh(projectId: string, shapes: readonly HotShape[]): Promise<void> {
    const [generations, members] = await Promise.all([
      this.caches.projectGenerations.current([projectId]),
      this.dataSource.query<{ user_id: string }[]>(`SELECT user_id FROM project_member WHERE project_id = $1 LIMIT 1`, [projectId]),
    ]);
    const generation = generations?.[0];
    if (generation === undefined || members.length === 0) return; // Redis away; or deleted, or left by everyone: nobody reads it
    const memberId = members[0].user_id;
    await Promise.all(shapes.map(({ shape, refresh }) => refresh(shapeId(projectId, generation, shape), memberId)));
  }
}

/** The cache id of a shape of a project at a generation: `<project>@<generation>:<shape>`. */
function shapeId(projectId: string, generation: string, shape: string): string {
  return `${projectId}@${generation}:${shape}`;
}
