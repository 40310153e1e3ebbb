import { Module } from '@nestjs/common';
import { TaskListController } from './list/task-list.controller';
import { TaskListRepository } from './list/task-list.repository';
import { TaskListService } from './list/task-list.service';
import { ProjectTasksController } from './project-tasks.controller';
import { TaskReferences } from './task-references';
import { TaskRepository } from './task.repository';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  controllers: [TasksController, ProjectTasksController, TaskListController],
  providers: [TaskRepository, TaskReferences, TasksService, TaskListRepository, TaskListService],
  exports: [TaskListService],
})
export class TasksModule {}
