import { Injectable } from '@nestjs/common';
import { afterCommit } from '@taskhub/platform-database';
import { type EntityManager } from 'typeorm';
import { draftNotification, type NotifiableEvent, type NotificationDraft } from '../notifications/recipients';
import { PersonRepository } from '../people/person.repository';
import { Clock } from './clock';
import { EmailPeopleRepository } from './email-people.repository';
import { EmailRepository } from './email.repository';
import { planNotificationEmail } from './schedule/delivery-plan';
import { EmailSender } from './sending/email-sender';
import { type NotificationLine } from './templates/render-email';

/** What a notification e-mail says: the draft's subject with the actor's name (user content: escaped in the HTML). */
function lineOf(draft: NotificationDraft, actor: string | undefined): NotificationLine {
  const { subject } = draft;
  return {
    kind: draft.kind,
    actor: actor ?? 'Someone',
    taskKey: subject.taskKey ?? undefined,
    title: subject.taskTitle ?? undefined,
    status: subject.statusTo ?? undefined,
    excerpt: subject.excerpt ?? undefined,
    project: subject.projectName ?? undefined,
  };
}

/**
 * Turns a task event into notification e-mails: n-core's recipients rule (actor excluded), then those recipients who
 * are not disabled, have an address, and want e-mail for the kind; each e-mail is queued, or held for quiet hours or
 * the digest (planNotificationEmail), once per (event, user).
 */
@Injectable()
export class NotificationEmails {
  constructor(
    private readonly emails: EmailRepository,
    private readonly people: PersonRepository,
    private readonly timing: EmailPeopleRepository,
    private readonly sender: EmailSender,
    private readonly clock: Clock,
  ) {}

  async schedule(manager: EntityManager, eventId: string, event: NotifiableEvent): Promise<void> {
    const draft = draftNotification(event);
    if (draft.recipients.length === 0) return;
    const known = await this.people.byIds(manager, draft.actorId ? [...draft.recipients, draft.actorId] : draft.recipients);
    const kinds = await this.people.kindsOf(manager, draft.recipients);
    const timings = await this.timing.timings(manager, draft.recipients);
    const line = lineOf(draft, (draft.actorId && known.get(draft.actorId)?.displayName) || undefined);
    const now = this.clock.now();
    let queued = false;
    for (const userId of draft.recipients) {
      const person = known.get(userId);
      if (!person?.email || person.disabled || !kinds.get(userId)?.[draft.kind].email) continue;
      const timezone = person.timezone ?? 'UTC';
      const plan = planNotificationEmail(now, { timezone, ...timings.get(userId)! });
      const email = { eventId, userId, template: 'notification' as const, toAddress: person.email, locale: person.locale ?? 'en', payload: line, plan };
      if ((await this.emails.schedule(manager, email, now)) && plan.status === 'queued') queued = true;
    }
    if (queued) afterCommit(manager, () => this.sender.wake());
  }
}
