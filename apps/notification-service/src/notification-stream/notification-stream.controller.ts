import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@taskhub/platform-auth';
import { ApiErrorResponses } from '@taskhub/platform-http';
import { InvalidLastEventIdException, TooManyStreamsException } from './notification-stream.errors';
import { NotificationStreams, type StreamReply } from './notification-streams';

const STREAM_FORMAT = [
  'Server-Sent Events. Each notification: `id: <seq>`, `event: notification`, `data: <the notification as the inbox',
  'returns it>`; a grouped notification comes again, in its current state, under its new seq. `: ping` comments keep',
  'the connection open; `retry:` says how long to wait before reconnecting. The stream ends on shutdown and when the',
  'access token expires: reconnect with a token and `Last-Event-ID`. Send the token as `Authorization: Bearer`',
  '(a fetch-based SSE client; the browser EventSource cannot set headers). See docs/notifications.md "Live stream".',
].join(' ');

@ApiTags('notifications')
@Controller('notifications')
export class NotificationStreamController {
  constructor(private readonly streams: NotificationStreams) {}

  @Get('stream')
  @ApiOperation({ summary: 'Your notifications live (Server-Sent Events), resuming after Last-Event-ID with none missed or repeated' })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The seq of the last notification you have (an SSE id or an inbox item seq); none: from now on' })
  @ApiOkResponse({ description: STREAM_FORMAT, content: { 'text/event-stream': { schema: { type: 'string', example: 'id: 1042\nevent: notification\ndata: {"id":"…","seq":"1042",…}\n\n' } } } })
  @ApiErrorResponses(new InvalidLastEventIdException(), new TooManyStreamsException(5, 3))
  stream(@CurrentUser() user: AuthenticatedUser, @Headers('last-event-id') lastEventId: string | undefined, @Res() reply: StreamReply): Promise<void> {
    return this.streams.open(user, lastEventId, reply);
  }
}
