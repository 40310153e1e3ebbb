import { Injectable } from '@nestjs/common';
import { afterCommit } from '@taskhub/platform-database';
import { type EntityManager } from 'typeorm';
import { NotificationServiceConfig } from '../config/notification.config';
import { channelsOf } from '../people/person';
import { PersonRepository } from '../people/person.repository';
import { type RecordedNotification } from './notification';
import { NotificationFeed } from './notification-feed';
import { NotificationRepository } from './notification.repository';
import { draftNotification, type NotifiableEvent, withoutPeople } from './recipients';

/**
 * The in-app channel of an event, in the consumer's transaction: who (recipients.ts), minus disabled people, minus
 * those whose preference for the kind says no in-app; one notification each (grouped per task), announced on the
 * live feed once the transaction has committed.
 */
@Injectable()
export class Notifier {
  constructor(
    private readonly people: PersonRepository,
    private readonly notifications: NotificationRepository,
    private readonly feed: NotificationFeed,
    private readonly config: NotificationServiceConfig,
  ) {}

  async notify(manager: EntityManager, event: NotifiableEvent, eventId: string): Promise<void> {
    const draft = draftNotification(event);
    if (draft.recipients.length === 0) return;
    const known = await this.people.byIds(manager, draft.actorId === null ? draft.recipients : [...draft.recipients, draft.actorId]);
    const disabled = new Set([...known.values()].filter((p) => p.disabled).map((p) => p.id));
    const { recipients } = withoutPeople(draft, disabled);
    const kinds = await this.people.kindsOf(manager, recipients);
    const actorName = draft.actorId === null ? null : (known.get(draft.actorId)?.displayName ?? null);
    const recorded: RecordedNotification[] = [];
    const inApp = recipients.filter((id) => channelsOf(kinds.get(id), draft.kind).inApp);
    await this.notifications.lockUsers(manager, inApp); // all at once, in id order: no deadlock between two events
    for (const userId of inApp) {
      recorded.push(await this.notifications.record(manager, { userId, draft, actorName, eventId }, this.config.groupingWindowSeconds));
    }
    if (recorded.length > 0) afterCommit(manager, () => this.feed.publish(recorded));
  }
}
