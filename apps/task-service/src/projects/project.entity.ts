import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('project')
export class ProjectEntity {
  /** UUIDv7 */
  @PrimaryColumn('uuid')
  id!: string;

  /** short code of its task numbers (`WEB` in WEB-42), unique */
  @Index('project_key_idx', { unique: true })
  @Column({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** the last task number given: the next create takes +1 under this row's lock, so numbers have no gaps */
  @Column({ name: 'task_counter', type: 'integer', default: 0 })
  taskCounter!: number;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;

  /** +1 on every change of the project itself (its ETag) */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
