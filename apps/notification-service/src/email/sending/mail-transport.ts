import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type SendMailOptions, type Transporter } from 'nodemailer';
import CircuitBreaker from 'opossum';
import { NotificationServiceConfig } from '../../config/notification.config';

/** opossum's error when the breaker is open: the send was not tried (no attempt is counted for it). */
export const BREAKER_OPEN = 'EOPENBREAKER';

/**
 * SMTP through nodemailer (SMTP_URL), behind an opossum circuit breaker: after repeated failures the breaker opens and
 * the sender stops trying for EMAIL_BREAKER_RESET_MS, then one trial send closes it again or keeps it open.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly logger = new Logger(MailTransport.name);
  private readonly transporter: Transporter;
  private readonly breaker: CircuitBreaker<[SendMailOptions], unknown>;

  constructor(config: NotificationServiceConfig) {
    const timeout = config.emailSmtpTimeoutMs;
    this.transporter = createTransport({ url: config.smtpUrl, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
    this.breaker = new CircuitBreaker((message: SendMailOptions) => this.transporter.sendMail(message), {
      timeout: false, // nodemailer's own timeouts bound each exchange
      resetTimeout: config.emailBreakerResetMs,
      errorThresholdPercentage: 50,
      volumeThreshold: 3,
    });
    this.breaker.on('open', () => this.logger.warn(`SMTP circuit open: sending paused for ${config.emailBreakerResetMs} ms`));
    this.breaker.on('close', () => this.logger.log('SMTP circuit closed: sending again'));
  }

  /** true while the breaker refuses sends (a trial is let through once it is half-open) */
  get open(): boolean {
    return this.breaker.opened;
  }

  /** Sends one message; rejects with the SMTP error, or with code EOPENBREAKER when the breaker is open. */
  async send(message: SendMailOptions): Promise<void> {
    await this.breaker.fire(message);
  }

  onApplicationShutdown(): void {
    this.breaker.shutdown();
    this.transporter.close();
  }
}
