import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { LabelEntity } from '../labels/label.entity';
import { TaskEntity } from './task.entity';

@Entity('task_label')
@Index('task_label_label_idx', ['labelId'])
export class TaskLabelEntity {
  @PrimaryColumn('uuid', { name: 'task_id' })
  taskId!: string;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task?: TaskEntity;

  @PrimaryColumn('uuid', { name: 'label_id' })
  labelId!: string;

  @ManyToOne(() => LabelEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'label_id' })
  label?: LabelEntity;
}
