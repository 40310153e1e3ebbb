import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TaskExportEntity } from './task-export.entity';

/**
 * One piece (CHUNK_BYTES, the last one shorter) of a ready export's file, numbered from 0: the file is the pieces in
 * `seq` order. Written in the transaction that marks the export ready; deleted with it (cascade) or by its expiry.
 */
@Entity('task_export_chunk')
export class TaskExportChunkEntity {
  @PrimaryColumn('uuid', { name: 'export_id', primaryKeyConstraintName: 'task_export_chunk_pkey' })
  exportId!: string;

  @ManyToOne(() => TaskExportEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'export_id', foreignKeyConstraintName: 'task_export_chunk_export_fkey' })
  export?: TaskExportEntity;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'task_export_chunk_pkey' })
  seq!: number;

  @Column({ type: 'bytea' })
  data!: Buffer;
}
