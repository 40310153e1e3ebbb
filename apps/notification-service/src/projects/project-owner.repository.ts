import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

/** The read model of project owners (task.project.* events); each write is idempotent, so a replay changes nothing. */
@Injectable()
export class ProjectOwnerRepository {
  async add(manager: EntityManager, projectId: string, userId: string): Promise<void> {
    await manager.query(`INSERT INTO project_owner (project_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [projectId, userId]);
  }

  async remove(manager: EntityManager, projectId: string, userId: string): Promise<void> {
    await manager.query(`DELETE FROM project_owner WHERE project_id = $1 AND user_id = $2`, [projectId, userId]);
  }

  async isOwner(manager: EntityManager, projectId: string, userId: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(`SELECT 1 FROM project_owner WHERE project_id = $1 AND user_id = $2`, [projectId, userId]);
    return rows.length === 1;
  }
}
