import { AUTH_PASSWORD_RESET_REQUESTED_V1, type AuthPasswordResetRequestedV1 } from '@taskhub/contracts';
import { waitFor } from '@taskhub/platform-testing';
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { runNotificationCli } from '../src/cli/notification-cli';
import { EmailRepository } from '../src/email/email.repository';
import { EmailHarness } from './support/email-harness';

describe('notification-service e-mail: password reset, SMTP outages, parking and replay', () => {
  let h: EmailHarness;

  beforeAll(async () => {
    h = await EmailHarness.start('notification_email');
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await h?.close();
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  const resetRequest = (userId: string): AuthPasswordResetRequestedV1 => ({
    userId,
    email: `reset-${userId}@example.test`,
    resetToken: randomBytes(32).toString('base64url'),
    expiresAt: '2026-12-05T10:30:00.000Z',
  });
  const received = (address: string, count = 1) => waitFor(() => h.smtp.to(address).length >= count && h.smtp.to(address), { description: `${count} e-mail(s) to ${address}` });

  it('should e-mail the reset link at once, keep no token once sent, and send one e-mail for a duplicated event', async () => {
    const request = resetRequest(uuidv7()); // nobody the read model knows yet: English, UTC
    const envelope = await h.events.publish(AUTH_PASSWORD_RESET_REQUESTED_V1, request);
    await h.events.publish(AUTH_PASSWORD_RESET_REQUESTED_V1, request, envelope); // the same event again

    const [mail] = await received(request.email);
    const token = /\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail.text ?? '')?.[1];

    expect(mail.subject).toBe('Reset your TaskHub password');
    expect(token).toBe(request.resetToken);
    expect(mail.html).toContain(`<a href="http://web.test/reset-password?token&#x3D;${request.resetToken}">`);
    expect(mail.text).toContain('Choose a new password before Dec 5, 2026, 10:30\u202fAM (the link works once)'); // ICU: a narrow no-break space before AM
    expect(await h.emailWithStatus(request.userId, 'password_reset', 'sent')).toMatchObject({ attempts: 0, last_error: null, payload: { expiresAt: request.expiresAt, timezone: 'UTC' } });
    await waitFor(async () => (await h.under.dataSource.query<unknown[]>(`SELECT 1 FROM inbox_event WHERE event_id = $1`, [envelope.id])).length === 1, { description: 'event applied' });
    expect(h.smtp.to(request.email)).toHaveLength(1);
    expect(h.under.logs.text()).not.toContain(request.resetToken);
  });

  it('should write the reset e-mail in the person’s locale and time zone', async () => {
    const { id } = await h.person({ locale: 'de-DE', timezone: 'Europe/Berlin' });
    const request = resetRequest(id);
    await h.events.publish(AUTH_PASSWORD_RESET_REQUESTED_V1, request);

    const [mail] = await received(request.email);

    expect(mail.subject).toBe('Setze dein TaskHub-Passwort zurück');
    expect(mail.text).toContain('Wähle ein neues Passwort bis 5. Dez. 2026, 11:30 (der Link funktioniert einmal):');
  });

  it('should retry while the SMTP server is down and send once when it is back', async () => {
    await h.smtp.stop();
    const request = resetRequest(uuidv7());
    await h.events.publish(AUTH_PASSWORD_RESET_REQUESTED_V1, request);

    const failing = await waitFor(async () => (await h.emails(request.userId)).find((row) => row.attempts >= 2), { description: 'two failed attempts' });
    expect(failing.status).toBe('queued');
    expect(failing.last_error).toContain('ECONNREFUSED');
    await h.smtp.start();

    await received(request.email);
    expect(await h.emailWithStatus(request.userId, 'password_reset', 'sent')).toMatchObject({ last_error: null });
    expect(h.smtp.to(request.email)).toHaveLength(1);
  });

  it('should park an e-mail after a long outage, and send it once when replayed', async () => {
    await h.smtp.stop();
    const request = resetRequest(uuidv7());
    await h.events.publish(AUTH_PASSWORD_RESET_REQUESTED_V1, request);
    await waitFor(async () => (await h.emails(request.userId)).find((row) => row.attempts >= 1), { description: 'a failed attempt' });
    const inTwoHours = new Date(Date.now() + 2 * 3600_000); // past EMAIL_PARK_AFTER_MS (1 h) of the harness
    jest.spyOn(h.clock, 'now').mockImplementation(() => inTwoHours);

    const parked = await h.emailWithStatus(request.userId, 'password_reset', 'parked');
    expect(parked.payload).toMatchObject({ resetToken: request.resetToken }); // kept for the replay
    jest.restoreAllMocks();
    await h.smtp.start();
    const lines: string[] = [];
    const replayed = await runNotificationCli(['emails', 'replay'], { env: { ...process.env, DATABASE_URL: h.under.service.config.databaseUrl }, out: (line) => lines.push(line) });

    expect(replayed).toBe(0);
    expect(lines).toEqual(['1 e-mails queued again']);
    await received(request.email);
    expect(await h.emailWithStatus(request.userId, 'password_reset', 'sent')).toMatchObject({ attempts: 0, last_error: null });
    expect(h.smtp.to(request.email)).toHaveLength(1);
    const metrics = await (await fetch(`${h.under.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^notification_emails_total\{template="password_reset",outcome="parked"[^}]*\} 1$/m);
  });

  it('should keep an e-mail from a sender whose claim ran out once another sender has claimed it', async () => {
    const emails = new EmailRepository();
    const manager = h.under.dataSource.manager;
    // a day ahead: not due for the service's own sender, which claims by the real clock
    const t0 = new Date(Date.now() + 86_400_000);
    const at = (seconds: number): Date => new Date(t0.getTime() + seconds * 1000);
    const userId = uuidv7();
    for (const template of ['password_reset', 'email_verification'] as const) {
      const email = { eventId: uuidv7(), userId, template, toAddress: `lease-${userId}@example.test`, locale: 'en', payload: {}, plan: { status: 'queued' as const } };
      expect(await emails.schedule(manager, email, t0)).toBe(true);
    }

    // sender A claims both until t0 + 6 s, sends the first and is slow; at t0 + 7 s sender B claims both again
    const a = await emails.claimDue(manager, t0, at(6), 10);
    const b = await emails.claimDue(manager, at(7), at(13), 10);

    expect(a.map((e) => e.id).sort()).toEqual(b.map((e) => e.id).sort());
    expect(await emails.renewLease(manager, a[1].id, at(6), at(14))).toBe(false); // A: not its own any more
    expect(await emails.renewLease(manager, b[1].id, at(13), at(19))).toBe(true); // B sends it
    expect(await emails.renewLease(manager, b[1].id, at(13), at(20))).toBe(false); // its lease is at(19) now
  });

  it('should send each e-mail once when two instances consume and send', async () => {
    const replica = await h.replica();
    try {
      const requests = Array.from({ length: 20 }, () => resetRequest(uuidv7()));
      for (const request of requests) await h.events.publish(AUTH_PASSWORD_RESET_REQUESTED_V1, request);

      await waitFor(() => requests.every((r) => h.smtp.to(r.email).length > 0), { description: '20 reset e-mails received' });
      const sent = await h.under.dataSource.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM email WHERE status = 'sent' AND user_id = ANY($1)`, [requests.map((r) => r.userId)]);

      expect(requests.map((r) => h.smtp.to(r.email).length)).toEqual(Array(20).fill(1));
      expect(sent).toEqual([{ count: 20 }]);
    } finally {
      await replica.close();
    }
  });
});
