import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { runsWorkers } from '@taskhub/platform-config';
import { DataSource } from 'typeorm';
import { NotificationServiceConfig } from '../../config/notification.config';
import { Clock } from '../clock';
import { type DueEmail, EmailRepository } from '../email.repository';
import { emailContent, SECRET_PAYLOAD_FIELDS } from '../email-content';
import { emailLocale } from '../templates/catalog';
import { renderEmail } from '../templates/render-email';
import { EmailMetrics } from './email-metrics';
import { BREAKER_OPEN, MailTransport } from './mail-transport';
import { retryDelayMs, type RetryPolicy, shouldPark } from './retry-policy';

/**
 * Sends due e-mails (default priority): every EMAIL_POLL_INTERVAL_MS, and at once when woken after a commit that
 * queued one. Each round claims a batch with a lease (several instances send each e-mail once), sends it through the
 * breaker, and records sent / retry at a backed-off time / parked. Nothing is dropped. Runs in the worker processes
 * (PROCESS_ROLE=worker or all); an api process only queues e-mails, and a worker's next poll finds them.
 */
@Injectable()
export class EmailSender implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EmailSender.name);
  private readonly policy: RetryPolicy;
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private again = false;
  /** runs only in a process with workers (PROCESS_ROLE all or worker); elsewhere wake() does nothing */
  private stopped = true;

  constructor(
    private readonly config: NotificationServiceConfig,
    private readonly dataSource: DataSource,
    private readonly emails: EmailRepository,
    private readonly transport: MailTransport,
    private readonly metrics: EmailMetrics,
    private readonly clock: Clock,
  ) {
    this.policy = { maxAttempts: config.emailMaxAttempts, baseMs: config.emailRetryBaseMs, maxMs: config.emailRetryMaxMs, parkAfterMs: config.emailParkAfterMs };
  }

  onApplicationBootstrap(): void {
    if (!runsWorkers(this.config)) return; // PROCESS_ROLE=api: the workers send
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), this.config.emailPollIntervalMs);
    this.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Look for due e-mails now (one round at a time; a wake during a round runs another after it). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (!this.stopped && !this.transport.open && (await this.round()) === this.config.emailBatchSize);
    } catch (error) {
      this.logger.error(`e-mail round failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Claims a batch, then sends it one e-mail after another. A lease covers one send (three SMTP timeouts: connect,
   * greeting, socket), so each e-mail after the first is leased again just before it is sent; one whose claim ran out
   * meanwhile, and which another instance has claimed, is left to that instance (each e-mail is sent once).
   */
  private async round(): Promise<number> {
    const now = this.clock.now();
    const lease = this.leaseFrom(now);
    const due = await this.emails.claimDue(this.dataSource.manager, now, lease, this.config.emailBatchSize);
    for (const [index, email] of due.entries()) {
      if (index > 0 && !(await this.emails.renewLease(this.dataSource.manager, email.id, lease, this.leaseFrom(this.clock.now())))) {
        this.logger.debug(`e-mail ${email.id}: its claim ran out and another instance took it; not sent here`);
        continue;
      }
      await this.send(email);
    }
    return due.length;
  }

  private leaseFrom(now: Date): Date {
    return new Date(now.getTime() + 3 * this.config.emailSmtpTimeoutMs);
  }

  private async send(email: DueEmail): Promise<void> {
    try {
      // rendering inside the try: a row that cannot be rendered fails, is retried and parked like an SMTP failure
      const message = renderEmail(emailContent(email, this.config.publicWebUrl), emailLocale(email.locale));
      await this.transport.send({ from: this.config.mailFrom, to: email.toAddress, messageId: `<${email.id}@taskhub>`, ...message });
    } catch (error) {
      await this.failed(email, error);
      return;
    }
    await this.emails.markSent(this.dataSource.manager, email.id, this.clock.now(), SECRET_PAYLOAD_FIELDS[email.template]);
    this.metrics.count(email.template, 'sent');
  }

  private async failed(email: DueEmail, error: unknown): Promise<void> {
    const now = this.clock.now();
    const notTried = (error as { code?: string }).code === BREAKER_OPEN;
    const attempts = notTried ? email.attempts : email.attempts + 1;
    const park = shouldPark(this.policy, attempts, email.firstAttemptAt, now);
    const delay = notTried ? this.config.emailBreakerResetMs : retryDelayMs(this.policy, attempts);
    const message = error instanceof Error ? error.message : String(error);
    await this.emails.markFailed(this.dataSource.manager, email.id, { attempts, error: message, retryAt: park ? null : new Date(now.getTime() + delay) });
    if (!notTried) this.metrics.count(email.template, 'failed');
    if (park) {
      this.metrics.count(email.template, 'parked');
      this.logger.warn(`e-mail ${email.id} parked after ${attempts} attempts: ${message} (replay: notification-admin emails replay)`);
    }
  }
}
