import { Injectable } from '@nestjs/common';
import { type EventEnvelope } from '@taskhub/contracts';
import { afterCommit } from '@taskhub/platform-database';
import { type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { draftNotification, type NotifiableEvent, withoutPeople } from '../../notifications/recipients';
import { PersonRepository } from '../../people/person.repository';
import { WebhookRepository } from '../webhook.repository';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookSender } from './webhook-sender';

/** The JSON body of a delivery (docs/webhooks.md): the event's contract data under `data`. */
export interface WebhookPayload {
  /** the delivery id (also TaskHub-Delivery) */
  readonly id: string;
  /** the preference kind, e.g. task.assigned (also TaskHub-Event) */
  readonly type: string;
  readonly eventId: string;
  readonly occurredAt: string;
  readonly webhookId: string;
  readonly projectId: string;
  readonly actorId: string | null;
  readonly data: object;
}

/**
 * Turns one event into deliveries, in the consumer's transaction: a user's webhook gets the kinds it lists that
 * notify its owner (recipients.ts: the actor and disabled people left out) when the owner's preference for the kind
 * has its webhook channel on; a project's webhook gets the kinds it lists of its project. Keyed by (event id,
 * webhook id): a duplicated event makes no second delivery. The sender is woken after the commit.
 */
@Injectable()
export class WebhookFanout {
  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly people: PersonRepository,
    private readonly sender: WebhookSender,
  ) {}

  async fanOut(manager: EntityManager, event: NotifiableEvent, envelope: EventEnvelope<object>): Promise<number> {
    const draft = draftNotification(event);
    const known = await this.people.byIds(manager, draft.recipients);
    const disabled = new Set([...known.values()].filter((p) => p.disabled).map((p) => p.id));
    const recipients = withoutPeople(draft, disabled).recipients;
    const kinds = await this.people.kindsOf(manager, recipients);
    const owners = recipients.filter((id) => kinds.get(id)?.[draft.kind].webhook === true);
    const targets = await this.webhooks.matching(manager, { kind: draft.kind, owners, projectId: draft.projectId });
    let created = 0;
    for (const target of targets) {
      const id = uuidv7();
      const payload: WebhookPayload = {
        id,
        type: draft.kind,
        eventId: envelope.id,
        occurredAt: envelope.occurredAt,
        webhookId: target.id,
        projectId: draft.projectId,
        actorId: draft.actorId,
        data: event.data,
      };
      const body = JSON.stringify(payload);
      if (await this.deliveries.insertIfAbsent(manager, { id, webhookId: target.id, eventId: envelope.id, eventType: draft.kind, body })) created += 1;
    }
    if (created > 0) afterCommit(manager, () => this.sender.wake());
    return created;
  }
}
