import { randomBytes } from 'node:crypto';
import { waitFor } from '@taskhub/platform-testing';
import { callAuth, login } from '../support/e2e-auth';
import { mailTo } from '../support/e2e-mailbox';
import { callAs, newUser, notificationDb, projectWith, setAssignmentChannels } from '../support/e2e-notifications';

jest.setTimeout(90_000);

interface Inbox {
  readonly items: { kind: string; taskId: string | null }[];
}

/** HH:MM (UTC, the profiles' default time zone) `minutes` from now. */
function utcTime(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000).toISOString().slice(11, 16);
}

/** E-mail through the gateway to the run's real SMTP server: assignment e-mails, quiet hours, the password reset. */
describe('notification e-mail through the gateway', () => {
  it('should e-mail an assignment to B (email on), and hold C’s during C’s quiet hours while both see it in the inbox', async () => {
    const tag = randomBytes(3).toString('hex');
    const [a, b, c] = [await newUser(`ada-${tag}`), await newUser(`bea-${tag}`), await newUser(`cy-${tag}`)];
    await setAssignmentChannels(b, { inApp: true, email: true, webhook: false });
    await setAssignmentChannels(c, { inApp: true, email: true, webhook: false }, { start: utcTime(-60), end: utcTime(60) });
    const projectId = await projectWith(a, [b, c], tag);

    const task = await callAs(a, 'POST', '/tasks', { projectId, title: `Mail me ${tag}`, assigneeIds: [b.id, c.id] });
    expect(task.status).toBe(201);
    const taskId = task.json<{ id: string }>().id;

    for (const who of [b, c]) {
      await waitFor(async () => (await callAs(who, 'GET', '/notifications')).json<Inbox>().items.some((i) => i.kind === 'task.assigned' && i.taskId === taskId), {
        description: `${who.email}'s in-app assignment`,
      });
    }
    const title = `Mail me ${tag}`;
    const about = (address: string) => mailTo(address).filter((m) => m.text.includes(title));
    await waitFor(() => about(b.email).length > 0, { description: "B's assignment e-mail at the SMTP server" });
    expect(about(b.email)).toHaveLength(1);
    const held = await waitFor(
      async () => {
        const rows = await notificationDb<{ status: string; hold_reason: string | null }>(
          `SELECT status, hold_reason FROM email WHERE user_id = $1 AND template = 'notification' AND payload::text LIKE $2`,
          [c.id, `%${title}%`],
        );
        return rows.length > 0 && rows;
      },
      { description: "C's assignment e-mail row" },
    );
    expect(held).toEqual([{ status: 'held', hold_reason: 'quiet_hours' }]);
    expect(about(c.email)).toEqual([]);
    expect(about(a.email)).toEqual([]);
  });

  it('should e-mail a password-reset link whose token resets the password once, and the new password logs in', async () => {
    const account = await newUser(`reset-${randomBytes(3).toString('hex')}`);
    expect((await callAuth('POST', '/password/forgot', { body: { email: account.email } })).status).toBe(202);
    const resetMails = (): ReturnType<typeof mailTo> => mailTo(account.email).filter((m) => m.subject === 'Reset your TaskHub password');
    const [mail] = await waitFor(() => resetMails().length > 0 && resetMails(), { description: 'the reset e-mail' });
    expect(mail.subject).toBe('Reset your TaskHub password');
    const token = /reset-password\?token=([^\s&]+)/.exec(mail.text)?.[1];
    expect(token).toBeDefined();

    const newPassword = `willow ${randomBytes(4).toString('hex')} canyon kettle`;
    expect((await callAuth('POST', '/password/reset', { body: { token: decodeURIComponent(token!), newPassword } })).status).toBe(204);
    const again = await callAuth('POST', '/password/reset', { body: { token: decodeURIComponent(token!), newPassword: `${newPassword} again` } });
    expect(again.status).toBe(400);
    expect(again.json()).toMatchObject({ code: 'AUTH.RESET_TOKEN_INVALID' });
    expect((await login({ email: account.email, password: newPassword })).accessToken).toEqual(expect.any(String));
  });
});
