import { type DueSoonWindow, type ProjectRole, type TaskStatus } from '@taskhub/contracts';
import { type InboxKind } from './notification';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * One in-app notification of one user; several about one task within the grouping window are one row (`count`, the
 * latest subject). `seq` comes from the sequence `notification_seq`, taken again at every change (insert and
 * grouping), so "everything of a user after seq N" is what the live stream resumes from (Last-Event-ID).
 */
@Entity('notification')
@Index('notification_user_seq_idx', ['userId', 'seq'], { unique: true })
@Index('notification_user_task_idx', ['userId', 'taskId'])
@Index('notification_read_at_idx', ['readAt'])
export class NotificationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'text' })
  kind!: InboxKind;

  @Column({ name: 'project_id', type: 'uuid', nullable: true })
  projectId!: string | null;

  @Column({ name: 'task_id', type: 'uuid', nullable: true })
  taskId!: string | null;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  /** the actor's display name when the notification was made (the read model's) */
  @Column({ name: 'actor_name', type: 'text', nullable: true })
  actorName!: string | null;

  @Column({ name: 'task_key', type: 'text', nullable: true })
  taskKey!: string | null;

  @Column({ name: 'task_title', type: 'text', nullable: true })
  taskTitle!: string | null;

  @Column({ name: 'project_name', type: 'text', nullable: true })
  projectName!: string | null;

  @Column({ name: 'status_from', type: 'text', nullable: true })
  statusFrom!: TaskStatus | null;

  @Column({ name: 'status_to', type: 'text', nullable: true })
  statusTo!: TaskStatus | null;

  @Column({ type: 'text', nullable: true })
  excerpt!: string | null;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @Column({ name: 'due_window', type: 'text', nullable: true })
  dueWindow!: DueSoonWindow | null;

  @Column({ type: 'text', nullable: true })
  role!: ProjectRole | null;

  /** webhook.disabled only */
  @Column({ name: 'webhook_id', type: 'uuid', nullable: true })
  webhookId!: string | null;

  @Column({ name: 'webhook_url', type: 'text', nullable: true })
  webhookUrl!: string | null;

  /** how many events this row groups */
  @Column({ type: 'integer' })
  count!: number;

  /** the events it groups (each at most once) */
  @Column({ name: 'event_ids', type: 'uuid', array: true })
  eventIds!: string[];

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'bigint' })
  seq!: string;
}
