import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import path from 'node:path';
import { waitFor } from '@taskhub/platform-testing';
import { callAs, type E2eUser, newUser, projectWith, setAssignmentChannels } from '../support/e2e-notifications';
import { stackInfo } from '../support/stack-info';

jest.setTimeout(90_000);

type Verify = (secret: string, rawBody: string, signatureHeader: string) => boolean;

/** The verification snippet of docs/webhooks.md (the js block after `<!-- verify-snippet -->`), as a function. */
function verifierFromDocs(): Verify {
  const doc = readFileSync(path.join(stackInfo().root, 'docs/webhooks.md'), 'utf8');
  const match = /<!-- verify-snippet -->\s*```js\n([\s\S]*?)```/.exec(doc);
  if (!match) throw new Error('docs/webhooks.md has no js block after <!-- verify-snippet -->');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the documented snippet itself is what is tested
  return (new Function('require', `${match[1]}\nreturn verifyTaskHubSignature;`) as (req: NodeJS.Require) => Verify)(require);
}

interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}
interface DeliveryBody {
  id: string;
  status: string;
  attempts: number;
  responseCode: number | null;
}

/** Webhooks through the gateway to receivers of this test on 127.0.0.1 (the run sets WEBHOOK_ALLOW_LOOPBACK). */
describe('webhooks through the gateway', () => {
  const received: Received[] = [];
  const statuses = new Map<string, number>();
  let server: Server;
  const url = (p: string): string => `http://127.0.0.1:${(server.address() as AddressInfo).port}${p}`;
  const at = (p: string): Received[] => received.filter((r) => r.path === p);

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const p = request.url ?? '/';
        received.push({ path: p, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(statuses.get(p) ?? 200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const createWebhook = async (who: E2eUser, hookUrl: string): Promise<{ id: string; secret: string }> => {
    const created = await callAs(who, 'POST', '/webhooks', { url: hookUrl, events: ['task.assigned'] });
    expect(created.status).toBe(201);
    return created.json<{ id: string; secret: string }>();
  };
  const deliveries = async (who: E2eUser, webhookId: string): Promise<DeliveryBody[]> =>
    (await callAs(who, 'GET', `/webhooks/${webhookId}/deliveries`)).json<{ items: DeliveryBody[] }>().items;
  const settled = (who: E2eUser, webhookId: string, status: string, attempts: number): Promise<DeliveryBody> =>
    waitFor(async () => (await deliveries(who, webhookId)).find((d) => d.status === status && d.attempts === attempts), {
      description: `a delivery of ${webhookId} ${status} after ${attempts} attempt(s)`,
    });

  it('should deliver a correctly signed assignment, and retry a failing receiver (500) until a redelivery succeeds', async () => {
    const tag = randomBytes(3).toString('hex');
    const [a, b] = [await newUser(`ada-${tag}`), await newUser(`bea-${tag}`)];
    await setAssignmentChannels(b, { inApp: true, email: false, webhook: true });
    const [okPath, failingPath] = [`/ok-${tag}`, `/failing-${tag}`];
    statuses.set(failingPath, 500);
    const ok = await createWebhook(b, url(okPath));
    const failing = await createWebhook(b, url(failingPath));
    const projectId = await projectWith(a, [b], tag);

    const task = await callAs(a, 'POST', '/tasks', { projectId, title: `Hook me ${tag}`, assigneeIds: [b.id] });
    expect(task.status).toBe(201);

    const delivered = await settled(b, ok.id, 'succeeded', 1);
    const [request] = at(okPath);
    expect(request.headers['taskhub-delivery']).toBe(delivered.id);
    expect(JSON.parse(request.body)).toMatchObject({ type: 'task.assigned', webhookId: ok.id, actorId: a.id, data: { taskId: task.json<{ id: string }>().id, assigneeIds: [b.id] } });
    const verify = verifierFromDocs();
    expect(verify(ok.secret, request.body, String(request.headers['taskhub-signature']))).toBe(true);
    expect(verify(failing.secret, request.body, String(request.headers['taskhub-signature']))).toBe(false);

    const failed = await settled(b, failing.id, 'failed', 3); // WEBHOOK_MAX_ATTEMPTS=3 in e2e
    expect(failed.responseCode).toBe(500);
    expect(at(failingPath).map((r) => r.headers['taskhub-delivery'])).toEqual([failed.id, failed.id, failed.id]);
    statuses.set(failingPath, 204);
    const redelivered = await callAs(b, 'POST', `/webhooks/${failing.id}/deliveries/${failed.id}/redeliver`);
    expect(redelivered.status).toBe(200);
    expect(await settled(b, failing.id, 'succeeded', 4)).toMatchObject({ id: failed.id, responseCode: 204 });
    expect(verify(failing.secret, at(failingPath)[3].body, String(at(failingPath)[3].headers['taskhub-signature']))).toBe(true);
  });

  it.each([
    ['a private address', 'http://10.0.0.1/hook', '10.0.0.1'],
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data', '169.254.169.254'],
  ])('should refuse a webhook to %s with 422', async (_label, hookUrl, address) => {
    const who = await newUser(`ssrf-${randomBytes(3).toString('hex')}`);
    const refused = await callAs(who, 'POST', '/webhooks', { url: hookUrl, events: ['task.assigned'] });
    expect(refused.status).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'WEBHOOK.ADDRESS_FORBIDDEN', details: { address } });
    expect((await callAs(who, 'GET', '/webhooks')).json()).toMatchObject({ items: [] });
  });
});
