import { Module } from '@nestjs/common';
import { TaskWatchModule } from '../task-watch/task-watch.module';
import { TaskEventHandlers } from './messaging/task-events.handlers';

@Module({
  imports: [TaskWatchModule],
  providers: [TaskEventHandlers],
})
export class NotificationsModule {}
