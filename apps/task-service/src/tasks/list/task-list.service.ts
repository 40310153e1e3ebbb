import { Injectable } from '@nestjs/common';
import { TASK_STATUSES, type TaskStatus } from '@taskhub/contracts';
import { type AuthenticatedUser } from '@taskhub/platform-auth';
import { type CursorBinding, type Page, PageCursors, pageLimit } from '@taskhub/platform-http';
import { DataSource, type EntityManager } from 'typeorm';
import { ProjectNotFoundException } from '../../access/access.errors';
import { ProjectAccess } from '../../access/project-access';
import { type Task } from '../task';
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
 * the caller is not a member of answers 404 PROJECT.NOT_FOUND, as every route of a project does.
 */
@Injectable()
export class TaskListService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ProjectAccess,
    private readonly lists: TaskListRepository,
    private readonly cursors: PageCursors,
  ) {}

  async list(user: AuthenticatedUser, query: ListTasksQueryDto): Promise<Page<Task>> {
    const manager = this.dataSource.manager;
    const filters = listFilters(user.id, query, { projectIds: query.projectId, statuses: query.status });
    if (filters.projectIds) await this.requireMemberOfAll(manager, user.id, filters.projectIds);
    return this.page(manager, user.id, filters, query, query.cursor);
  }

  /** Every status's count and first page; a column's next page is GET /tasks?projectId=&status= with its cursor. */
  async board(user: AuthenticatedUser, projectId: string, query: BoardQueryDto): Promise<Board> {
    const manager = this.dataSource.manager;
    const project = await this.access.require(manager, projectId, user.id, 'viewer');
    const filters = listFilters(user.id, query, { projectIds: [project.projectId] });
    const counts = await this.lists.countByStatus(manager, user.id, filters);
    const columns: BoardColumn[] = [];
    for (const status of TASK_STATUSES) {
      const page = await this.page(manager, user.id, { ...filters, statuses: [status] }, query, undefined);
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
