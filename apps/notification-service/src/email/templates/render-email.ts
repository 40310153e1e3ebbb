import { type NotificationKind } from '@taskhub/contracts';
import Handlebars from 'handlebars';
import { DateTime } from 'luxon';
import { type EmailLocale, type MessageSource, TEMPLATES } from './catalog';

/** What one notification says (from the event and the read models); user content, escaped in the HTML part. */
export interface NotificationLine {
  readonly kind: NotificationKind;
  readonly actor?: string;
  readonly taskKey?: string;
  readonly title?: string;
  readonly status?: string;
  readonly excerpt?: string;
  readonly project?: string;
  readonly url?: string;
}

/** The template of an e-mail and its data, as the `email` row keeps it (`template`, `payload`). */
export type EmailContent =
  | { readonly template: 'password_reset'; readonly resetUrl: string; readonly expiresAt: string; readonly timezone: string }
  | { readonly template: 'email_verification'; readonly url: string; readonly expiresAt: string; readonly timezone: string }
  | { readonly template: 'registration_attempt'; readonly loginUrl: string; readonly forgotUrl: string }
  | { readonly template: 'email_change_confirm' | 'email_change_notice'; readonly url: string; readonly newEmail: string; readonly expiresAt: string; readonly timezone: string }
  | { readonly template: 'notification'; readonly line: NotificationLine }
  | { readonly template: 'digest'; readonly lines: readonly NotificationLine[] };

export interface RenderedEmail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

// One Handlebars environment of our own (no global helpers). HTML parts escape every {{value}}; subjects and text
// parts are not HTML, so they are compiled with noEscape (a title "<b>" reads as "<b>" there, not "&lt;b&gt;").
const handlebars = Handlebars.create();
const compiled = new Map<string, Handlebars.TemplateDelegate>();
function compile(source: string, escape: boolean): Handlebars.TemplateDelegate {
  const key = `${escape ? 'h' : 't'}:${source}`;
  let template = compiled.get(key);
  if (!template) {
    template = handlebars.compile(source, { noEscape: !escape, strict: false });
    compiled.set(key, template);
  }
  return template;
}

function render(source: MessageSource, data: object): RenderedEmail {
  return { subject: compile(source.subject, false)(data), html: compile(source.html, true)(data), text: compile(source.text, false)(data) };
}

/** The notification as one line of plain text (escaped once, where the HTML template inserts it). */
export function notificationLine(locale: EmailLocale, line: NotificationLine): string {
  return compile(TEMPLATES[locale].lines[line.kind], false)(line);
}

/** A link's expiry as the recipient reads it: their time zone, their locale. */
function localTime(content: { readonly expiresAt: string; readonly timezone: string }, locale: EmailLocale): string {
  return DateTime.fromISO(content.expiresAt, { zone: content.timezone }).setLocale(locale).toLocaleString(DateTime.DATETIME_MED);
}

/** Subject, HTML and plain-text part of an e-mail in `locale`. */
export function renderEmail(content: EmailContent, locale: EmailLocale): RenderedEmail {
  const templates = TEMPLATES[locale];
  switch (content.template) {
    case 'password_reset':
      return render(templates.passwordReset, { resetUrl: content.resetUrl, expiresAt: localTime(content, locale) });
    case 'email_verification':
      return render(templates.emailVerification, { url: content.url, expiresAt: localTime(content, locale) });
    case 'registration_attempt':
      return render(templates.registrationAttempt, content);
    case 'email_change_confirm':
      return render(templates.emailChangeConfirm, { url: content.url, newEmail: content.newEmail, expiresAt: localTime(content, locale) });
    case 'email_change_notice':
      return render(templates.emailChangeNotice, { url: content.url, newEmail: content.newEmail, expiresAt: localTime(content, locale) });
    case 'notification':
      return render(templates.notification, { line: notificationLine(locale, content.line), url: content.line.url });
    case 'digest':
      return render(templates.digest, { count: content.lines.length, lines: content.lines.map((line) => notificationLine(locale, line)) });
  }
}
