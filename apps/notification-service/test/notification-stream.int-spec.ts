import { TASK_PROJECT_MEMBER_ADDED_V1, TASK_TASK_ASSIGNED_V1 } from '@taskhub/contracts';
import { ServiceUnderTest } from '@taskhub/platform-service-testing';
import { waitFor } from '@taskhub/platform-testing';
import { v7 as uuidv7 } from 'uuid';
import { AppModule } from '../src/app.module';
import { NotificationServiceConfig } from '../src/config/notification.config';
import { NOTIFICATION_DATABASE } from '../src/database/notification-database';
import { type InboxItem, NotificationHarness, type Person } from './support/notification-harness';
import { opened, type Refused, SseClient } from './support/sse-client';

jest.setTimeout(60_000);

const LABEL = 'notification_stream';
/** a heartbeat every second and at most two streams per user (over both instances), so the spec sees both */
const ENV = { NOTIFICATION_STREAM_HEARTBEAT_SECONDS: '1', NOTIFICATION_STREAM_MAX_PER_USER: '2', SHUTDOWN_DRAIN_DELAY_MS: '0', SHUTDOWN_TIMEOUT_MS: '30000' };

/** Two instances of the notification service on one database, one Redis prefix and the run's vhost. */
describe('notification-service live stream (SSE)', () => {
  let harness: NotificationHarness;
  let second: ServiceUnderTest<NotificationServiceConfig>;
  let owner: Person;
  const clients: SseClient[] = [];

  beforeAll(async () => {
    harness = await NotificationHarness.start({ label: LABEL, env: ENV });
    second = await ServiceUnderTest.start({ configClass: NotificationServiceConfig, module: AppModule, database: NOTIFICATION_DATABASE, label: LABEL, env: ENV, shareWith: harness.under });
    owner = await harness.person('Owner');
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  afterAll(async () => {
    await second?.close();
    await harness?.close();
  });

  const first = (): ServiceUnderTest<NotificationServiceConfig> => harness.under;
  const connect = async (on: ServiceUnderTest<NotificationServiceConfig>, who: Person, lastEventId?: string): Promise<SseClient | Refused> => {
    const result = await SseClient.open(`${on.baseUrl}/api/v1/notifications/stream`, { ...who.auth, ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }) });
    if (result instanceof SseClient) clients.push(result);
    return result;
  };
  /** A notification for `who` (member_added: no task, never grouped); returns its project id. */
  const notify = async (who: Person, name: string): Promise<string> => {
    const projectId = uuidv7();
    await harness.deliver(TASK_PROJECT_MEMBER_ADDED_V1, { projectId, projectName: name, userId: who.id, role: 'viewer', addedBy: owner.id });
    return projectId;
  };
  const inbox = async (who: Person): Promise<InboxItem[]> => (await harness.as(who)<{ items: InboxItem[] }>('GET', '/notifications')).body.items;

  it('should send a notification created while the stream is open, as the inbox shows it, with its seq as id', async () => {
    const bob = await harness.person('Bob1');
    const earlier = await notify(bob, 'Before');
    const stream = opened(await connect(first(), bob));
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers.get('x-accel-buffering')).toBe('no');
    await waitFor(() => stream.retry !== undefined, { description: 'the retry hint' });

    const projectId = await notify(bob, 'Live');
    await waitFor(() => stream.events.length === 1, { description: 'the live notification' });
    const [item] = await inbox(bob);
    expect(item.projectId).toBe(projectId);
    expect(stream.events[0]).toEqual({ id: item.seq, event: 'notification', data: JSON.stringify(item) });
    expect(stream.notifications[0]).toEqual(item);
    expect(stream.retry).toBe(3000);
    expect(stream.notifications.map((n) => n.projectId)).not.toContain(earlier); // no Last-Event-ID: from now on
  });

  it('should resume on the other instance after Last-Event-ID: exactly the missed ones in order, then live ones, no duplicate', async () => {
    const bob = await harness.person('Bob2');
    const onFirst = opened(await connect(first(), bob));
    const seen = [await notify(bob, 'P1'), await notify(bob, 'P2')];
    await waitFor(() => onFirst.events.length === 2, { description: 'two notifications on the first instance' });
    expect(onFirst.notifications.map((n) => n.projectId)).toEqual(seen);
    await onFirst.close();

    const missed = [await notify(bob, 'P3'), await notify(bob, 'P4'), await notify(bob, 'P5')];
    const onSecond = opened(await connect(second, bob, onFirst.ids[1]));
    await waitFor(() => onSecond.events.length === 3, { description: 'the three missed ones' });
    const live = await notify(bob, 'P6');
    await waitFor(() => onSecond.events.length === 4, { description: 'the live one' });
    const pings = onSecond.comments.length;
    await waitFor(() => onSecond.comments.length > pings, { description: 'a heartbeat after the live one' });

    expect(onSecond.notifications.map((n) => n.projectId)).toEqual([...missed, live]);
    const items = (await inbox(bob)).reverse(); // oldest first
    expect(onSecond.ids).toEqual(items.slice(2).map((i) => i.seq));
    expect(onSecond.notifications).toEqual(items.slice(2));
  });

  it('should send a grouped notification again in its current state under its new seq', async () => {
    const bob = await harness.person('Bob3');
    const stream = opened(await connect(second, bob));
    const [taskId, projectId] = [uuidv7(), uuidv7()];
    const assigned = { taskId, projectId, key: 'WEB-1', title: 'Ship it', assigneeIds: [bob.id], assignedBy: owner.id };
    await harness.deliver(TASK_TASK_ASSIGNED_V1, assigned);
    await waitFor(() => stream.events.length === 1, { description: 'the first assignment' });
    await harness.deliver(TASK_TASK_ASSIGNED_V1, { ...assigned, title: 'Ship it now' });
    await waitFor(() => stream.events.length === 2, { description: 'the grouped notification' });

    const [one, two] = stream.notifications;
    expect(two).toMatchObject({ id: one.id, count: 2, taskTitle: 'Ship it now' });
    expect(BigInt(two.seq)).toBeGreaterThan(BigInt(one.seq));
    expect(stream.notifications[1]).toEqual((await inbox(bob))[0]);
  });

  it('should send heartbeats', async () => {
    const bob = await harness.person('Bob4');
    const stream = opened(await connect(first(), bob));
    await waitFor(() => stream.comments.length >= 2, { description: 'two heartbeats' });
    expect(new Set(stream.comments)).toEqual(new Set(['ping']));
    expect(stream.events).toEqual([]);
  });

  it('should refuse a stream past the per-user cap over both instances with 429, and accept one again once one closes', async () => {
    const bob = await harness.person('Bob5');
    const [one] = [opened(await connect(first(), bob)), opened(await connect(second, bob))];
    const refused = [(await connect(first(), bob)) as Refused, (await connect(second, bob)) as Refused];
    for (const r of refused) {
      expect(r.status).toBe(429);
      expect(r.body).toMatchObject({ statusCode: 429, code: 'NOTIFICATION.TOO_MANY_STREAMS', correlationId: expect.any(String) as unknown });
    }
    const eve = await harness.person('Eve5');
    opened(await connect(first(), eve)); // the cap is per user

    await one.close(); // on the first instance: its lease goes, the second one takes a stream again
    let again: SseClient | Refused | undefined;
    await waitFor(async () => (again = await connect(second, bob)) instanceof SseClient, { description: 'a stream accepted again' });
    expect(again).toBeInstanceOf(SseClient);
  });

  it('should refuse a request without a token, and a Last-Event-ID that is not a seq', async () => {
    const bob = await harness.person('Bob6');
    const anonymous = (await SseClient.open(`${first().baseUrl}/api/v1/notifications/stream`, {})) as Refused;
    expect(anonymous.status).toBe(401);
    const bad = (await connect(first(), bob, 'abc')) as Refused;
    expect(bad).toEqual({ status: 400, body: expect.objectContaining({ statusCode: 400, code: 'NOTIFICATION.INVALID_LAST_EVENT_ID' }) as unknown });
  });

  it('should end every open stream on shutdown, so the graceful shutdown completes without waiting for clients', async () => {
    const bob = await harness.person('Bob7');
    const streams = [opened(await connect(second, bob)), opened(await connect(second, await harness.person('Eve7')))];
    await waitFor(() => streams.every((s) => s.retry !== undefined), { description: 'both streams open' });

    await second.service.shutdown.shutdown('test');

    await waitFor(() => streams.every((s) => s.ended), { description: 'both streams ended by the server' });
    const messages = second.logs.lines.map((l) => l.msg);
    expect(messages).toContain('shutdown complete');
    expect(messages).toContain('ending 2 notification stream(s): the server is closing');
    expect(messages.filter((m) => typeof m === 'string' && m.includes('did not finish'))).toEqual([]);
  });
});
