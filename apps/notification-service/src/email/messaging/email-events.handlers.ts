import { Injectable } from '@nestjs/common';
import {
  AUTH_PASSWORD_RESET_REQUESTED_V1,
  AUTH_USER_EMAIL_CHANGE_REQUESTED_V1,
  AUTH_USER_REGISTRATION_ATTEMPTED_V1,
  AUTH_USER_VERIFICATION_REQUESTED_V1,
  type AuthPasswordResetRequestedV1,
  type AuthUserEmailChangeRequestedV1,
  type AuthUserRegistrationAttemptedV1,
  type AuthUserVerificationRequestedV1,
  TASK_COMMENT_ADDED_V1,
  TASK_PROJECT_MEMBER_ADDED_V1,
  TASK_TASK_ASSIGNED_V1,
  TASK_TASK_DUE_SOON_V1,
  TASK_TASK_STATUS_CHANGED_V1,
  type TaskCommentAddedV1,
  type TaskProjectMemberAddedV1,
  type TaskTaskAssignedV1,
  type TaskTaskDueSoonV1,
  type TaskTaskStatusChangedV1,
} from '@taskhub/contracts';
import { afterCommit } from '@taskhub/platform-database';
import { type EventContext, HandleEvent } from '@taskhub/platform-messaging';
import { type EntityManager } from 'typeorm';
import { Clock } from '../clock';
import { EmailPeopleRepository } from '../email-people.repository';
import { type EmailChangeConfirmPayload, type EmailChangeNoticePayload, type EmailVerificationPayload, type PasswordResetPayload } from '../email-content';
import { EmailRepository, type EmailTemplate } from '../email.repository';
import { NotificationEmails } from '../notification-emails';
import { EmailSender } from '../sending/email-sender';
import { TaskWatchRepository } from '../../task-watch/task-watch.repository';

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
    private readonly notifications: NotificationEmails,
    private readonly watch: TaskWatchRepository,
  ) {}

  /** The reset link goes at once (never held by quiet hours or the digest); the token leaves the row once sent. */
  @HandleEvent(AUTH_PASSWORD_RESET_REQUESTED_V1)
  async passwordReset(data: AuthPasswordResetRequestedV1, { manager, envelope }: EventContext<AuthPasswordResetRequestedV1>): Promise<void> {
    const { locale, timezone } = await this.people.mailLocale(manager, data.userId);
    const payload: PasswordResetPayload = { resetToken: data.resetToken, expiresAt: data.expiresAt, timezone };
    await this.sendNow(manager, { eventId: envelope.id, userId: data.userId, template: 'password_reset', toAddress: data.email, locale, payload });
  }

  /** The verification link, at once; the token leaves the row once sent. */
  @HandleEvent(AUTH_USER_VERIFICATION_REQUESTED_V1)
  async verificationRequested(data: AuthUserVerificationRequestedV1, { manager, envelope }: EventContext<AuthUserVerificationRequestedV1>): Promise<void> {
    const { locale, timezone } = await this.people.mailLocale(manager, data.userId);
    const payload: EmailVerificationPayload = { verificationToken: data.verificationToken, expiresAt: data.expiresAt, timezone };
    await this.sendNow(manager, { eventId: envelope.id, userId: data.userId, template: 'email_verification', toAddress: data.email, locale, payload });
  }

  /** "Someone tried to register with your address", to its owner, at once. */
  @HandleEvent(AUTH_USER_REGISTRATION_ATTEMPTED_V1)
  async registrationAttempted(data: AuthUserRegistrationAttemptedV1, { manager, envelope }: EventContext<AuthUserRegistrationAttemptedV1>): Promise<void> {
    const { locale } = await this.people.mailLocale(manager, data.userId);
    await this.sendNow(manager, { eventId: envelope.id, userId: data.userId, template: 'registration_attempt', toAddress: data.email, locale, payload: {} });
  }

  /** Two e-mails at once: the confirmation link to the new address, the notice with the cancel link to the current one. */
  @HandleEvent(AUTH_USER_EMAIL_CHANGE_REQUESTED_V1)
  async emailChangeRequested(data: AuthUserEmailChangeRequestedV1, { manager, envelope }: EventContext<AuthUserEmailChangeRequestedV1>): Promise<void> {
    const { locale, timezone } = await this.people.mailLocale(manager, data.userId);
    const common = { eventId: envelope.id, userId: data.userId, locale };
    const confirm: EmailChangeConfirmPayload = { confirmToken: data.confirmToken, newEmail: data.newEmail, expiresAt: data.expiresAt, timezone };
    const notice: EmailChangeNoticePayload = { cancelToken: data.cancelToken, newEmail: data.newEmail, expiresAt: data.expiresAt, timezone };
    await this.sendNow(manager, { ...common, template: 'email_change_confirm', toAddress: data.newEmail, payload: confirm });
    await this.sendNow(manager, { ...common, template: 'email_change_notice', toAddress: data.currentEmail, payload: notice });
  }

  /** An account e-mail: queued at once (never held by quiet hours or the digest); the sender is woken after the commit. */
  private async sendNow(manager: EntityManager, email: { eventId: string; userId: string; template: EmailTemplate; toAddress: string; locale: string; payload: object }): Promise<void> {
    if (await this.emails.schedule(manager, { ...email, plan: { status: 'queued' } }, this.clock.now())) afterCommit(manager, () => this.sender.wake());
  }

  @HandleEvent(TASK_TASK_ASSIGNED_V1)
  assigned(data: TaskTaskAssignedV1, { manager, envelope }: EventContext<TaskTaskAssignedV1>): Promise<void> {
    return this.notifications.schedule(manager, envelope.id, { type: 'task.task.assigned', data });
  }

  /** the task's watchers come from the read model of tasks (fed on notification.inbox; unknown task: nobody) */
  @HandleEvent(TASK_TASK_STATUS_CHANGED_V1)
  async statusChanged(data: TaskTaskStatusChangedV1, { manager, envelope }: EventContext<TaskTaskStatusChangedV1>): Promise<void> {
    const task = await this.watch.watchers(manager, data.taskId);
    await this.notifications.schedule(manager, envelope.id, { type: 'task.task.status_changed', data, task });
  }

  @HandleEvent(TASK_COMMENT_ADDED_V1)
  async commentAdded(data: TaskCommentAddedV1, { manager, envelope }: EventContext<TaskCommentAddedV1>): Promise<void> {
    const task = await this.watch.watchers(manager, data.taskId);
    await this.notifications.schedule(manager, envelope.id, { type: 'task.comment.added', data, task });
  }

  @HandleEvent(TASK_TASK_DUE_SOON_V1)
  dueSoon(data: TaskTaskDueSoonV1, { manager, envelope }: EventContext<TaskTaskDueSoonV1>): Promise<void> {
    return this.notifications.schedule(manager, envelope.id, { type: 'task.task.due_soon', data });
  }

  @HandleEvent(TASK_PROJECT_MEMBER_ADDED_V1)
  memberAdded(data: TaskProjectMemberAddedV1, { manager, envelope }: EventContext<TaskProjectMemberAddedV1>): Promise<void> {
    return this.notifications.schedule(manager, envelope.id, { type: 'task.project.member_added', data });
  }
}
