import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The notification service's read model of a task: who created it and who is assigned (to know whom a status change
 * concerns), its key and title (to show comments). Fed by task.task.created/assigned/updated/deleted.v1, in any order.
 */
@Entity('task_watch')
export class TaskWatchEntity {
  @PrimaryColumn('uuid', { name: 'task_id' })
  taskId!: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @Column({ name: 'task_key', type: 'text', nullable: true })
  taskKey!: string | null;

  @Column({ type: 'text', nullable: true })
  title!: string | null;

  /** the task version that set the title (0: only seen in an event without a version) */
  @Column({ name: 'title_version', type: 'integer' })
  titleVersion!: number;

  /** null until task.task.created.v1 arrives */
  @Column({ name: 'creator_id', type: 'uuid', nullable: true })
  creatorId!: string | null;

  @Column({ name: 'assignee_ids', type: 'uuid', array: true })
  assigneeIds!: string[];

  /** the task version of the assignee list (0: gathered from task.task.assigned.v1 before any versioned event) */
  @Column({ name: 'assignees_version', type: 'integer' })
  assigneesVersion!: number;

  /** deleted until then (restorable); null while it exists */
  @Column({ name: 'deleted_until', type: 'timestamptz', nullable: true })
  deletedUntil!: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
