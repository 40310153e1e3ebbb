import { Injectable } from '@nestjs/common';
import { TASK_COMMENT_ADDED_V1 } from '@taskhub/contracts';
import { RequestValidationException } from '@taskhub/platform-errors';
import { type Page, PageCursors, type PageQueryDto, pageLimit, StaleVersionException } from '@taskhub/platform-http';
import { writeToOutbox } from '@taskhub/platform-messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ProjectAccess, type TaskMembership } from '../access/project-access';
import { ActivityLog } from '../activity/activity-log';
import { type CommentView, excerptOf, mentionsIn } from './comment';
import { CommentRepository } from './comment.repository';
import { CommentNotFoundException, NotAuthorException } from './comments.errors';

/** Comments on tasks: members read them, editors write them, only its author edits or deletes one. */
@Injectable()
export class CommentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ProjectAccess,
    private readonly comments: CommentRepository,
    private readonly activity: ActivityLog,
    private readonly cursors: PageCursors,
  ) {}

  async list(taskId: string, userId: string, query: PageQueryDto): Promise<Page<CommentView>> {
    const manager = this.dataSource.manager;
    await this.access.requireTask(manager, taskId, userId, 'viewer');
    const binding = { list: 'task.comments', taskId };
    const limit = pageLimit(query);
    const after = this.cursors.decode<string>(query.cursor, binding);
    const rows = await this.comments.page(manager, taskId, after, limit + 1);
    return this.cursors.page(rows, limit, (last) => last.id, binding);
  }

  async get(taskId: string, commentId: string, userId: string): Promise<CommentView> {
    const manager = this.dataSource.manager;
    await this.access.requireTask(manager, taskId, userId, 'viewer');
    return (await this.comments.byId(manager, taskId, commentId)) ?? this.notFound(commentId);
  }

  /** Adds a comment; task.comment.added.v1 carries its mentions, which must all name members. */
  async add(taskId: string, userId: string, body: string): Promise<CommentView> {
    return this.dataSource.transaction(async (manager) => {
      const task = await this.access.requireTask(manager, taskId, userId, 'editor', { write: true });
      const mentions = await this.memberMentions(manager, task, body);
      const comment = await this.comments.insert(manager, { id: uuidv7(), taskId, authorId: userId, body, mentions });
      await writeToOutbox(manager, TASK_COMMENT_ADDED_V1, {
        commentId: comment.id,
        taskId,
        projectId: task.projectId,
        taskKey: task.taskKey,
        authorId: userId,
        mentions,
        excerpt: excerptOf(body),
      });
      await this.activity.record(manager, { projectId: task.projectId, taskId, actorId: userId, action: 'comment.added', changes: [{ field: 'comment', old: null, new: comment.id }] });
      return comment;
    });
  }

  async edit(taskId: string, commentId: string, userId: string, body: string, expectedVersion: number): Promise<CommentView> {
    return this.dataSource.transaction(async (manager) => {
      const { task, comment } = await this.ownComment(manager, taskId, commentId, userId, expectedVersion);
      if (comment.body === body) return comment;
      const mentions = await this.memberMentions(manager, task, body);
      await this.comments.update(manager, commentId, { body, mentions });
      await this.activity.record(manager, {
        projectId: task.projectId,
        taskId,
        actorId: userId,
        action: 'comment.edited',
        changes: [
          { field: 'comment', old: commentId, new: commentId },
          { field: 'body', old: excerptOf(comment.body), new: excerptOf(body) },
        ],
      });
      return (await this.comments.byId(manager, taskId, commentId))!;
    });
  }

  async delete(taskId: string, commentId: string, userId: string, expectedVersion: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const { task } = await this.ownComment(manager, taskId, commentId, userId, expectedVersion);
      await this.comments.delete(manager, commentId);
      await this.activity.record(manager, { projectId: task.projectId, taskId, actorId: userId, action: 'comment.deleted', changes: [{ field: 'comment', old: commentId, new: null }] });
    });
  }

  /** The comment, locked, if the caller may change it: an editor of the project and its author, at that version. */
  private async ownComment(
    manager: EntityManager,
    taskId: string,
    commentId: string,
    userId: string,
    expectedVersion: number,
  ): Promise<{ task: TaskMembership; comment: CommentView }> {
    const task = await this.access.requireTask(manager, taskId, userId, 'editor', { write: true });
    const comment = (await this.comments.byId(manager, taskId, commentId, true)) ?? this.notFound(commentId);
    if (comment.authorId !== userId) throw new NotAuthorException();
    if (comment.version !== expectedVersion) throw new StaleVersionException(comment.version);
    return { task, comment };
  }

  /** The ids a body mentions, if every one is a member of the task's project; 400 naming `body` otherwise. */
  private async memberMentions(manager: EntityManager, task: TaskMembership, body: string): Promise<string[]> {
    const mentions = mentionsIn(body);
    if (mentions.length === 0) return mentions;
    const rows = await manager.query<{ user_id: string }[]>(`SELECT user_id FROM project_member WHERE project_id = $1 AND user_id = ANY($2)`, [task.projectId, mentions]);
    const members = new Set(rows.map((r) => r.user_id));
    const strangers = mentions.filter((id) => !members.has(id));
    if (strangers.length > 0) {
      throw new RequestValidationException([{ field: 'body', constraints: { mentionsMembers: `mentions must name members of the project; not members: ${strangers.join(', ')}` } }]);
    }
    return mentions;
  }

  private notFound(commentId: string): never {
    throw new CommentNotFoundException(commentId);
  }
}
