import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { TASK_TASK_ASSIGNED_V1, type TaskTaskAssignedV1 } from '@taskhub/contracts';
import { TestEventPublisher, waitFor } from '@taskhub/platform-testing';
import { mailTo } from '../support/e2e-mailbox';
import { callAs, newUser, setAssignmentChannels } from '../support/e2e-notifications';
import { stackInfo } from '../support/stack-info';

jest.setTimeout(90_000);

interface Inbox {
  readonly items: { taskId: string | null; count: number }[];
}

/**
 * An event the broker delivers twice (the same envelope published again on the run's vhost, as a producer's relay
 * would after a lost confirm) makes one in-app notification, one e-mail and one webhook delivery.
 */
describe('a duplicated event through the whole notification service', () => {
  const bodies: string[] = [];
  let server: Server;
  let events: TestEventPublisher;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        bodies.push(Buffer.concat(chunks).toString('utf8'));
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    events = await TestEventPublisher.connect(stackInfo().services.notification.env.RABBITMQ_URL);
  });

  afterAll(async () => {
    await events?.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('should make one notification, one e-mail and one delivery of an event published twice', async () => {
    const tag = randomBytes(3).toString('hex');
    const [a, b] = [await newUser(`ada-${tag}`), await newUser(`bea-${tag}`)];
    await setAssignmentChannels(b, { inApp: true, email: true, webhook: true });
    const hook = await callAs(b, 'POST', '/webhooks', { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, events: ['task.assigned'] });
    expect(hook.status).toBe(201);
    const assignment = (title: string): TaskTaskAssignedV1 => ({ taskId: randomUUID(), projectId: randomUUID(), key: 'DUP-1', title, assigneeIds: [b.id], assignedBy: a.id });

    const twice = assignment(`Twice ${tag}`);
    const envelope = await events.publish(TASK_TASK_ASSIGNED_V1, twice);
    await events.publish(TASK_TASK_ASSIGNED_V1, twice, envelope);
    const after = assignment(`After ${tag}`); // published after the duplicate: once it is through, so is the duplicate
    const later = await events.publish(TASK_TASK_ASSIGNED_V1, after);

    const inbox = await waitFor(
      async () => {
        const items = (await callAs(b, 'GET', '/notifications')).json<Inbox>().items;
        return items.some((i) => i.taskId === after.taskId) && items;
      },
      { description: "B's notification of the later event" },
    );
    // e-mails go out in rounds of claimed batches, not strictly in the order of their events: both are awaited
    await waitFor(() => [after.title, twice.title].every((title) => mailTo(b.email).some((m) => m.text.includes(title))), {
      description: 'the e-mails of both events',
    });
    await waitFor(() => bodies.some((body) => (JSON.parse(body) as { eventId: string }).eventId === later.id), { description: 'the delivery of the later event' });

    expect(inbox.filter((i) => i.taskId === twice.taskId).map((i) => i.count)).toEqual([1]);
    expect(mailTo(b.email).filter((m) => m.text.includes(twice.title))).toHaveLength(1);
    expect(bodies.filter((body) => (JSON.parse(body) as { eventId: string }).eventId === envelope.id)).toHaveLength(1);
  });
});
