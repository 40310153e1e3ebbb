import { Module } from '@nestjs/common';
import { TaskListController } from './list/task-list.controller';
import { TaskListRepository } from './list/task-list.repository';
import { TaskListService } from './list/task-list.service';
import { BulkTasksController } from './bulk/bulk-tasks.controller';
import { BulkTasksService } from './bulk/bulk-tasks.service';
import { ProjectCreateQueue } from './project-create-queue';
import { ProjectTasksController } from './project-tasks.controller';
import { TaskChanger } from './task-changer';
import { TaskReferences } from './task-references';
import { TaskRepository } from './task.repository';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  controllers: [BulkTasksController, TasksController, ProjectTasksController, TaskListController],
  providers: [ProjectCreateQueue, TaskRepository, TaskReferences, TaskChanger, TasksService, BulkTasksService, TaskListRepository, TaskListService],
  exports: [TaskRepository, TaskListService],
})
export class TasksModule {}
