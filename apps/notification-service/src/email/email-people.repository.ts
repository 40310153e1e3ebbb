import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

/** How to write to a person: their locale and time zone from the people read model (defaults when unknown). */
export interface MailLocale {
  readonly locale: string;
  readonly timezone: string;
}

/** When a person wants e-mails: digest and quiet hours (the user service's defaults without a preferences row). */
export interface MailTimingPreferences {
  readonly digest: { readonly enabled: boolean; readonly hour: number };
  readonly quietHours: { readonly start: string; readonly end: string } | null;
}

const UNKNOWN: MailLocale = { locale: 'en', timezone: 'UTC' };
const DEFAULT_TIMING: MailTimingPreferences = { digest: { enabled: false, hour: 8 }, quietHours: null };

interface TimingRow {
  user_id: string;
  digest_enabled: boolean;
  digest_hour: number;
  quiet_start: string | null;
  quiet_end: string | null;
}

/** The e-mail feature's reads of the people read model (written by the people feature). */
@Injectable()
export class EmailPeopleRepository {
  async mailLocale(manager: EntityManager, userId: string): Promise<MailLocale> {
    const [row] = await manager.query<{ locale: string | null; timezone: string | null }[]>(`SELECT locale, timezone FROM person WHERE id = $1`, [userId]);
    return { locale: row?.locale ?? UNKNOWN.locale, timezone: row?.timezone ?? UNKNOWN.timezone };
  }

  async timings(manager: EntityManager, ids: readonly string[]): Promise<Map<string, MailTimingPreferences>> {
    const rows = ids.length === 0 ? [] : await manager.query<TimingRow[]>(`SELECT user_id, digest_enabled, digest_hour, quiet_start, quiet_end FROM person_preferences WHERE user_id = ANY($1)`, [ids]);
    const own = new Map(
      rows.map((r) => [
        r.user_id,
        { digest: { enabled: r.digest_enabled, hour: r.digest_hour }, quietHours: r.quiet_start && r.quiet_end ? { start: r.quiet_start, end: r.quiet_end } : null },
      ]),
    );
    return new Map(ids.map((id) => [id, own.get(id) ?? DEFAULT_TIMING]));
  }
}
