import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ProjectEntity } from '../projects/project.entity';

@Entity('label')
@Index('label_project_idx', ['projectId'])
// unique (project_id, lower(name)), made by the migration: TypeORM cannot declare an expression index
@Index('label_project_name_idx', { synchronize: false })
export class LabelEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id' })
  project?: ProjectEntity;

  /** unique in the project, case-insensitively (index on lower(name) in the migration) */
  @Column({ type: 'text' })
  name!: string;

  /** `#rrggbb` */
  @Column({ type: 'text' })
  color!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
