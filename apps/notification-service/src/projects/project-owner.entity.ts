import { Entity, PrimaryColumn } from 'typeorm';

/**
 * Who owns which project, as the task service's events tell (task.project.created / member_added / member_removed):
 * only an owner may create a project's webhook, and a project webhook delivers while its creator still owns it.
 */
@Entity('project_owner')
export class ProjectOwnerEntity {
  @PrimaryColumn('uuid', { name: 'project_id' })
  projectId!: string;

  @PrimaryColumn('uuid', { name: 'user_id' })
  userId!: string;
}
