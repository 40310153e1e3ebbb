import { Injectable } from '@nestjs/common';
import { type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { type EditableProfileFields, type Profile, searchKey } from './profile';
import { ErasedProfileEntity } from './erased-profile.entity';
import { ProfileEntity } from './profile.entity';

/** Where the directory is in its order: the folded name and the id (ties). */
export interface DirectoryPosition {
  readonly nameKey: string;
  readonly id: string;
}

export interface DirectoryQuery {
  /** folded (searchKey) */
  readonly prefix?: string;
  readonly after?: DirectoryPosition;
  readonly limit: number;
}

export interface DirectoryRow {
  readonly profile: Profile;
  readonly position: DirectoryPosition;
}

const LIKE_SPECIALS = /[\\%_]/g;

function toProfile(entity: ProfileEntity): Profile {
  return {
    id: entity.id,
    email: entity.email,
    displayName: entity.displayName,
    avatarUrl: entity.avatarUrl,
    timezone: entity.timezone,
    locale: entity.locale,
    status: entity.status,
    version: entity.version,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
  };
}

function searchColumns(displayName: string, email: string): Pick<ProfileEntity, 'nameKey' | 'searchText'> {
  const nameKey = searchKey(displayName);
  return { nameKey, searchText: ` ${nameKey} ${email.toLowerCase()}` };
}

/** The profile table. */
@Injectable()
export class ProfileRepository {
  /** Inserts the profile of a new account; undefined when it exists already (a replayed registration). */
  async insertIfAbsent(manager: EntityManager, input: { id: string; email: string; displayName: string }): Promise<Profile | undefined> {
    const { nameKey, searchText } = searchColumns(input.displayName, input.email);
    const inserted = await manager.query<{ id: string }[]>(
      `INSERT INTO profile (id, email, display_name, name_key, search_text) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [input.id, input.email, input.displayName, nameKey, searchText],
    );
    return inserted.length === 0 ? undefined : this.byId(manager, input.id);
  }

  /**
   * Erases a profile for an account deletion, its preferences and personal data exports with it (an export's parts
   * and archive hold the person's data; its pieces go by cascade, and pieces still arriving find no export), and leaves
   * a tombstone (the id alone); true when this call erased it, false when it was erased before.
   */
  async erase(manager: EntityManager, id: string, at: Date): Promise<boolean> {
    const [, inserted] = await manager.query<[unknown[], number]>(`INSERT INTO erased_profile (id, erased_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, [id, at]);
    await manager.query(`DELETE FROM profile WHERE id = $1`, [id]);
    await manager.query(`DELETE FROM preferences WHERE user_id = $1`, [id]);
    await manager.query(`DELETE FROM personal_data_export WHERE user_id = $1`, [id]);
    return inserted === 1;
  }

  async isErased(manager: EntityManager, id: string): Promise<boolean> {
    return manager.exists(ErasedProfileEntity, { where: { id } });
  }

  async byId(manager: EntityManager, id: string, lock = false): Promise<Profile | undefined> {
    const entity = await manager.findOne(ProfileEntity, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    return entity ? toProfile(entity) : undefined;
  }

  /** The profiles of these ids that exist, in one query. */
  async byIds(manager: EntityManager, ids: readonly string[]): Promise<Profile[]> {
    if (ids.length === 0) return [];
    const entities = await manager.createQueryBuilder(ProfileEntity, 'p').where('p.id = ANY(:ids)', { ids }).getMany();
    return entities.map(toProfile);
  }

  /** Marks the address verified; false when the profile does not exist (yet). */
  async markEmailVerified(manager: EntityManager, id: string): Promise<boolean> {
    const [, count] = await manager.query<[unknown[], number]>(`UPDATE profile SET email_verified = true, updated_at = now() WHERE id = $1`, [id]);
    return count === 1;
  }

  /**
   * The address of a confirmed change (verified by it), and the search text with it, unless a newer change was applied
   * already; whether the profile exists (false: its registration has not been applied yet).
   */
  async changeEmail(manager: EntityManager, id: string, email: string, changedAt: Date): Promise<boolean> {
    const [rows] = await manager.query<[{ id: string }[], number]>(
      `UPDATE profile SET email = $2, email_changed_at = $3, email_verified = true, search_text = ' ' || name_key || ' ' || lower($2), updated_at = now()
        WHERE id = $1 AND (email_changed_at IS NULL OR email_changed_at < $3) RETURNING id`,
      [id, email, changedAt],
    );
    return rows.length === 1 || (await manager.exists(ProfileEntity, { where: { id } }));
  }

  /** Writes the changed fields and bumps the version; returns the profile as stored. */
  async update(manager: EntityManager, current: Profile, changes: EditableProfileFields & { status?: Profile['status']; disabledAt?: Date }): Promise<Profile> {
    const displayName = changes.displayName ?? current.displayName;
    await manager.update(
      ProfileEntity,
      { id: current.id },
      { ...changes, ...searchColumns(displayName, current.email), version: current.version + 1 },
    );
    const updated = await this.byId(manager, current.id);
    if (!updated) throw new Error(`profile ${current.id} vanished inside its own transaction`);
    return updated;
  }

  /**
   * Active profiles of verified addresses in directory order (folded name, then id) after `after`, optionally those with a word of the name,
   * or the e-mail address, starting with `prefix` (already folded): ` <name> <e-mail>` LIKE `% <prefix>%`, served by
   * the trigram index.
   */
  async directory(manager: EntityManager, query: DirectoryQuery): Promise<DirectoryRow[]> {
    const entities = await this.directoryQuery(manager, query).getMany();
    return entities.map((e) => ({ profile: toProfile(e), position: { nameKey: e.nameKey, id: e.id } }));
  }

  /** The directory's SQL (the integration spec reads its plan). */
  directoryQuery(manager: EntityManager, query: DirectoryQuery): SelectQueryBuilder<ProfileEntity> {
    const qb = manager.createQueryBuilder(ProfileEntity, 'p').where(`p.status = 'active' AND p.emailVerified`);
    if (query.prefix) qb.andWhere(`p.searchText LIKE :pattern`, { pattern: `% ${query.prefix.replace(LIKE_SPECIALS, '\\$&')}%` });
    if (query.after) qb.andWhere('(p.nameKey, p.id) > (:nameKey, :id)', query.after);
    return qb.orderBy('p.nameKey', 'ASC').addOrderBy('p.id', 'ASC').limit(query.limit);
  }
}
