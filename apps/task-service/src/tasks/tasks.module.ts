import { Module } from '@nestjs/common';
import { ProjectTasksController } from './project-tasks.controller';
import { TaskReferences } from './task-references';
import { TaskRepository } from './task.repository';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  controllers: [TasksController, ProjectTasksController],
  providers: [TaskRepository, TaskReferences, TasksService],
})
export class TasksModule {}
