import { Injectable } from '@nestjs/common';
import { type Page, PageCursors, type PageQueryDto, pageLimit } from '@taskhub/platform-http';
import { DataSource } from 'typeorm';
import { ProjectAccess } from '../access/project-access';
import { type ActivityView } from './activity';
import { type ActivityScope } from './activity-page.query';
import { ActivityRepository } from './activity.repository';

/** The history of a project or a task, for its members. */
@Injectable()
export class ActivityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ProjectAccess,
    private readonly activity: ActivityRepository,
    private readonly cursors: PageCursors,
  ) {}

  async ofProject(projectId: string, userId: string, query: PageQueryDto): Promise<Page<ActivityView>> {
    await this.access.require(this.dataSource.manager, projectId, userId, 'viewer');
    return this.page({ projectId }, { list: 'project.activity', projectId }, query);
  }

  async ofTask(taskId: string, userId: string, query: PageQueryDto): Promise<Page<ActivityView>> {
    await this.access.requireTask(this.dataSource.manager, taskId, userId, 'viewer');
    return this.page({ taskId }, { list: 'task.activity', taskId }, query);
  }

  private async page(scope: ActivityScope, binding: { list: string } & Record<string, string>, query: PageQueryDto): Promise<Page<ActivityView>> {
    const limit = pageLimit(query);
    const before = this.cursors.decode<string>(query.cursor, binding);
    const rows = await this.activity.page(this.dataSource.manager, scope, before, limit + 1);
    return this.cursors.page(rows, limit, (last) => last.id, binding);
  }
}
