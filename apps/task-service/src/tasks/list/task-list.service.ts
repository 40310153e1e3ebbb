import { Injectable } from '@nestjs/common';
import { TASK_STATUSES, type TaskStatus } from '@taskhub/contracts';
import { type AuthenticatedUser } from '@taskhub/platform-auth';
import { type CursorBinding, type Page, PageCursors, pageLimit } from '@taskhub/platform-http';
import { DataSource, type EntityManager } from 'typeorm';
import { ProjectNotFoundException } from '../../access/access.errors';
import { ProjectAccess } from '../../access/project-access';
import { ListPageCache } from '../../caching/list-page-cache';
import { type Task } from '../task';
import { isDefaultShape } from './default-shape';
import { type BoardQueryDto } from './dto/board.query.dto';
import { type ListTasksQueryDto } from './dto/list-tasks.query.dto';
import { type TaskFilterQueryDto } from './dto/task-filter.query.dto';
import { listFilters } from './task-list-filters';
import { type TaskListFilters, type TaskListPosition } from './task-list.query';
import { TaskListRepository } from './task-list.repository';
import { DEFAULT_TASK_SORT, parseTaskSort } from './task-sort';

export interface BoardColumn extends Page<Task> {
  readonly status: TaskStatus;
  readonly count: number;
}

export interface Board {
  readonly columns: BoardColumn[];
}

/** The name a list's cursors are bound to (with its sort and filters): a board column's cursor is one of these. */
const LIST = 'task.tasks';

/**
 * Task lists: filtered, sorted or searched keyset pages of the tasks of the caller's projects (all of them without
 * projectId: "my work"), and a project's board (a first page per status). Deleted tasks are never listed. A projectId
 * the caller is not a member of answers 404 PROJECT.NOT_FOUND, as every route of a project does. The common shapes
 * (a project's list and board, my work: first page, no filter, sort or limit of the caller's) come from ListPageCache,
 * keyed by project generations (docs/projects.md, "Caching"); their content does not depend on which member asks.
 */
@Injectable()
export class TaskListService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ProjectAccess,
    private readonly lists: TaskListRepository,
    private readonly cursors: PageCursors,
    private readonly firstPages: ListPageCache,
  ) {}

  async list(user: AuthenticatedUser, query: ListTasksQueryDto): Promise<Page<Task>> {
    const manager = this.dataSource.manager;
    const filters = listFilters(user.id, query, { projectIds: query.projectId, statuses: query.status });
    if (filters.projectIds?.length === 1) await this.access.require(manager, filters.projectIds[0], user.id, 'viewer');
    else if (filters.projectIds) await this.requireMemberOfAll(manager, user.id, filters.projectIds);
    const load = (): Promise<Page<Task>> => this.page(manager, user.id, filters, query, query.cursor);
    if (!isDefaultShape(query, ['projectId'])) return load();
    if (!filters.projectIds) return this.firstPages.myWorkPage(manager, user.id, 'list', load);
    if (filters.projectIds.length === 1) return this.firstPages.projectPage(filters.projectIds[0], 'list', load);
    return load();
  }

  /** Every status's count and first page; a column's next page is GET /tasks?projectId=&status= with its cursor. */
  async board(user: AuthenticatedUser, projectId: string, query: BoardQueryDto): Promise<Board> {
    const manager = this.dataSource.manager;
    const project = await this.access.require(manager, projectId, user.id, 'viewer');
    const load = (): Promise<Board> => this.loadBoard(manager, user.id, project.projectId, query);
    return isDefaultShape(query) ? this.firstPages.projectPage(project.projectId, 'board', load) : load();
  }

  private async loadBoard(manager: EntityManager, userId: string, projectId: string, query: BoardQueryDto): Promise<Board> {
    const filters = listFilters(userId, query, { projectIds: [projectId] });
    const counts = await this.lists.countByStatus(manager, userId, filters);
    const columns: BoardColumn[] = [];
    for (const status of TASK_STATUSES) {
      const page = await this.page(manager, userId, { ...filters, statuses: [status] }, query, undefined);
      columns.push({ status, count: counts.get(status) ?? 0, ...page });
    }
    return { columns };
  }

  private async page(manager: EntityManager, userId: string, filters: TaskListFilters, query: TaskFilterQueryDto & { limit?: number }, cursor: string | undefined): Promise<Page<Task>> {
    const sort = query.sort ?? DEFAULT_TASK_SORT;
    // the search rank orders a search whatever `sort` says: the binding says so, so either sort's cursor serves
    const binding: CursorBinding = { list: LIST, sort: filters.words ? 'rank' : sort, filters: { ...filters } };
    const after = this.cursors.decode<TaskListPosition>(cursor, binding);
    const limit = pageLimit(query);
    const rows = await this.lists.page(manager, { userId, filters, sort: parseTaskSort(sort), limit: limit + 1, after });
    const page = this.cursors.page(rows, limit, (last) => ({ value: last.sortValue, id: last.task.id }), binding);
    return { items: page.items.map((row) => row.task), nextCursor: page.nextCursor };
  }

  private async requireMemberOfAll(manager: EntityManager, userId: string, projectIds: readonly string[]): Promise<void> {
    const member = await this.lists.memberProjects(manager, userId, projectIds);
    const outside = projectIds.find((id) => !member.has(id));
    if (outside) throw new ProjectNotFoundException(outside);
  }
}
