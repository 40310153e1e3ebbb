import { Injectable } from '@nestjs/common';
import { type UserProfileV1 } from '@taskhub/contracts';
import { type EntityManager } from 'typeorm';

/** The person table: a copy of each profile, at the newest version seen. */
@Injectable()
export class PersonRepository {
  /**
   * Stores the profile unless the copy is already at this version or newer (events may arrive out of order), or is the
   * tombstone of an erased person (a profile event still in flight must not bring their name back).
   */
  async upsertNewer(manager: EntityManager, profile: UserProfileV1): Promise<void> {
    await manager.query(
      `INSERT INTO person (id, display_name, avatar_url, status, version) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET display_name = EXCLUDED.display_name, avatar_url = EXCLUDED.avatar_url,
         status = EXCLUDED.status, version = EXCLUDED.version, updated_at = now()
       WHERE person.version < EXCLUDED.version AND person.erased_at IS NULL`,
      [profile.userId, profile.displayName, profile.avatarUrl, profile.status, profile.version],
    );
  }

  /** The ids among `ids` of active users the read model knows (a profile event applied for them, not disabled). */
  async activeIds(manager: EntityManager, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await manager.query<{ id: string }[]>(`SELECT id FROM person WHERE id = ANY($1) AND status = 'active'`, [ids]);
    return new Set(rows.map((r) => r.id));
  }

  /** The projects the person is a member of (and so may be assigned in). */
  async projectIds(manager: EntityManager, userId: string): Promise<string[]> {
    const rows = await manager.query<{ project_id: string }[]>(`SELECT project_id FROM project_member WHERE user_id = $1`, [userId]);
    return rows.map((r) => r.project_id);
  }
}
