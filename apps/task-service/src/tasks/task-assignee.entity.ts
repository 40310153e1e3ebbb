import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TaskEntity } from './task.entity';

@Entity('task_assignee')
@Index('task_assignee_user_idx', ['userId'])
export class TaskAssigneeEntity {
  @PrimaryColumn('uuid', { name: 'task_id' })
  taskId!: string;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task?: TaskEntity;

  @PrimaryColumn('uuid', { name: 'user_id' })
  userId!: string;
}
