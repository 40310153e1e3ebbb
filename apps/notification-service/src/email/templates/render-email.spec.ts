import { emailLocale } from './catalog';
import { renderEmail } from './render-email';

describe('renderEmail', () => {
  const line = { kind: 'task.assigned' as const, actor: 'Ada <script>', taskKey: 'TH-7', title: 'Fix "login" & <b>stuff</b>', url: 'http://web.test/tasks/1' };

  it('should escape user content in the HTML part and keep it as written in the subject and text', () => {
    const email = renderEmail({ template: 'notification', line }, 'en');

    expect(email.subject).toBe('[TaskHub] Ada <script> assigned you to TH-7 "Fix "login" & <b>stuff</b>"');
    expect(email.html).toBe(
      '<p>Ada &lt;script&gt; assigned you to TH-7 &quot;Fix &quot;login&quot; &amp; &lt;b&gt;stuff&lt;/b&gt;&quot;</p><p><a href="http://web.test/tasks/1">Open in TaskHub</a></p>',
    );
    expect(email.text).toBe('Ada <script> assigned you to TH-7 "Fix "login" & <b>stuff</b>"\nhttp://web.test/tasks/1\n');
  });

  it('should write the password reset in German with the expiry in the person’s time zone', () => {
    const email = renderEmail({ template: 'password_reset', resetUrl: 'http://web.test/reset-password?token=abc', expiresAt: '2026-12-05T10:30:00.000Z', timezone: 'Europe/Berlin' }, 'de');

    expect(email.subject).toBe('Setze dein TaskHub-Passwort zurück');
    expect(email.text).toContain('bis 5. Dez. 2026, 11:30 (der Link funktioniert einmal):\nhttp://web.test/reset-password?token=abc\n');
    expect(email.html).toContain('<a href="http://web.test/reset-password?token&#x3D;abc">');
  });

  it('should list every held notification in one digest', () => {
    const email = renderEmail({ template: 'digest', lines: [line, { kind: 'task.due_soon', taskKey: 'TH-8', title: 'Ship' }] }, 'en');

    expect(email.subject).toBe('[TaskHub] Your daily digest: 2 notifications');
    expect(email.text).toBe('What happened since your last digest:\n- Ada <script> assigned you to TH-7 "Fix "login" & <b>stuff</b>"\n- TH-8 "Ship" is due soon\n');
  });

  it.each([
    ['de-AT', 'de'],
    ['en-GB', 'en'],
    ['fr-FR', 'en'],
    [null, 'en'],
  ])('should write e-mails for locale %s in %s', (locale, expected) => {
    expect(emailLocale(locale)).toBe(expected);
  });
});
