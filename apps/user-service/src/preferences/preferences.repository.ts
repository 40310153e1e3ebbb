import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { completeKinds, type Preferences } from './preferences';
import { PreferencesEntity } from './preferences.entity';

export interface StoredPreferences {
  readonly preferences: Preferences;
  readonly version: number;
}

/** The preferences table. */
@Injectable()
export class PreferencesRepository {
  async byUser(manager: EntityManager, userId: string, lock = false): Promise<StoredPreferences | undefined> {
    const entity = await manager.findOne(PreferencesEntity, { where: { userId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!entity) return undefined;
    const quietHours = entity.quietStart !== null && entity.quietEnd !== null ? { start: entity.quietStart, end: entity.quietEnd } : null;
    return {
      preferences: { kinds: completeKinds(entity.kinds), digest: { enabled: entity.digestEnabled, hour: entity.digestHour }, quietHours },
      version: entity.version,
    };
  }

  /** Inserts or replaces the set; returns its new version (1, then +1 per change: concurrent first saves get 1 and 2). */
  async save(manager: EntityManager, userId: string, preferences: Preferences): Promise<number> {
    const rows = await manager.query<{ version: number }[]>(
      `INSERT INTO preferences (user_id, kinds, digest_enabled, digest_hour, quiet_start, quiet_end, version)
       VALUES ($1, $2, $3, $4, $5, $6, 1)
       ON CONFLICT (user_id) DO UPDATE SET kinds = EXCLUDED.kinds, digest_enabled = EXCLUDED.digest_enabled,
         digest_hour = EXCLUDED.digest_hour, quiet_start = EXCLUDED.quiet_start, quiet_end = EXCLUDED.quiet_end,
         version = preferences.version + 1, updated_at = now()
       RETURNING version`,
      [
        userId,
        JSON.stringify(preferences.kinds),
        preferences.digest.enabled,
        preferences.digest.hour,
        preferences.quietHours?.start ?? null,
        preferences.quietHours?.end ?? null,
      ],
    );
    return rows[0].version;
  }
}
