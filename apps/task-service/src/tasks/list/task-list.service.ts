import { Injectable } from '@nestjs/common';
import { TASK_STATUSES, type TaskStatus } from '@taskhub/contracts';
import { type AuthenticatedUser } from '@taskhub/platform-auth';
import { type CursorBinding, type Page, PageCursors, pageLimit } from '@taskhub/platform-http';
import { DataSource, type EntityManager } from 'typeorm';
import { ProjectNotFoundException } from '../../access/access.errors';
import { ProjectAccess } from '../../access/project-access';
import { ListPageCache } from '../../caching/list-page-cache';
import { type JsonText, jsonText } from '../../common/json-text';
import { type Task } from '../task';
import { encodeFirstPage, firstPageBody, firstPageRows } from './cached-first-page';
import { isDefaultShape } from './default-shape';
import { filteredShapeKey } from './filtered-shape';
import { type BoardQueryDto } from './dto/board.query.dto';
import { type ListTasksQueryDto } from './dto/list-tasks.query.dto';
import { type TaskFilterQueryDto } from './dto/task-filter.query.dto';
import { listFilters } from './task-list-filters';
import { type TaskListFilters, type TaskListPosition } from './task-list.query';
import { type ListedTask, TaskListRepository } from './task-list.repository';
import { mergeNewestFirst } from './newest-first';
import { DEFAULT_TASK_SORT, parseTaskSort, type TaskSort } from './task-sort';

export interface BoardColumn extends Page<Task> {
  readonly status: TaskStatus;
  readonly count: number;
}

export interface Board {
  readonly columns: BoardColumn[];
}

/** The name a list's cursors are bound to (with its sort and filters): a board column's cursor is one of these. */
const LIST = 'task.tasks';

/** A list's order, page size and cursor binding, and how its rows become a page. */
interface ListShape {
  readonly binding: CursorBinding;
  readonly sort: TaskSort;
  readonly limit: number;
  page(rows: ListedTask[]): Page<Task>;
}

/**
 * Task lists: filtered, sorted or searched keyset pages of the tasks of the caller's projects (all of them without
 * projectId: "my work"), and a project's board (a first page per status). Deleted tasks are never listed. A projectId
 * the caller is not a member of answers 404 PROJECT.NOT_FOUND, as every route of a project does. The common shapes
 * (a project's list and board, my work: first page, no filter, sort or limit of the caller's; a project's list with one
 * or two equality filters, filtered-shape.ts) come from ListPageCache, keyed by project generations (docs/projects.md,
 * "Caching"); their content does not depend on which member asks.
 * A project's list and board are cached as their response bodies (JsonText, sent as they are); their shape names carry
 * the cursor key's id, so a page whose cursors another key signed is never served.
 */
@Injectable()
export class TaskListService {
  /** the cached shapes' names: `list.<cursor key id>` (`?<filters>` after it for a filtered list), `board.<cursor key id>` */
  private readonly listShape: string;
  private readonly boardShape: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ProjectAccess,
    private readonly lists: TaskListRepository,
    private readonly cursors: PageCursors,
    private readonly firstPages: ListPageCache,
  ) {
    this.listShape = `list.${cursors.keyId}`;
    this.boardShape = `board.${cursors.keyId}`;
  }

  async list(user: AuthenticatedUser, query: ListTasksQueryDto): Promise<Page<Task> | JsonText> {
    const manager = this.dataSource.manager;
    const filters = listFilters(user.id, query, { projectIds: query.projectId, statuses: query.status });
    if (filters.projectIds?.length === 1) await this.access.require(manager, filters.projectIds[0], user.id, 'viewer');
    else if (filters.projectIds) await this.requireMemberOfAll(manager, user.id, filters.projectIds);
    const firstPage = isDefaultShape(query, ['projectId']);
    if (firstPage && filters.projectIds?.length === 1) return jsonText(firstPageBody(await this.projectFirstPage(manager, filters.projectIds[0], user.id)));
    const filtered = filteredShapeKey(query, filters);
    if (filtered !== undefined && filters.projectIds) return jsonText(await this.filteredFirstPage(manager, filters.projectIds[0], filters, filtered, user.id));
    const shape = this.shape(filters, query);
    if (!firstPage) return shape.page(await this.rows(manager, user.id, filters, shape, query.cursor));
    if (!filters.projectIds) return this.myWorkFirstPage(manager, user.id, filters, shape);
    return shape.page(await this.rows(manager, user.id, filters, shape, undefined));
  }

  /** Every status's count and first page; a column's next page is GET /tasks?projectId=&status= with its cursor. */
  async board(user: AuthenticatedUser, projectId: string, query: BoardQueryDto): Promise<Board | JsonText> {
    const manager = this.dataSource.manager;
    const project = await this.access.require(manager, projectId, user.id, 'viewer');
    if (!isDefaultShape(query)) return this.loadBoard(manager, user.id, project.projectId, query);
    const load = async (memberId: string): Promise<string> => JSON.stringify(await this.loadBoard(manager, memberId, project.projectId, query));
    return jsonText(await this.firstPages.projectPage(project.projectId, this.boardShape, user.id, load));
  }

  /** The project's default first page as cached (cached-first-page.ts: its body, then the merge keys; the same for every member). */
  private projectFirstPage(manager: EntityManager, projectId: string, memberId: string): Promise<string> {
    return this.firstPages.projectPage(projectId, this.listShape, memberId, (member) => this.loadFirstPage(manager, member, projectId));
  }

  /**
   * The first page of a project's list with one or two equality filters as cached: its body, under the canonical form
   * of the filters (filtered-shape.ts). The filters are resolved already (`me` is the caller), so the page is the same
   * for every member, and a refresh loads it as any of them.
   */
  private filteredFirstPage(manager: EntityManager, projectId: string, filters: TaskListFilters, filtered: string, memberId: string): Promise<string> {
    const load = async (member: string): Promise<string> => {
      const shape = this.shape(filters, {});
      return JSON.stringify(shape.page(await this.rows(manager, member, filters, shape, undefined)));
    };
    return this.firstPages.filteredPage(projectId, `${this.listShape}?${filtered}`, memberId, load);
  }

  /**
   * My work's first page, merged from the cached first rows of each of the user's projects' default list: the first
   * `limit + 1` tasks of all the projects in the default order are among the first `limit + 1` of each, so the merge
   * is exactly what the query over all of them answers (same order, same ties, same cursor).
   */
  private async myWorkFirstPage(manager: EntityManager, userId: string, filters: TaskListFilters, shape: ListShape): Promise<Page<Task>> {
    const projectIds = await this.lists.userProjects(manager, userId);
    const perProject = await this.firstPages.projectPages(projectIds, this.listShape, userId, (projectId) => (member) => this.loadFirstPage(manager, member, projectId));
    if (perProject === undefined) return shape.page(await this.rows(manager, userId, filters, shape, undefined));
    return shape.page(mergeNewestFirst(perProject.map(firstPageRows), shape.limit + 1));
  }

  /** The project's default first page from Postgres, encoded as cached: the response body serialised once, here. */
  private async loadFirstPage(manager: EntityManager, memberId: string, projectId: string): Promise<string> {
    const filters = listFilters(memberId, {}, { projectIds: [projectId] });
    const shape = this.shape(filters, {});
    const rows = await this.rows(manager, memberId, filters, shape, undefined);
    return encodeFirstPage(rows, shape.page(rows));
  }

  /** The counts and the columns' first pages, as concurrent statements (each one index range of the project). */
  private async loadBoard(manager: EntityManager, userId: string, projectId: string, query: BoardQueryDto): Promise<Board> {
    const filters = listFilters(userId, query, { projectIds: [projectId] });
    const [counts, ...pages] = await Promise.all([
      this.lists.countByStatus(manager, userId, filters),
      ...TASK_STATUSES.map((status) => {
        const columnFilters = { ...filters, statuses: [status] };
        const shape = this.shape(columnFilters, query);
        return this.rows(manager, userId, columnFilters, shape, undefined).then((rows) => shape.page(rows));
      }),
    ]);
    return { columns: TASK_STATUSES.map((status, i) => ({ status, count: counts.get(status) ?? 0, ...pages[i] })) };
  }

  /** How a list with these filters and parameters sorts, pages and binds its cursors. */
  private shape(filters: TaskListFilters, query: TaskFilterQueryDto & { limit?: number }): ListShape {
    const sort = query.sort ?? DEFAULT_TASK_SORT;
    // the search rank orders a search whatever `sort` says: the binding says so, so either sort's cursor serves
    const binding: CursorBinding = { list: LIST, sort: filters.words ? 'rank' : sort, filters: { ...filters } };
    const limit = pageLimit(query);
    return {
      binding,
      sort: parseTaskSort(sort),
      limit,
      page: (rows) => {
        const page = this.cursors.page(rows, limit, (last) => ({ value: last.sortValue, id: last.task.id }), binding);
        return { items: page.items.map((row) => row.task), nextCursor: page.nextCursor };
      },
    };
  }

  /** The rows of a page (its limit + 1, to know whether there is a next one) after the cursor's position. */
  private rows(manager: EntityManager, userId: string, filters: TaskListFilters, shape: ListShape, cursor: string | undefined): Promise<ListedTask[]> {
    const after = this.cursors.decode<TaskListPosition>(cursor, shape.binding);
    return this.lists.page(manager, { userId, filters, sort: shape.sort, limit: shape.limit + 1, after });
  }

  private async requireMemberOfAll(manager: EntityManager, userId: string, projectIds: readonly string[]): Promise<void> {
    const member = await this.lists.memberProjects(manager, userId, projectIds);
    const outside = projectIds.find((id) => !member.has(id));
    if (outside) throw new ProjectNotFoundException(outside);
  }
}
