import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

/** How to write to a person: their locale and time zone from the people read model (defaults when unknown). */
export interface MailLocale {
  readonly locale: string;
  readonly timezone: string;
}

const UNKNOWN: MailLocale = { locale: 'en', timezone: 'UTC' };

/** The e-mail feature's reads of the people read model (written by the people feature). */
@Injectable()
export class EmailPeopleRepository {
  async mailLocale(manager: EntityManager, userId: string): Promise<MailLocale> {
    const [row] = await manager.query<MailLocale[]>(`SELECT locale, timezone FROM person WHERE id = $1`, [userId]);
    return row ?? UNKNOWN;
  }
}
