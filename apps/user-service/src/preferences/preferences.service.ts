import { isDeepStrictEqual } from 'node:util';
import { Injectable } from '@nestjs/common';
import { USER_PREFERENCES_UPDATED_V1 } from '@taskhub/contracts';
import { RequestValidationException } from '@taskhub/platform-errors';
import { writeToOutbox } from '@taskhub/platform-messaging';
import { DataSource } from 'typeorm';
import { type PreferencesDto } from './dto/preferences.dto';
import { completeKinds, DEFAULT_PREFERENCES, type Preferences } from './preferences';
import { PreferencesRepository } from './preferences.repository';

/** A user's notification preferences: defaults until they set them; every change goes out as an event. */
@Injectable()
export class PreferencesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly preferences: PreferencesRepository,
  ) {}

  async get(userId: string): Promise<Preferences> {
    return (await this.preferences.byUser(this.dataSource.manager, userId))?.preferences ?? DEFAULT_PREFERENCES;
  }

  /** Replaces the set (a kind left out takes its default); user.preferences.updated.v1 carries the whole new set. */
  async replace(userId: string, input: PreferencesDto): Promise<Preferences> {
    const next: Preferences = {
      kinds: completeKinds(input.kinds),
      digest: { enabled: input.digest.enabled, hour: input.digest.hour },
      quietHours: input.quietHours === null ? null : { start: input.quietHours.start, end: input.quietHours.end },
    };
    if (next.quietHours && next.quietHours.start === next.quietHours.end) {
      throw new RequestValidationException([{ field: 'quietHours', constraints: { quietHoursSpan: 'quietHours.start and quietHours.end must differ' } }]);
    }
    return this.dataSource.transaction(async (manager) => {
      const current = await this.preferences.byUser(manager, userId, true);
      if (current && isDeepStrictEqual(current.preferences, next)) return next;
      const version = await this.preferences.save(manager, userId, next);
      await writeToOutbox(manager, USER_PREFERENCES_UPDATED_V1, { userId, version, ...next });
      return next;
    });
  }
}
