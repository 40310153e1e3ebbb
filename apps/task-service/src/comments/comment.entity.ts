import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { TaskEntity } from '../tasks/task.entity';

@Entity('comment')
@Index('comment_task_idx', ['taskId', 'id'])
export class CommentEntity {
  /** UUIDv7: time-ordered, the list's order */
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task?: TaskEntity;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId!: string;

  /** Markdown; mentions written `@[Display Name](userId)` */
  @Column({ type: 'text' })
  body!: string;

  /** the members mentioned in the body */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  mentions!: string[];

  /** +1 on every edit (its ETag) */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
