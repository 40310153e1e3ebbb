import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module';
import { TaskWatchModule } from '../task-watch/task-watch.module';
import { Clock } from './clock';
import { EmailPeopleRepository } from './email-people.repository';
import { EmailRepository } from './email.repository';
import { EmailEventHandlers } from './messaging/email-events.handlers';
import { EmailDigestJob } from './sending/email-digest.job';
import { NotificationEmails } from './notification-emails';
import { EmailMetrics } from './sending/email-metrics';
import { EmailSender } from './sending/email-sender';
import { MailTransport } from './sending/mail-transport';

/** E-mail: scheduling from events (queue notification.email), the sender, the digest and clean-up job. */
@Module({
  imports: [PeopleModule, TaskWatchModule],
  providers: [NotificationEmails, Clock, EmailRepository, EmailPeopleRepository, EmailMetrics, MailTransport, EmailSender, EmailDigestJob, EmailEventHandlers],
  exports: [EmailSender],
})
export class EmailModule {}
