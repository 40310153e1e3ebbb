import { randomBytes } from 'node:crypto';
import { type ProjectRole } from '@taskhub/contracts';
import { type DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';

/**
 * Rows written straight to the database, for specs of one feature that need others' data (a comment needs a task):
 * what the projects and tasks routes would have made, without going through them.
 */
export async function seedProject(dataSource: DataSource, members: readonly { userId: string; role: ProjectRole }[]): Promise<{ id: string; key: string }> {
  const id = uuidv7();
  const key = `P${randomBytes(4).toString('hex').toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 8)}`;
  await dataSource.query(`INSERT INTO project (id, key, name, created_by) VALUES ($1, $2, $3, $4)`, [id, key, `Project ${key}`, members[0].userId]);
  for (const m of members) {
    await dataSource.query(`INSERT INTO project_member (project_id, user_id, role, added_by) VALUES ($1, $2, $3, $4)`, [id, m.userId, m.role, members[0].userId]);
  }
  return { id, key };
}

export async function seedTask(dataSource: DataSource, projectId: string, createdBy: string, title = 'A task'): Promise<{ id: string; number: number }> {
  const id = uuidv7();
  // an UPDATE ... RETURNING answers [rows, count] through TypeORM: take the number in a CTE of the INSERT instead
  const [{ number }] = await dataSource.query<{ number: number }[]>(
    `WITH n AS (UPDATE project SET task_counter = task_counter + 1 WHERE id = $2 RETURNING task_counter)
     INSERT INTO task (id, project_id, number, title, created_by) SELECT $1, $2, task_counter, $3, $4 FROM n RETURNING number`,
    [id, projectId, title, createdBy],
  );
  return { id, number };
}
