import { Module } from '@nestjs/common';
import { TaskWatchRepository } from './task-watch.repository';

/** The read model of tasks (creator, assignees, title), for whom a task's notifications concern. */
@Module({
  providers: [TaskWatchRepository],
  exports: [TaskWatchRepository],
})
export class TaskWatchModule {}
