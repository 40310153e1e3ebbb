import { Injectable } from '@nestjs/common';
import { type UserPreferencesUpdatedV1, type UserProfileV1 } from '@taskhub/contracts';
import { type EntityManager } from 'typeorm';

/** The local copies of profiles and preferences, each at the newest version seen (events may arrive out of order). */
@Injectable()
export class PersonRepository {
  async upsertProfile(manager: EntityManager, profile: UserProfileV1): Promise<void> {
    await manager.query(
      `INSERT INTO person (id, display_name, timezone, locale, status, version) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET display_name = EXCLUDED.display_name, timezone = EXCLUDED.timezone,
         locale = EXCLUDED.locale, status = EXCLUDED.status, version = EXCLUDED.version, updated_at = now()
       WHERE person.version < EXCLUDED.version`,
      [profile.userId, profile.displayName, profile.timezone, profile.locale, profile.status, profile.version],
    );
  }

  async upsertPreferences(manager: EntityManager, preferences: UserPreferencesUpdatedV1): Promise<void> {
    await manager.query(
      `INSERT INTO person_preferences (user_id, kinds, digest_enabled, digest_hour, quiet_start, quiet_end, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (user_id) DO UPDATE SET kinds = EXCLUDED.kinds, digest_enabled = EXCLUDED.digest_enabled,
         digest_hour = EXCLUDED.digest_hour, quiet_start = EXCLUDED.quiet_start, quiet_end = EXCLUDED.quiet_end,
         version = EXCLUDED.version, updated_at = now()
       WHERE person_preferences.version < EXCLUDED.version`,
      [
        preferences.userId,
        JSON.stringify(preferences.kinds),
        preferences.digest.enabled,
        preferences.digest.hour,
        preferences.quietHours?.start ?? null,
        preferences.quietHours?.end ?? null,
        preferences.version,
      ],
    );
  }
}
