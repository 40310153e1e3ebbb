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
  /** the link that verifies a new account's address (`url`, `expiresAt`) */
  readonly emailVerification: MessageSource;
  /** to the owner of an address someone tried to register (`loginUrl`, `forgotUrl`) */
  readonly registrationAttempt: MessageSource;
  /** to the new address of an e-mail change: the confirmation link (`url`, `newEmail`, `expiresAt`) */
  readonly emailChangeConfirm: MessageSource;
  /** to the current address of an e-mail change: the notice and its cancel link (`url`, `newEmail`, `expiresAt`) */
  readonly emailChangeNotice: MessageSource;
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
  emailVerification: {
    subject: 'Verify your e-mail address for TaskHub',
    html: `<p>Welcome to TaskHub! Please confirm that this address is yours.</p>
<p><a href="{{url}}">Verify my e-mail address</a> before {{expiresAt}}. The link works once.</p>
<p>If you did not create a TaskHub account, ignore this e-mail.</p>`,
    text: `Welcome to TaskHub! Please confirm that this address is yours.

Verify your e-mail address before {{expiresAt}} (the link works once):
{{url}}

If you did not create a TaskHub account, ignore this e-mail.`,
  },
  registrationAttempt: {
    subject: 'Someone tried to register with your e-mail address',
    html: `<p>Someone (perhaps you) tried to create a TaskHub account with this e-mail address, which already has one. No new account was created.</p>
<p>If it was you: <a href="{{loginUrl}}">log in</a>, or <a href="{{forgotUrl}}">reset your password</a> if you have forgotten it.</p>
<p>If it was not you, ignore this e-mail: your account is unchanged.</p>`,
    text: `Someone (perhaps you) tried to create a TaskHub account with this e-mail address, which already has one. No new account was created.

If it was you, log in: {{loginUrl}}
or reset your password if you have forgotten it: {{forgotUrl}}

If it was not you, ignore this e-mail: your account is unchanged.`,
  },
  emailChangeConfirm: {
    subject: 'Confirm your new e-mail address for TaskHub',
    html: `<p>Someone (hopefully you) asked to use {{newEmail}} for their TaskHub account.</p>
<p><a href="{{url}}">Confirm the new address</a> before {{expiresAt}}. The link works once; until then, nothing changes.</p>
<p>If you did not ask for this, ignore this e-mail.</p>`,
    text: `Someone (hopefully you) asked to use {{newEmail}} for their TaskHub account.

Confirm the new address before {{expiresAt}} (the link works once; until then, nothing changes):
{{url}}

If you did not ask for this, ignore this e-mail.`,
  },
  emailChangeNotice: {
    subject: 'Your TaskHub e-mail address is about to change',
    html: `<p>Someone asked to change the e-mail address of your TaskHub account to {{newEmail}}. It changes only once the new address confirms it.</p>
<p>If this was not you, <a href="{{url}}">cancel the change</a> (before {{expiresAt}}) and change your password.</p>`,
    text: `Someone asked to change the e-mail address of your TaskHub account to {{newEmail}}. It changes only once the new address confirms it.

If this was not you, cancel the change (before {{expiresAt}}) and change your password:
{{url}}`,
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
  emailVerification: {
    subject: 'Bestätige deine E-Mail-Adresse für TaskHub',
    html: `<p>Willkommen bei TaskHub! Bitte bestätige, dass diese Adresse dir gehört.</p>
<p><a href="{{url}}">E-Mail-Adresse bestätigen</a> bis {{expiresAt}}. Der Link funktioniert einmal.</p>
<p>Wenn du kein TaskHub-Konto angelegt hast, ignoriere diese E-Mail.</p>`,
    text: `Willkommen bei TaskHub! Bitte bestätige, dass diese Adresse dir gehört.

Bestätige deine E-Mail-Adresse bis {{expiresAt}} (der Link funktioniert einmal):
{{url}}

Wenn du kein TaskHub-Konto angelegt hast, ignoriere diese E-Mail.`,
  },
  registrationAttempt: {
    subject: 'Jemand wollte sich mit deiner E-Mail-Adresse registrieren',
    html: `<p>Jemand (vielleicht du) wollte mit dieser E-Mail-Adresse ein TaskHub-Konto anlegen; sie hat schon eines. Es wurde kein neues Konto angelegt.</p>
<p>Wenn du es warst: <a href="{{loginUrl}}">melde dich an</a> oder <a href="{{forgotUrl}}">setze dein Passwort zurück</a>, falls du es vergessen hast.</p>
<p>Wenn du es nicht warst, ignoriere diese E-Mail: dein Konto bleibt unverändert.</p>`,
    text: `Jemand (vielleicht du) wollte mit dieser E-Mail-Adresse ein TaskHub-Konto anlegen; sie hat schon eines. Es wurde kein neues Konto angelegt.

Wenn du es warst, melde dich an: {{loginUrl}}
oder setze dein Passwort zurück, falls du es vergessen hast: {{forgotUrl}}

Wenn du es nicht warst, ignoriere diese E-Mail: dein Konto bleibt unverändert.`,
  },
  emailChangeConfirm: {
    subject: 'Bestätige deine neue E-Mail-Adresse für TaskHub',
    html: `<p>Jemand (hoffentlich du) möchte {{newEmail}} für sein TaskHub-Konto verwenden.</p>
<p><a href="{{url}}">Neue Adresse bestätigen</a> bis {{expiresAt}}. Der Link funktioniert einmal; bis dahin ändert sich nichts.</p>
<p>Wenn du das nicht warst, ignoriere diese E-Mail.</p>`,
    text: `Jemand (hoffentlich du) möchte {{newEmail}} für sein TaskHub-Konto verwenden.

Bestätige die neue Adresse bis {{expiresAt}} (der Link funktioniert einmal; bis dahin ändert sich nichts):
{{url}}

Wenn du das nicht warst, ignoriere diese E-Mail.`,
  },
  emailChangeNotice: {
    subject: 'Deine TaskHub-E-Mail-Adresse soll sich ändern',
    html: `<p>Jemand möchte die E-Mail-Adresse deines TaskHub-Kontos in {{newEmail}} ändern. Sie ändert sich erst, wenn die neue Adresse es bestätigt.</p>
<p>Wenn du das nicht warst, <a href="{{url}}">brich die Änderung ab</a> (bis {{expiresAt}}) und ändere dein Passwort.</p>`,
    text: `Jemand möchte die E-Mail-Adresse deines TaskHub-Kontos in {{newEmail}} ändern. Sie ändert sich erst, wenn die neue Adresse es bestätigt.

Wenn du das nicht warst, brich die Änderung ab (bis {{expiresAt}}) und ändere dein Passwort:
{{url}}`,
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
