import { TASK_PROJECT_MEMBER_ADDED_V1 } from '@taskhub/contracts';
import { waitFor } from '@taskhub/platform-testing';
import { v7 as uuidv7 } from 'uuid';
import { type InboxItem, NotificationHarness, type Person } from './support/notification-harness';

jest.setTimeout(60_000);

describe('notification-service inbox API and purge', () => {
  let harness: NotificationHarness;
  let owner: Person;

  beforeAll(async () => {
    // the purge job every second, so the spec sees it run
    harness = await NotificationHarness.start({ label: 'notification_inbox_api', env: { NOTIFICATION_PURGE_INTERVAL_SECONDS: '1' } });
    owner = await harness.person('Owner');
  });

  afterAll(async () => {
    await harness?.close();
  });

  /** `n` notifications for `who` (member_added: no task, so never grouped), oldest first. */
  const notify = async (who: Person, n: number): Promise<string[]> => {
    const projects: string[] = [];
    for (let i = 0; i < n; i++) {
      const projectId = uuidv7();
      await harness.deliver(TASK_PROJECT_MEMBER_ADDED_V1, { projectId, projectName: `Project ${i}`, userId: who.id, role: 'viewer', addedBy: owner.id });
      projects.push(projectId);
    }
    return projects;
  };
  const unreadCount = async (who: Person) => (await harness.as(who)<{ count: number }>('GET', '/notifications/unread-count')).body;

  it('should page newest first with a cursor, count the unread, and mark one or all read', async () => {
    const bob = await harness.person('Bob');
    const projects = await notify(bob, 3);
    const get = harness.as(bob);

    const first = await get<{ items: InboxItem[]; nextCursor: string | null }>('GET', '/notifications?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((i) => i.projectId)).toEqual([projects[2], projects[1]]);
    const second = await get<{ items: InboxItem[]; nextCursor: string | null }>('GET', `/notifications?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toEqual({ items: [expect.objectContaining({ projectId: projects[0] }) as unknown], nextCursor: null });
    expect(await unreadCount(bob)).toEqual({ count: 3 });

    const read = await get<InboxItem>('POST', `/notifications/${second.body.items[0].id}/read`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: second.body.items[0].id, readAt: expect.any(String) as unknown });
    expect(await unreadCount(bob)).toEqual({ count: 2 });
    const unread = await get<{ items: InboxItem[] }>('GET', '/notifications?unread=true');
    expect(unread.body.items.map((i) => i.projectId)).toEqual([projects[2], projects[1]]);

    expect((await get('POST', '/notifications/read-all')).body).toEqual({ marked: 2 });
    expect(await unreadCount(bob)).toEqual({ count: 0 });
    expect((await get<{ items: InboxItem[] }>('GET', '/notifications?unread=true')).body.items).toEqual([]);
    expect((await get<{ items: InboxItem[] }>('GET', '/notifications')).body.items).toHaveLength(3);
  });

  it("should answer 404 for another user's notification and leave it unread", async () => {
    const [bob, eve] = [await harness.person('Bob2'), await harness.person('Eve')];
    await notify(bob, 1);
    const [item] = await harness.inbox(bob, (items) => items.length === 1);

    const response = await harness.as(eve)('POST', `/notifications/${item.id}/read`);
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ statusCode: 404, code: 'NOTIFICATION.NOT_FOUND' });
    expect(await unreadCount(bob)).toEqual({ count: 1 });
    expect((await harness.as(eve)('POST', '/notifications/read-all')).body).toEqual({ marked: 0 });
    expect(await unreadCount(bob)).toEqual({ count: 1 });
  });

  it('should refuse a cursor of the other list and a malformed id', async () => {
    const bob = await harness.person('Bob3');
    await notify(bob, 2);
    const { nextCursor } = (await harness.as(bob)<{ nextCursor: string }>('GET', '/notifications?limit=1')).body;

    expect((await harness.as(bob)('GET', `/notifications?unread=true&cursor=${nextCursor}`)).body).toMatchObject({ statusCode: 400, code: 'REQUEST.INVALID_CURSOR' });
    expect((await harness.as(bob)('POST', '/notifications/not-a-uuid/read')).status).toBe(400);
    expect((await harness.under.request('GET', '/notifications')).status).toBe(401);
  });

  it('should purge read notifications older than the configured age, and keep the rest', async () => {
    const bob = await harness.person('Bob4');
    await notify(bob, 3);
    const [newest, middle, oldest] = await harness.inbox(bob, (items) => items.length === 3);
    // in one statement (a purge round sees all or nothing): read 31 days ago (older than the 30-day default), read
    // just now, and unread though created long ago
    await harness.dataSource.query(
      `UPDATE notification SET
         read_at = CASE id WHEN $1 THEN now() - interval '31 days' WHEN $2 THEN now() ELSE read_at END,
         created_at = CASE id WHEN $2 THEN created_at ELSE now() - interval '90 days' END
       WHERE id IN ($1, $2, $3)`,
      [oldest.id, middle.id, newest.id],
    );

    await waitFor(async () => (await harness.dataSource.query<unknown[]>(`SELECT 1 FROM notification WHERE id = $1`, [oldest.id])).length === 0, {
      description: 'the old read notification purged',
    });
    const left = await harness.dataSource.query<{ id: string }[]>(`SELECT id FROM notification WHERE user_id = $1 ORDER BY seq`, [bob.id]);
    expect(left.map((r) => r.id)).toEqual([middle.id, newest.id]);
  });
});
