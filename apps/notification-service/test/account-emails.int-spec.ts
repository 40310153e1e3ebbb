import { randomBytes } from 'node:crypto';
import {
  AUTH_USER_EMAIL_CHANGE_REQUESTED_V1,
  AUTH_USER_EMAIL_CHANGED_V1,
  AUTH_USER_REGISTRATION_ATTEMPTED_V1,
  AUTH_USER_VERIFICATION_REQUESTED_V1,
} from '@taskhub/contracts';
import { waitFor } from '@taskhub/platform-testing';
import { v7 as uuidv7 } from 'uuid';
import { EmailHarness } from './support/email-harness';

/** Issue 13's account e-mails: verification, "someone tried to register", and the two e-mails of an e-mail change. */
describe('notification-service account e-mails', () => {
  let h: EmailHarness;

  beforeAll(async () => {
    h = await EmailHarness.start('notification_account_emails');
  });

  afterAll(async () => {
    await h?.close();
  });

  const secret = (): string => randomBytes(32).toString('base64url');
  const received = (address: string, count = 1) => waitFor(() => h.smtp.to(address).length >= count && h.smtp.to(address), { description: `${count} e-mail(s) to ${address}` });
  const linkToken = (text: string | undefined, page: string): string | undefined => new RegExp(`/${page}\\?token=([A-Za-z0-9_-]+)`).exec(text ?? '')?.[1];

  it('should e-mail the verification link at once and keep no token once sent', async () => {
    const request = { userId: uuidv7(), email: `new-${randomBytes(4).toString('hex')}@example.test`, verificationToken: secret(), expiresAt: '2026-12-06T10:30:00.000Z' };
    await h.events.publish(AUTH_USER_VERIFICATION_REQUESTED_V1, request);

    const [mail] = await received(request.email);

    expect(mail.subject).toBe('Verify your e-mail address for TaskHub');
    expect(linkToken(mail.text, 'verify-email')).toBe(request.verificationToken);
    expect(mail.html).toContain(`<a href="http://web.test/verify-email?token&#x3D;${request.verificationToken}">`);
    const row = await h.emailWithStatus(request.userId, 'email_verification', 'sent');
    expect(row.payload).toEqual({ expiresAt: request.expiresAt, timezone: 'UTC' });
    expect(h.under.logs.text()).not.toContain(request.verificationToken);
  });

  it("should tell the owner of a taken address that someone tried to register with it, in the owner's locale", async () => {
    const { id } = await h.person({ locale: 'de-DE' });
    const email = `${id}@example.test`;
    await h.events.publish(AUTH_USER_REGISTRATION_ATTEMPTED_V1, { userId: id, email });

    const [mail] = await received(email);

    expect(mail.subject).toBe('Jemand wollte sich mit deiner E-Mail-Adresse registrieren');
    expect(mail.text).toContain('http://web.test/forgot-password');
  });

  it('should send the confirmation link to the new address and the notice with the cancel link to the current one, keeping neither token', async () => {
    const userId = uuidv7();
    const request = {
      userId,
      currentEmail: `old-${userId}@example.test`,
      newEmail: `new-${userId}@example.test`,
      confirmToken: secret(),
      cancelToken: secret(),
      expiresAt: '2026-12-06T10:30:00.000Z',
    };
    await h.events.publish(AUTH_USER_EMAIL_CHANGE_REQUESTED_V1, request);

    const [confirm] = await received(request.newEmail);
    const [notice] = await received(request.currentEmail);

    expect(confirm.subject).toBe('Confirm your new e-mail address for TaskHub');
    expect(linkToken(confirm.text, 'confirm-email-change')).toBe(request.confirmToken);
    expect(confirm.text).not.toContain(request.cancelToken);
    expect(notice.subject).toBe('Your TaskHub e-mail address is about to change');
    expect(notice.text).toContain(request.newEmail);
    expect(linkToken(notice.text, 'cancel-email-change')).toBe(request.cancelToken);
    expect(notice.text).not.toContain(request.confirmToken);
    const stored = JSON.stringify([await h.emailWithStatus(userId, 'email_change_confirm', 'sent'), await h.emailWithStatus(userId, 'email_change_notice', 'sent')]);
    expect(stored).not.toContain(request.confirmToken);
    expect(stored).not.toContain(request.cancelToken);
  });

  it('should keep the address of the newest e-mail change, whatever order the changes and the registration arrive in', async () => {
    const { id } = await h.person();
    const newer = { userId: id, email: `newer-${id}@example.test`, changedAt: '2026-12-05T10:00:00.000Z' };
    const older = { userId: id, email: `older-${id}@example.test`, changedAt: '2026-12-05T09:00:00.000Z' };
    const applied = [await h.events.publish(AUTH_USER_EMAIL_CHANGED_V1, newer), await h.events.publish(AUTH_USER_EMAIL_CHANGED_V1, older)];
    await waitFor(async () => (await h.under.dataSource.query<unknown[]>(`SELECT 1 FROM inbox_event WHERE event_id = ANY($1)`, [applied.map((e) => e.id)])).length === 2, {
      description: 'both changes applied',
    });

    expect(await h.under.dataSource.query(`SELECT email FROM person WHERE id = $1`, [id])).toEqual([{ email: newer.email }]);
  });
});
