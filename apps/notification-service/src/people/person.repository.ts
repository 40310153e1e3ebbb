import { Injectable } from '@nestjs/common';
import { type AuthUserRegisteredV1, type NotificationKindsV1, type UserPreferencesUpdatedV1, type UserProfileV1 } from '@taskhub/contracts';
import { type EntityManager } from 'typeorm';
import { DEFAULT_KINDS, type Person } from './person';

interface PersonRow {
  id: string;
  display_name: string | null;
  email: string | null;
  timezone: string | null;
  locale: string | null;
  disabled: boolean;
}

/**
 * The local copies of people (profile and account) and their preferences. Events may arrive in any order: the profile
 * is kept at its newest version, and the account events only fill their own columns, so neither order loses a field.
 */
@Injectable()
export class PersonRepository {
  /** A profile event (a tombstone's maximal version keeps an erased person erased). */
  async upsertProfile(manager: EntityManager, profile: UserProfileV1): Promise<void> {
    await manager.query(
      `INSERT INTO person (id, display_name, timezone, locale, status, version) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET display_name = EXCLUDED.display_name, timezone = EXCLUDED.timezone,
         locale = EXCLUDED.locale, status = EXCLUDED.status, version = EXCLUDED.version, updated_at = now()
       WHERE person.version IS NULL OR person.version < EXCLUDED.version`,
      [profile.userId, profile.displayName, profile.timezone, profile.locale, profile.status, profile.version],
    );
  }

  /**
   * The e-mail address (unless an e-mail change arrived first: it is newer); the registration's display name only
   * until a profile event gives one.
   */
  async upsertAccount(manager: EntityManager, account: AuthUserRegisteredV1): Promise<void> {
    await manager.query(
      `INSERT INTO person (id, email, display_name) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET email = CASE WHEN person.email_changed_at IS NULL THEN EXCLUDED.email ELSE person.email END,
         display_name = COALESCE(person.display_name, EXCLUDED.display_name), updated_at = now()
       WHERE person.erased_at IS NULL`,
      [account.userId, account.email, account.displayName],
    );
  }

  /** The address of a confirmed e-mail change, kept only when newer than the one applied (events may come late). */
  async changeEmail(manager: EntityManager, userId: string, email: string, changedAt: string): Promise<void> {
    await manager.query(
      `INSERT INTO person (id, email, email_changed_at) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, email_changed_at = EXCLUDED.email_changed_at, updated_at = now()
       WHERE person.erased_at IS NULL AND (person.email_changed_at IS NULL OR person.email_changed_at < EXCLUDED.email_changed_at)`,
      [userId, email, changedAt],
    );
  }

  async markDisabled(manager: EntityManager, userId: string, disabledAt: string): Promise<void> {
    await manager.query(
      `INSERT INTO person (id, disabled_at) VALUES ($1, $2)
       ON CONFLICT (id) DO UPDATE SET disabled_at = COALESCE(person.disabled_at, EXCLUDED.disabled_at), updated_at = now()`,
      [userId, disabledAt],
    );
  }

  async upsertPreferences(manager: EntityManager, preferences: UserPreferencesUpdatedV1): Promise<void> {
    await manager.query(
      `INSERT INTO person_preferences (user_id, kinds, digest_enabled, digest_hour, quiet_start, quiet_end, version)
       SELECT $1, $2, $3, $4, $5, $6, $7 WHERE NOT EXISTS (SELECT 1 FROM person WHERE id = $1 AND erased_at IS NOT NULL)
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

  /** The people among `ids` the read model knows (someone with no event yet is absent). */
  async byIds(manager: EntityManager, ids: readonly string[]): Promise<Map<string, Person>> {
    if (ids.length === 0) return new Map();
    const rows = await manager.query<PersonRow[]>(
      `SELECT id, display_name, email, timezone, locale, (disabled_at IS NOT NULL OR COALESCE(status = 'disabled', false)) AS disabled
       FROM person WHERE id = ANY($1)`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, { id: r.id, displayName: r.display_name, email: r.email, timezone: r.timezone, locale: r.locale, disabled: r.disabled }]));
  }

  /** Each person's per-kind channels: their own set, or the user service's defaults when they never changed it. */
  async kindsOf(manager: EntityManager, ids: readonly string[]): Promise<Map<string, NotificationKindsV1>> {
    if (ids.length === 0) return new Map();
    const rows = await manager.query<{ user_id: string; kinds: NotificationKindsV1 }[]>(
      `SELECT user_id, kinds FROM person_preferences WHERE user_id = ANY($1)`,
      [ids],
    );
    const own = new Map(rows.map((r) => [r.user_id, r.kinds]));
    return new Map(ids.map((id) => [id, own.get(id) ?? DEFAULT_KINDS]));
  }
}
