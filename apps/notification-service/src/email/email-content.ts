import { type DueEmail, type EmailTemplate } from './email.repository';
import { type EmailContent, type NotificationLine } from './templates/render-email';

/** Payload fields that are secrets (single-use link tokens): removed from the row once the e-mail is sent. */
export const SECRET_PAYLOAD_FIELDS: Record<EmailTemplate, readonly string[]> = {
  password_reset: ['resetToken'],
  email_verification: ['verificationToken'],
  registration_attempt: [],
  email_change_confirm: ['confirmToken'],
  email_change_notice: ['cancelToken'],
  notification: [],
  digest: [],
};

/** The payload of a password-reset e-mail as stored until it is sent. */
export interface PasswordResetPayload {
  readonly resetToken: string;
  readonly expiresAt: string;
  readonly timezone: string;
}

/** The payload of a verification e-mail as stored until it is sent. */
export interface EmailVerificationPayload {
  readonly verificationToken: string;
  readonly expiresAt: string;
  readonly timezone: string;
}

/** The payload of the e-mail to the new address of an e-mail change (the confirmation link). */
export interface EmailChangeConfirmPayload {
  readonly confirmToken: string;
  readonly newEmail: string;
  readonly expiresAt: string;
  readonly timezone: string;
}

/** The payload of the notice to the current address of an e-mail change (the cancel link). */
export interface EmailChangeNoticePayload {
  readonly cancelToken: string;
  readonly newEmail: string;
  readonly expiresAt: string;
  readonly timezone: string;
}

/** `<PUBLIC_WEB_URL>/<page>`, with `?token=…` when there is one. */
export function webUrl(publicWebUrl: string, page: string, token?: string): string {
  const url = new URL(page, publicWebUrl.endsWith('/') ? publicWebUrl : `${publicWebUrl}/`);
  if (token !== undefined) url.searchParams.set('token', token);
  return url.toString();
}

/** `<PUBLIC_WEB_URL>/reset-password?token=…` */
export function resetUrl(publicWebUrl: string, token: string): string {
  return webUrl(publicWebUrl, 'reset-password', token);
}

/** What to render from a stored row (the payload was written by this service: see the handlers). */
export function emailContent(email: DueEmail, publicWebUrl: string): EmailContent {
  switch (email.template) {
    case 'password_reset': {
      const payload = email.payload as unknown as PasswordResetPayload;
      return { template: 'password_reset', resetUrl: resetUrl(publicWebUrl, payload.resetToken), expiresAt: payload.expiresAt, timezone: payload.timezone };
    }
    case 'email_verification': {
      const payload = email.payload as unknown as EmailVerificationPayload;
      return { template: 'email_verification', url: webUrl(publicWebUrl, 'verify-email', payload.verificationToken), expiresAt: payload.expiresAt, timezone: payload.timezone };
    }
    case 'registration_attempt':
      return { template: 'registration_attempt', loginUrl: webUrl(publicWebUrl, 'login'), forgotUrl: webUrl(publicWebUrl, 'forgot-password') };
    case 'email_change_confirm': {
      const payload = email.payload as unknown as EmailChangeConfirmPayload;
      const url = webUrl(publicWebUrl, 'confirm-email-change', payload.confirmToken);
      return { template: 'email_change_confirm', url, newEmail: payload.newEmail, expiresAt: payload.expiresAt, timezone: payload.timezone };
    }
    case 'email_change_notice': {
      const payload = email.payload as unknown as EmailChangeNoticePayload;
      const url = webUrl(publicWebUrl, 'cancel-email-change', payload.cancelToken);
      return { template: 'email_change_notice', url, newEmail: payload.newEmail, expiresAt: payload.expiresAt, timezone: payload.timezone };
    }
    case 'notification':
      return { template: 'notification', line: email.payload as unknown as NotificationLine };
    case 'digest':
      return { template: 'digest', lines: (email.payload as unknown as { lines: NotificationLine[] }).lines };
  }
}
