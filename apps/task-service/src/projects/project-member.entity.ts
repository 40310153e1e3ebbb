import { type ProjectRole } from '@taskhub/contracts';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ProjectEntity } from './project.entity';

@Entity('project_member')
@Index('project_member_user_idx', ['userId', 'projectId'])
export class ProjectMemberEntity {
  @PrimaryColumn('uuid', { name: 'project_id' })
  projectId!: string;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id' })
  project?: ProjectEntity;

  @PrimaryColumn('uuid', { name: 'user_id' })
  userId!: string;

  @Column({ type: 'text' })
  role!: ProjectRole;

  @Column({ name: 'added_by', type: 'uuid' })
  addedBy!: string;

  @CreateDateColumn({ name: 'added_at', type: 'timestamptz' })
  addedAt!: Date;
}
