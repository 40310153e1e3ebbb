import { Injectable } from '@nestjs/common';
import { AUTH_PASSWORD_RESET_REQUESTED_V1, type AuthPasswordResetRequestedV1 } from '@taskhub/contracts';
import { afterCommit } from '@taskhub/platform-database';
import { type EventContext, HandleEvent } from '@taskhub/platform-messaging';
import { Clock } from '../clock';
import { EmailPeopleRepository } from '../email-people.repository';
import { type PasswordResetPayload } from '../email-content';
import { EmailRepository } from '../email.repository';
import { EmailSender } from '../sending/email-sender';

/**
 * Queue `notification.email` (default priority, its own prefetch): the events that become e-mails. Each schedules
 * rows in the `email` table in the event's transaction (the inbox makes the event count once, the table's key makes
 * each e-mail once) and wakes the sender after the commit.
 */
@Injectable()
export class EmailEventHandlers {
  constructor(
    private readonly emails: EmailRepository,
    private readonly people: EmailPeopleRepository,
    private readonly sender: EmailSender,
    private readonly clock: Clock,
  ) {}

  /** The reset link goes at once (never held by quiet hours or the digest); the token leaves the row once sent. */
  @HandleEvent(AUTH_PASSWORD_RESET_REQUESTED_V1)
  async passwordReset(data: AuthPasswordResetRequestedV1, { manager, envelope }: EventContext<AuthPasswordResetRequestedV1>): Promise<void> {
    const { locale, timezone } = await this.people.mailLocale(manager, data.userId);
    const payload: PasswordResetPayload = { resetToken: data.resetToken, expiresAt: data.expiresAt, timezone };
    const email = { eventId: envelope.id, userId: data.userId, template: 'password_reset' as const, toAddress: data.email, locale, payload, plan: { status: 'queued' as const } };
    if (await this.emails.schedule(manager, email, this.clock.now())) afterCommit(manager, () => this.sender.wake());
  }
}
