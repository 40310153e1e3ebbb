import { Injectable } from '@nestjs/common';
import { type AuthenticatedUser } from '@taskhub/platform-auth';
import { type Page, PageCursors, pageLimit } from '@taskhub/platform-http';
import { DataSource } from 'typeorm';
import { type ListNotificationsQueryDto } from './dto/list-notifications.query.dto';
import { type Notification } from './notification';
import { NotificationRepository } from './notification.repository';
import { NotificationNotFoundException } from './notifications.errors';

/** The caller's in-app inbox: pages newest first, the unread count, marking read. Only ever the caller's own rows. */
@Injectable()
export class InboxService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationRepository,
    private readonly cursors: PageCursors,
  ) {}

  async list(user: AuthenticatedUser, query: ListNotificationsQueryDto): Promise<Page<Notification>> {
    const unread = query.unread === true;
    const binding = { list: 'notification.inbox', unread };
    const before = this.cursors.decode<string>(query.cursor, binding) ?? null;
    const limit = pageLimit(query);
    const rows = await this.notifications.list(this.dataSource.manager, user.id, { unread, before, limit: limit + 1 });
    return this.cursors.page(rows, limit, (last) => last.seq, binding);
  }

  async unreadCount(user: AuthenticatedUser): Promise<{ count: number }> {
    return { count: await this.notifications.unreadCount(this.dataSource.manager, user.id) };
  }

  async markRead(user: AuthenticatedUser, id: string): Promise<Notification> {
    const notification = await this.notifications.markRead(this.dataSource.manager, user.id, id);
    if (!notification) throw new NotificationNotFoundException(id);
    return notification;
  }

  async markAllRead(user: AuthenticatedUser): Promise<{ marked: number }> {
    return { marked: await this.notifications.markAllRead(this.dataSource.manager, user.id) };
  }
}
