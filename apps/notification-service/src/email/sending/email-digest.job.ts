import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { errorMessage, PeriodicJob } from '@taskhub/platform-health';
import { runsWorkers } from '@taskhub/platform-config';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { NotificationServiceConfig } from '../../config/notification.config';
import { Clock } from '../clock';
import { EmailRepository, type HeldForDigest } from '../email.repository';
import { EmailSender } from './email-sender';

/** Held e-mails turned into digests per round, and sent e-mails deleted per round: small, so the round stays short. */
const DIGEST_BATCH = 200;
const PURGE_BATCH = 500;
const DAY_MS = 24 * 3600_000;

/**
 * The low-priority side of e-mail, on its own timer (EMAIL_DIGEST_INTERVAL_MS), apart from the sender: e-mails held
 * for a digest that is due become ONE digest e-mail per user, and sent e-mails older than EMAIL_RETENTION_DAYS are
 * deleted. Rows are locked with SKIP LOCKED, so instances share the work and a held e-mail is in one digest only.
 */
@Injectable()
export class EmailDigestJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EmailDigestJob.name);
  private readonly job: PeriodicJob;

  constructor(
    private readonly config: NotificationServiceConfig,
    private readonly dataSource: DataSource,
    private readonly emails: EmailRepository,
    private readonly sender: EmailSender,
    private readonly clock: Clock,
  ) {
    this.job = new PeriodicJob(() => this.run(), {
      intervalMs: config.emailDigestIntervalMs,
      onError: (error) => this.logger.error(`digest round failed: ${errorMessage(error)}`),
    });
  }

  onApplicationBootstrap(): void {
    if (runsWorkers(this.config)) this.job.start(); // PROCESS_ROLE=api: the workers make the digests
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** One round: the digests due, then the clean-up. */
  async run(): Promise<void> {
    const now = this.clock.now();
    const digests = await this.dataSource.transaction((manager) => this.digest(manager, now));
    if (digests > 0) this.sender.wake();
    await this.emails.purgeSent(this.dataSource.manager, new Date(now.getTime() - this.config.emailRetentionDays * DAY_MS), PURGE_BATCH);
  }

  private async digest(manager: EntityManager, now: Date): Promise<number> {
    const held = await this.emails.heldForDigest(manager, now, DIGEST_BATCH);
    const byUser = new Map<string, HeldForDigest[]>();
    for (const email of held) byUser.set(email.userId, [...(byUser.get(email.userId) ?? []), email]);
    for (const [userId, emails] of byUser) {
      const latest = emails[emails.length - 1];
      const digestId = uuidv7();
      const payload = { lines: emails.map((email) => email.payload) };
      await this.emails.schedule(manager, { eventId: digestId, userId, template: 'digest', toAddress: latest.toAddress, locale: latest.locale, payload, plan: { status: 'queued' } }, now);
      await this.emails.markDigested(manager, emails.map((email) => email.id), digestId, now);
    }
    return byUser.size;
  }
}
