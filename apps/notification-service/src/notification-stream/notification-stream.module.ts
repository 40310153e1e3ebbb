import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { NotificationStreamController } from './notification-stream.controller';
import { NotificationStreams } from './notification-streams';
import { StreamLeases } from './stream-leases';
import { UserChannelSubscriber } from './user-channel-subscriber';

/** The live stream of notifications (SSE), fed by the Redis channel NotificationFeed publishes on and the table. */
@Module({
  imports: [NotificationsModule],
  controllers: [NotificationStreamController],
  providers: [UserChannelSubscriber, NotificationStreams, StreamLeases],
})
export class NotificationStreamModule {}
