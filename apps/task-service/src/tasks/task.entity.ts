import { type TaskPriority, type TaskStatus } from '@taskhub/contracts';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { ProjectEntity } from '../projects/project.entity';

@Entity('task')
@Unique('task_project_number_key', ['projectId', 'number'])
@Index('task_parent_idx', ['parentId'])
// GIN over the search column, made by migration TaskListSearch1797010000000 (TypeORM cannot declare a GIN index)
@Index('task_search_idx', { synchronize: false })
// the list indexes (partial, on expressions and directions: migration TaskListIndexes1797020000000, docs/task-queries.md)
@Index('task_project_created_idx', { synchronize: false })
@Index('task_project_updated_idx', { synchronize: false })
@Index('task_project_number_idx', { synchronize: false })
@Index('task_project_priority_idx', { synchronize: false })
@Index('task_project_due_idx', { synchronize: false })
@Index('task_project_due_desc_idx', { synchronize: false })
@Index('task_project_status_idx', { synchronize: false })
@Index('task_created_idx', { synchronize: false })
@Index('task_updated_idx', { synchronize: false })
@Index('task_number_idx', { synchronize: false })
@Index('task_priority_idx', { synchronize: false })
@Index('task_due_idx', { synchronize: false })
@Index('task_due_desc_idx', { synchronize: false })
@Index('task_open_due_idx', { synchronize: false })
// partial, with INCLUDE (migrations 1797030000000, 1797080000000): TypeORM cannot describe it, so it leaves it alone
@Index('task_project_stats_idx', { synchronize: false })
export class TaskEntity {
  /** UUIDv7 */
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id' })
  project?: ProjectEntity;

  /** per project, from 1, without gaps */
  @Column({ type: 'integer' })
  number!: number;

  @Column({ type: 'text' })
  title!: string;

  /** Markdown, at most 64 KiB */
  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'text', default: 'todo' })
  status!: TaskStatus;

  @Column({ type: 'text', default: 'none' })
  priority!: TaskPriority;

  @Column({ name: 'start_at', type: 'timestamptz', nullable: true })
  startAt!: Date | null;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  /** a subtask's parent: same project, no cycles, at most 5 levels */
  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  @ManyToOne(() => TaskEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'parent_id' })
  parent?: TaskEntity;

  /** set when the status becomes done, cleared when it leaves it (cancelled is not completed) */
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  /** soft delete: restorable for 30 days */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  /**
   * full-text search document (title, description, comments; English and simple), written only by the triggers of
   * migration TaskListSearch1797010000000; GIN index task_search_idx
   */
  @Column({ type: 'tsvector', select: false, insert: false, update: false })
  search?: string;

  /** +1 on every change (its ETag) */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
