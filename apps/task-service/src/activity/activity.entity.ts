import { type FieldChangeV1 } from '@taskhub/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ProjectEntity } from '../projects/project.entity';

/**
 * One change in a project, written in the transaction of the change: who, when, what. The table is partitioned by month
 * of `created_at` (migration PartitionActivityByMonth, docs/operations.md), hence the primary key (id, created_at).
 */
@Entity('activity')
@Index('activity_project_idx', ['projectId', 'id'])
@Index('activity_task_idx', ['taskId', 'id'])
export class ActivityEntity {
  /** UUIDv7: time-ordered, the history's order */
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'activity_project_fk' })
  project?: ProjectEntity;

  /** the task it concerns, if any */
  @Column({ name: 'task_id', type: 'uuid', nullable: true })
  taskId!: string | null;

  @Column({ name: 'actor_id', type: 'uuid' })
  actorId!: string;

  /** the actor's display name when it happened (from the people read model; null if it had not seen them yet) */
  @Column({ name: 'actor_name', type: 'text', nullable: true })
  actorName!: string | null;

  /** `task.created`, `task.updated`, `member.added`, ... */
  @Column({ type: 'text' })
  action!: string;

  /** the fields that changed, with old and new values */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  changes!: FieldChangeV1[];

  /** the time in the id (ActivityLog): the partition key */
  @PrimaryColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
