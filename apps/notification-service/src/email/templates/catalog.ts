import { type NotificationKind } from '@taskhub/contracts';

/** The locales e-mails are written in; any other locale falls back to the first. */
export const EMAIL_LOCALES = ['en', 'de'] as const;
export type EmailLocale = (typeof EMAIL_LOCALES)[number];

/** One e-mail's source: Handlebars templates of the subject, the HTML part (escaped) and the plain-text part. */
export interface MessageSource {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

export interface LocaleTemplates {
  readonly passwordReset: MessageSource;
  readonly notification: MessageSource;
  readonly digest: MessageSource;
  /** the one-line description of a notification, in the notification e-mail and in each digest entry */
  readonly lines: Record<NotificationKind, string>;
}

const en: LocaleTemplates = {
  passwordReset: {
    subject: 'Reset your TaskHub password',
    html: `<p>Someone (hopefully you) asked to reset the password of your TaskHub account.</p>
<p><a href="{{resetUrl}}">Choose a new password</a> before {{expiresAt}}. The link works once.</p>
<p>If you did not ask for this, ignore this e-mail: your password stays as it is.</p>`,
    text: `Someone (hopefully you) asked to reset the password of your TaskHub account.

Choose a new password before {{expiresAt}} (the link works once):
{{resetUrl}}

If you did not ask for this, ignore this e-mail: your password stays as it is.`,
  },
  notification: {
    subject: '[TaskHub] {{line}}',
    html: `<p>{{line}}</p>{{#if url}}<p><a href="{{url}}">Open in TaskHub</a></p>{{/if}}`,
    text: `{{line}}
{{#if url}}
{{url}}
{{/if}}`,
  },
  digest: {
    subject: '[TaskHub] Your daily digest: {{count}} notifications',
    html: `<p>What happened since your last digest:</p><ul>{{#each lines}}<li>{{this}}</li>{{/each}}</ul>`,
    text: `What happened since your last digest:
{{#each lines}}
- {{this}}
{{/each}}`,
  },
  lines: {
    'task.assigned': '{{actor}} assigned you to {{taskKey}} "{{title}}"',
    'task.status_changed': '{{actor}} moved {{taskKey}} "{{title}}" to {{status}}',
    'comment.added': '{{actor}} mentioned you on {{taskKey}} "{{title}}": {{excerpt}}',
    'task.due_soon': '{{taskKey}} "{{title}}" is due soon',
    'project.member_added': '{{actor}} added you to the project {{project}}',
  },
};

const de: LocaleTemplates = {
  passwordReset: {
    subject: 'Setze dein TaskHub-Passwort zurück',
    html: `<p>Jemand (hoffentlich du) möchte das Passwort deines TaskHub-Kontos zurücksetzen.</p>
<p><a href="{{resetUrl}}">Wähle ein neues Passwort</a> bis {{expiresAt}}. Der Link funktioniert einmal.</p>
<p>Wenn du das nicht warst, ignoriere diese E-Mail: dein Passwort bleibt unverändert.</p>`,
    text: `Jemand (hoffentlich du) möchte das Passwort deines TaskHub-Kontos zurücksetzen.

Wähle ein neues Passwort bis {{expiresAt}} (der Link funktioniert einmal):
{{resetUrl}}

Wenn du das nicht warst, ignoriere diese E-Mail: dein Passwort bleibt unverändert.`,
  },
  notification: {
    subject: '[TaskHub] {{line}}',
    html: `<p>{{line}}</p>{{#if url}}<p><a href="{{url}}">In TaskHub öffnen</a></p>{{/if}}`,
    text: `{{line}}
{{#if url}}
{{url}}
{{/if}}`,
  },
  digest: {
    subject: '[TaskHub] Deine tägliche Zusammenfassung: {{count}} Benachrichtigungen',
    html: `<p>Was seit deiner letzten Zusammenfassung geschehen ist:</p><ul>{{#each lines}}<li>{{this}}</li>{{/each}}</ul>`,
    text: `Was seit deiner letzten Zusammenfassung geschehen ist:
{{#each lines}}
- {{this}}
{{/each}}`,
  },
  lines: {
    'task.assigned': '{{actor}} hat dir {{taskKey}} „{{title}}“ zugewiesen',
    'task.status_changed': '{{actor}} hat {{taskKey}} „{{title}}“ auf {{status}} gesetzt',
    'comment.added': '{{actor}} hat dich in {{taskKey}} „{{title}}“ erwähnt: {{excerpt}}',
    'task.due_soon': '{{taskKey}} „{{title}}“ ist bald fällig',
    'project.member_added': '{{actor}} hat dich zum Projekt {{project}} hinzugefügt',
  },
};

export const TEMPLATES: Record<EmailLocale, LocaleTemplates> = { en, de };

/** `de-AT` → `de`; anything without templates → `en`. */
export function emailLocale(locale: string | null | undefined): EmailLocale {
  const language = (locale ?? '').toLowerCase().split(/[-_]/)[0];
  return (EMAIL_LOCALES as readonly string[]).includes(language) ? (language as EmailLocale) : 'en';
}
