import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TaskEntity } from '../tasks/task.entity';

/** A due-date reminder claimed (and its event written) for a task, due date and window: each happens once. */
@Entity('task_due_reminder')
@Index('task_due_reminder_due_idx', ['dueAt'])
export class TaskDueReminderEntity {
  @PrimaryColumn('uuid', { name: 'task_id', primaryKeyConstraintName: 'task_due_reminder_pkey' })
  taskId!: string;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'task_due_reminder_task_fkey' })
  task?: TaskEntity;

  @PrimaryColumn({ name: 'due_at', type: 'timestamptz', primaryKeyConstraintName: 'task_due_reminder_pkey' })
  dueAt!: Date;

  /** '24h' | '1h' */
  @PrimaryColumn({ name: 'reminder_window', type: 'text', primaryKeyConstraintName: 'task_due_reminder_pkey' })
  reminderWindow!: string;

  @Column({ name: 'sent_at', type: 'timestamptz', default: () => 'now()' })
  sentAt!: Date;
}
