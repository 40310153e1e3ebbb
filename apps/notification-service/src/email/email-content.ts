import { type DueEmail, type EmailTemplate } from './email.repository';
import { type EmailContent, type NotificationLine } from './templates/render-email';

/** Payload fields that are secrets: removed from the row once the e-mail is sent. */
export const SECRET_PAYLOAD_FIELDS: Record<EmailTemplate, readonly string[]> = { password_reset: ['resetToken'], notification: [], digest: [] };

/** The payload of a password-reset e-mail as stored until it is sent. */
export interface PasswordResetPayload {
  readonly resetToken: string;
  readonly expiresAt: string;
  readonly timezone: string;
}

/** `<PUBLIC_WEB_URL>/reset-password?token=…` */
export function resetUrl(publicWebUrl: string, token: string): string {
  const url = new URL('reset-password', publicWebUrl.endsWith('/') ? publicWebUrl : `${publicWebUrl}/`);
  url.searchParams.set('token', token);
  return url.toString();
}

/** What to render from a stored row (the payload was written by this service: see the handlers). */
export function emailContent(email: DueEmail, publicWebUrl: string): EmailContent {
  switch (email.template) {
    case 'password_reset': {
      const payload = email.payload as unknown as PasswordResetPayload;
      return { template: 'password_reset', resetUrl: resetUrl(publicWebUrl, payload.resetToken), expiresAt: payload.expiresAt, timezone: payload.timezone };
    }
    case 'notification':
      return { template: 'notification', line: email.payload as unknown as NotificationLine };
    case 'digest':
      return { template: 'digest', lines: (email.payload as unknown as { lines: NotificationLine[] }).lines };
  }
}
