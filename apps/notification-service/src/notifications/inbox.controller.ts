import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@taskhub/platform-auth';
import { ApiErrorResponses, InvalidCursorException } from '@taskhub/platform-http';
import { ListNotificationsQueryDto } from './dto/list-notifications.query.dto';
import { NotificationPageResponseDto, NotificationResponseDto, ReadAllResponseDto, UnreadCountResponseDto } from './dto/notification.response.dto';
import { InboxService } from './inbox.service';
import { NotificationNotFoundException } from './notifications.errors';

@ApiTags('notifications')
@Controller('notifications')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @ApiOperation({ summary: 'Your in-app notifications, newest first (a grouped one moves up with its latest event); unread=true for the unread ones' })
  @ApiOkResponse({ type: NotificationPageResponseDto })
  @ApiErrorResponses(400, new InvalidCursorException('other_query'))
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListNotificationsQueryDto): Promise<NotificationPageResponseDto> {
    return this.inbox.list(user, query);
  }

  @Get('unread-count')
  @ApiOperation({ summary: 'How many of your notifications are unread' })
  @ApiOkResponse({ type: UnreadCountResponseDto })
  unreadCount(@CurrentUser() user: AuthenticatedUser): Promise<UnreadCountResponseDto> {
    return this.inbox.unreadCount(user);
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark all your notifications read' })
  @ApiOkResponse({ type: ReadAllResponseDto })
  readAll(@CurrentUser() user: AuthenticatedUser): Promise<ReadAllResponseDto> {
    return this.inbox.markAllRead(user);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of your notifications read (again: no change); the id of another user is a 404' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The notification id' })
  @ApiOkResponse({ type: NotificationResponseDto })
  @ApiErrorResponses({ status: 400, code: 'REQUEST.BAD_REQUEST', message: 'Validation failed (uuid is expected)' }, new NotificationNotFoundException('0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e'))
  read(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<NotificationResponseDto> {
    return this.inbox.markRead(user, id);
  }
}
