import { Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@taskhub/platform-metrics';
import { Counter } from 'prom-client';
import { EMAIL_TEMPLATES } from '../email.repository';

export type EmailOutcome = 'sent' | 'failed' | 'parked';

/** `notification_emails_total{template, outcome}`: sent, failed (each failed attempt) and parked e-mails. */
@Injectable()
export class EmailMetrics {
  private readonly emails: Counter<'template' | 'outcome'>;

  constructor(metrics: ServiceMetrics) {
    this.emails = new Counter({
      name: 'notification_emails_total',
      help: 'E-mails sent, failed attempts and e-mails parked, by template',
      labelNames: ['template', 'outcome'],
      registers: [metrics.registry],
    });
    for (const template of EMAIL_TEMPLATES)
      for (const outcome of ['sent', 'failed', 'parked'] as const) this.emails.inc({ template, outcome }, 0);
  }

  count(template: string, outcome: EmailOutcome): void {
    this.emails.inc({ template, outcome });
  }
}
