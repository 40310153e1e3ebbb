import { Module } from '@nestjs/common';
import { BulkTasksController } from './bulk/bulk-tasks.controller';
import { BulkTasksService } from './bulk/bulk-tasks.service';
import { ProjectTasksController } from './project-tasks.controller';
import { TaskChanger } from './task-changer';
import { TaskReferences } from './task-references';
import { TaskRepository } from './task.repository';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  controllers: [BulkTasksController, TasksController, ProjectTasksController],
  providers: [TaskRepository, TaskReferences, TaskChanger, TasksService, BulkTasksService],
  exports: [TaskRepository],
})
export class TasksModule {}
