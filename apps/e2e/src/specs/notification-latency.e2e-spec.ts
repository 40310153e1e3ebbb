import { waitFor } from '@taskhub/platform-testing';
import { assignerAndAssignee, assignNewTask, inboxOf } from '../support/e2e-notifications';
import { E2eSseStream } from '../support/e2e-sse';
import { stackInfo } from '../support/stack-info';

jest.setTimeout(120_000);

/** Issue 12's "within a second": from A's POST answered to B's stream having the notification. */
const BOUND_MS = 1000;
/** Distinct tasks (one task's notifications within the grouping window become one): 20 samples, every one bounded. */
const SAMPLES = 20;

interface Sample {
  readonly taskId: string;
  /** whole milliseconds: a failure lists the slow samples readably */
  readonly ms: number;
}

/** Nearest rank: the smallest value with at least `p` % of the values at or below it. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(samples: readonly Sample[]): string {
  const sorted = samples.map((s) => s.ms).sort((x, y) => x - y);
  const ms = (p: number): string => `${percentile(sorted, p)} ms`;
  return `notification latency, ${samples.length} assignments, POST answered → SSE data: median ${ms(50)} / p95 ${ms(95)} / max ${ms(100)} (bound ${BOUND_MS} ms)`;
}

/**
 * The done-when of issue 12, timed: B is assigned a task by A and sees it within a second on an open stream and in the
 * inbox, every time. Each sample runs from the moment A has the 201 (the task and its outbox row are committed) to
 * the moment the SSE frame reached B's client; the path and what bounds each hop: docs/notifications.md, "How fast a
 * notification arrives".
 */
describe('notification latency through the gateway', () => {
  let stream: E2eSseStream | undefined;

  afterEach(async () => {
    await stream?.close();
  });

  it(`should show each of ${SAMPLES} assignments on B's open stream within ${BOUND_MS} ms, and in B's inbox by then`, async () => {
    const { a, b, projectId, newestSeq } = await assignerAndAssignee();
    const open = await E2eSseStream.open(`${stackInfo().gateway.proxyUrl}/api/v1/notifications/stream`, b.tokens.accessToken, newestSeq);
    stream = open;
    const samples: Sample[] = [];

    for (let i = 1; i <= SAMPLES; i++) {
      const taskId = await assignNewTask(a, b, projectId, `Latency ${i}`);
      const answeredAt = performance.now();
      const arrival = await waitFor(() => open.arrivals.find((x) => x.notification.taskId === taskId), { description: `assignment ${i} on B's stream` });
      samples.push({ taskId, ms: Math.round(arrival.receivedAt - answeredAt) });
      // Stored before pushed: Notifier writes the row in the consumer's transaction and publishes on Redis only in
      // afterCommit (notifications/notifier.ts), and LiveStream sends rows it reads from the table, never the Redis
      // message (notification-stream/live-stream.ts). So the inbox already has what the stream has sent: no waitFor.
      const inInbox = (await inboxOf(b)).find((item) => item.taskId === taskId);
      expect(inInbox).toEqual(arrival.notification);
    }

    process.stdout.write(`${summary(samples)}\n`);
    expect(samples.filter((s) => s.ms >= BOUND_MS)).toEqual([]);
    // once each, none missing, in the order assigned: what the stream sent, and what the inbox holds
    const assigned = samples.map((s) => s.taskId);
    expect(open.notifications.map((n) => [n.kind, n.taskId, n.count])).toEqual(assigned.map((taskId) => ['task.assigned', taskId, 1]));
    const inbox = await inboxOf(b, '?limit=100');
    expect(inbox.filter((item) => item.kind === 'task.assigned').map((item) => item.taskId)).toEqual([...assigned].reverse());
  });
});
