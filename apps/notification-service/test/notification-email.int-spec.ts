import { TASK_TASK_ASSIGNED_V1, type TaskTaskAssignedV1, type UserPreferencesUpdatedV1 } from '@taskhub/contracts';
import { waitFor } from '@taskhub/platform-testing';
import { v7 as uuidv7 } from 'uuid';
import { EmailHarness, type Person } from './support/email-harness';

const ALL = { inApp: true, email: true, webhook: false };
const KINDS = { 'task.assigned': ALL, 'task.status_changed': ALL, 'comment.added': ALL, 'task.due_soon': ALL, 'project.member_added': ALL };
const preferences = (changes: Partial<Omit<UserPreferencesUpdatedV1, 'userId' | 'version'>>) => ({ kinds: KINDS, digest: { enabled: false, hour: 8 }, quietHours: null, ...changes });

describe('notification-service notification e-mails: preferences, quiet hours, digest, exactly once', () => {
  let h: EmailHarness;
  let actor: Person;
  let now: Date | null = null;

  beforeAll(async () => {
    h = await EmailHarness.start('notification_email_kinds');
    actor = await h.person({ name: 'Ada <Admin>' });
    jest.spyOn(h.clock, 'now').mockImplementation(() => now ?? new Date());
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await h?.close();
  });

  afterEach(() => {
    now = null;
  });

  const assigned = (assignees: readonly Person[], title = 'Fix login'): TaskTaskAssignedV1 => ({
    taskId: uuidv7(),
    projectId: uuidv7(),
    key: 'TH-12',
    title,
    assigneeIds: assignees.map((p) => p.id),
    assignedBy: actor.id,
  });
  const received = (who: Person, count = 1) => waitFor(() => h.smtp.to(who.email).length >= count && h.smtp.to(who.email), { description: `${count} e-mail(s) to ${who.displayName}` });

  it('should e-mail the assignee once for a duplicated event, and never the actor', async () => {
    const bea = await h.person({ name: 'Bea' });
    const data = assigned([bea, actor], 'Fix <login> & "logout"');

    const envelope = await h.deliver(TASK_TASK_ASSIGNED_V1, data);
    await h.deliver(TASK_TASK_ASSIGNED_V1, data, envelope); // redelivered

    const [mail] = await received(bea);
    expect(mail.subject).toBe('[TaskHub] Ada <Admin> assigned you to TH-12 "Fix <login> & "logout""');
    expect(mail.html).toBe('<p>Ada &lt;Admin&gt; assigned you to TH-12 &quot;Fix &lt;login&gt; &amp; &quot;logout&quot;&quot;</p>');
    expect(mail.text).toBe('Ada <Admin> assigned you to TH-12 "Fix <login> & "logout""\n');
    expect((await h.emailWithStatus(bea.id, 'notification', 'sent')).attempts).toBe(0);
    expect(await h.emails(bea.id)).toHaveLength(1);
    expect(h.smtp.to(bea.email)).toHaveLength(1);
    expect(await h.emails(actor.id)).toEqual([]);
  });

  it('should not e-mail someone whose preference for the kind has no e-mail', async () => {
    const quiet = await h.person({ preferences: preferences({ kinds: { ...KINDS, 'task.assigned': { inApp: true, email: false, webhook: false } } }) });

    await h.deliver(TASK_TASK_ASSIGNED_V1, assigned([quiet]));

    expect(await h.emails(quiet.id)).toEqual([]);
  });

  it('should hold an e-mail during quiet hours in the person’s time zone and send it when they end', async () => {
    const night = await h.person({ name: 'Nora', timezone: 'Europe/Berlin', preferences: preferences({ quietHours: { start: '22:00', end: '07:00' } }) });
    const day = await h.person({ name: 'Dan', timezone: 'America/New_York', preferences: preferences({ quietHours: { start: '22:00', end: '07:00' } }) });
    now = new Date('2026-12-05T21:30:00Z'); // 22:30 in Berlin, 16:30 in New York

    await h.deliver(TASK_TASK_ASSIGNED_V1, assigned([night, day]));
    await received(day); // sent at once: the sender has had its round with Nora's e-mail due, and held it

    expect(await h.emails(night.id)).toMatchObject([{ status: 'held', hold_reason: 'quiet_hours', not_before: new Date('2026-12-06T06:00:00Z'), attempts: 0 }]);
    expect(h.smtp.to(night.email)).toEqual([]);
    now = new Date('2026-12-06T06:00:00Z'); // 07:00 in Berlin
    const [mail] = await received(night);
    expect(mail.subject).toBe('[TaskHub] Ada <Admin> assigned you to TH-12 "Fix login"');
    expect(await h.emailWithStatus(night.id, 'notification', 'sent')).toMatchObject({ hold_reason: 'quiet_hours', attempts: 0 });
    expect(h.smtp.to(night.email)).toHaveLength(1);
  });

  it('should gather the e-mails of a day into one digest at the person’s digest hour', async () => {
    const digest = await h.person({ name: 'Di', locale: 'de-DE', timezone: 'Asia/Tokyo', preferences: preferences({ digest: { enabled: true, hour: 8 } }) });
    now = new Date('2026-12-05T10:00:00Z'); // 19:00 in Tokyo

    for (const title of ['One', 'Two', 'Three']) await h.deliver(TASK_TASK_ASSIGNED_V1, assigned([digest], title));

    const held = await h.emails(digest.id);
    expect(held.map((row) => [row.status, row.hold_reason, row.not_before])).toEqual(Array(3).fill(['held', 'digest', new Date('2026-12-05T23:00:00Z')])); // 08:00 in Tokyo
    now = new Date('2026-12-05T23:00:00Z');
    const [mail] = await received(digest);
    expect(mail.subject).toBe('[TaskHub] Deine tägliche Zusammenfassung: 3 Benachrichtigungen');
    expect(mail.text).toBe(
      [
        'Was seit deiner letzten Zusammenfassung geschehen ist:',
        '- Ada <Admin> hat dir TH-12 „One“ zugewiesen',
        '- Ada <Admin> hat dir TH-12 „Two“ zugewiesen',
        '- Ada <Admin> hat dir TH-12 „Three“ zugewiesen',
        '',
      ].join('\n'),
    );
    await h.emailWithStatus(digest.id, 'digest', 'sent');
    expect((await h.emails(digest.id)).map((row) => `${row.template}:${row.status}`)).toEqual(['notification:digested', 'notification:digested', 'notification:digested', 'digest:sent']);
    expect(h.smtp.to(digest.email)).toHaveLength(1);
  });
});
