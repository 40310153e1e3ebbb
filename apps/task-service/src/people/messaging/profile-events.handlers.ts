import { Injectable } from '@nestjs/common';
import { USER_PROFILE_CREATED_V1, USER_PROFILE_UPDATED_V1, type UserProfileCreatedV1, type UserProfileUpdatedV1 } from '@taskhub/contracts';
import { type EventContext, HandleEvent } from '@taskhub/platform-messaging';
import { ProjectGenerations } from '../../caching/project-generations';
import { PersonRepository } from '../person.repository';

/** Queue `task.people`: the user service's profile events, kept as the local read model of people. */
@Injectable()
export class ProfileEventHandlers {
  constructor(
    private readonly people: PersonRepository,
    private readonly generations: ProjectGenerations,
  ) {}

  @HandleEvent(USER_PROFILE_CREATED_V1)
  created(data: UserProfileCreatedV1, { manager }: EventContext<UserProfileCreatedV1>): Promise<void> {
    return this.people.upsertNewer(manager, data);
  }

  /** A new display name shows in the lists of the person's projects (assignees): their cached pages are retired. */
  @HandleEvent(USER_PROFILE_UPDATED_V1)
  async updated(data: UserProfileUpdatedV1, { manager }: EventContext<UserProfileUpdatedV1>): Promise<void> {
    await this.people.upsertNewer(manager, data);
    if (!data.changed.includes('displayName')) return;
    const projectIds = await this.people.projectIds(manager, data.userId);
    if (projectIds.length > 0) this.generations.bumpAfterCommit(manager, ...projectIds);
  }
}
