import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { DEFAULT_PREFERENCES } from '../preferences/preferences';
import { PreferencesRepository } from '../preferences/preferences.repository';
import { ProfileRepository } from '../profiles/profile.repository';

/** The user service's own part of an export: `profile` and `preferences` (the defaults when never set). */
@Injectable()
export class OwnDataReader {
  constructor(
    private readonly profiles: ProfileRepository,
    private readonly preferences: PreferencesRepository,
  ) {}

  async read(manager: EntityManager, userId: string): Promise<Record<string, unknown>> {
    const profile = await this.profiles.byId(manager, userId);
    const stored = await this.preferences.byUser(manager, userId);
    return {
      profile: profile ? { ...profile } : null,
      preferences: { ...(stored?.preferences ?? DEFAULT_PREFERENCES), customised: stored !== undefined },
    };
  }
}
