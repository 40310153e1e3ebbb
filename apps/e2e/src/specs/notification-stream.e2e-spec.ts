import path from 'node:path';
import { waitFor } from '@taskhub/platform-testing';
import { getFreePort, startProcess, stopProcess, waitForHttp, type ManagedProcess } from '@taskhub/tooling-stack';
import { assignerAndAssignee, assignNewTask, type E2eUser, inboxOf } from '../support/e2e-notifications';
import { E2eSseStream, type StreamedNotification } from '../support/e2e-sse';
import { stackInfo } from '../support/stack-info';

jest.setTimeout(120_000);

const STREAM_PATH = '/api/v1/notifications/stream';

/**
 * The live stream end to end (issue 12): B's open stream through the gateway shows A's assignment as B's inbox does,
 * and after a disconnect B resumes on another instance of the notification service with Last-Event-ID: exactly the
 * missed notifications in order, then live ones, no gap, no duplicate.
 */
describe('the notification stream through the gateway', () => {
  const streams: E2eSseStream[] = [];
  let second: ManagedProcess | undefined;

  afterEach(async () => {
    await Promise.all(streams.splice(0).map((s) => s.close()));
  });

  afterAll(async () => {
    if (second) expect(await stopProcess(second, { timeoutMs: 15_000 })).toBe(0);
  });

  async function open(baseUrl: string, who: E2eUser, lastEventId: string): Promise<E2eSseStream> {
    const stream = await E2eSseStream.open(`${baseUrl}${STREAM_PATH}`, who.tokens.accessToken, lastEventId);
    streams.push(stream);
    return stream;
  }

  it("should show A's assignment on B's open stream as B's inbox shows it", async () => {
    const { a, b, projectId, newestSeq } = await assignerAndAssignee();
    // Last-Event-ID = the newest inbox item's seq, as a client that loaded the inbox first: nothing older comes
    const stream = await open(stackInfo().gateway.proxyUrl, b, newestSeq);

    const taskId = await assignNewTask(a, b, projectId, 'Watch the stream');

    await waitFor(() => stream.notifications.length === 1, { description: 'the assignment on B’s stream' });
    const [item] = (await inboxOf(b)).filter((i) => i.taskId === taskId);
    expect(stream.notifications).toEqual([item]);
    expect(item).toMatchObject({ kind: 'task.assigned', actorId: a.id, taskId, taskTitle: 'Watch the stream', count: 1, readAt: null });
    expect(stream.ids).toEqual([item.seq]);
    expect(stream.events.map((e) => e.event)).toEqual(['notification']);
  });

  it('should resume on another instance after Last-Event-ID: the two missed ones in order, then a live one', async () => {
    const info = stackInfo();
    const notification = info.services.notification;
    const port = await getFreePort();
    const secondUrl = `http://127.0.0.1:${port}`;
    // the same database, Redis prefix, vhost and settings as the stack's instance: only the port differs
    second = startProcess({
      name: 'notification-second',
      command: process.execPath,
      args: ['--enable-source-maps', path.join(info.root, 'dist/apps', notification.app, 'src/main.js')],
      env: { ...notification.env, PATH: process.env.PATH ?? '', PORT: String(port) },
      cwd: info.root,
      logFile: path.join(info.logDir, 'notification-second.log'),
      prefixOutput: false,
    });
    await waitForHttp(`${secondUrl}/health/ready`, { process: second, timeoutMs: 60_000 });

    const { a, b, projectId, newestSeq } = await assignerAndAssignee();
    const first = await open(info.gateway.proxyUrl, b, newestSeq);
    const task1 = await assignNewTask(a, b, projectId, 'First');
    await waitFor(() => first.notifications.length === 1, { description: 'event #1 through the gateway' });
    expect(first.notifications.map((n) => n.taskId)).toEqual([task1]);
    const lastSeen = first.ids[0];
    await first.close();

    const task2 = await assignNewTask(a, b, projectId, 'Second');
    const task3 = await assignNewTask(a, b, projectId, 'Third');
    // both are in B's inbox before B reconnects: missed while disconnected, not sent live
    await waitFor(async () => (await inboxOf(b)).filter((i) => i.taskId === task2 || i.taskId === task3).length === 2, {
      description: 'the two missed notifications in the inbox',
    });

    const resumed = await open(secondUrl, b, lastSeen);
    await waitFor(() => resumed.notifications.length >= 2, { description: 'the missed notifications on the second instance' });
    const task4 = await assignNewTask(a, b, projectId, 'Fourth');
    await waitFor(() => resumed.notifications.some((n) => n.taskId === task4), { description: 'the live notification on the second instance' });

    const items = await inboxOf(b);
    const byTask = (taskId: string): StreamedNotification => items.find((i) => i.taskId === taskId)!;
    expect(resumed.notifications).toEqual([byTask(task2), byTask(task3), byTask(task4)]);
    expect(resumed.ids).toEqual([task2, task3, task4].map((t) => byTask(t).seq));
    const seqs = [lastSeen, ...resumed.ids].map(BigInt);
    expect(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1])).toBe(true);
  });
});
