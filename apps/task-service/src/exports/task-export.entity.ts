import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ProjectEntity } from '../projects/project.entity';

/** An export of a project's tasks to a file (stored in task_export_chunk): queued, running, ready (until expiresAt), failed or expired. */
@Entity('task_export')
@Index('task_export_expiry_idx', ['expiresAt'], { where: `"status" = 'ready'` })
export class TaskExportEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'task_export_pkey' })
  id!: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'task_export_project_fkey' })
  project?: ProjectEntity;

  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy!: string;

  @Column({ type: 'text' })
  format!: string;

  @Column({ type: 'jsonb', default: {} })
  filters!: Record<string, unknown>;

  @Column({ type: 'text', default: 'queued' })
  status!: string;

  @Column({ name: 'rows_written', type: 'integer', default: 0 })
  rowsWritten!: number;

  @Column({ name: 'total_rows', type: 'integer', nullable: true })
  totalRows!: number | null;

  /** the file's size once ready (its pieces are task_export_chunk rows) */
  @Column({ type: 'bigint', nullable: true })
  bytes!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;
}
