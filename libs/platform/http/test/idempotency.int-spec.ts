import { randomUUID } from 'node:crypto';
import { FaultProxy, integrationEnv, waitFor, waitForHealthy } from '@taskhub/platform-testing';
import { DataSource } from 'typeorm';
import { bearerOf } from './support/access-tokens';
import { NoteGate } from './support/note-probe.controller';
import { NOTE_PROBE_SERVICE } from './support/note-probe.module';
import { type RunningProbeService, startProbeService } from './support/probe-service.harness';

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

interface Caller {
  readonly id: string;
  readonly auth: Record<string, string>;
}

const newCaller = (): Caller => {
  const id = randomUUID();
  return { id, auth: bearerOf(id) };
};

async function post(svc: RunningProbeService, caller: Caller, body: unknown, key?: string, signal?: AbortSignal): Promise<Answer> {
  const response = await fetch(`${svc.baseUrl}/api/v1/test-notes`, {
    method: 'POST',
    headers: { ...caller.auth, 'content-type': 'application/json', ...(key === undefined ? {} : { 'idempotency-key': key }) },
    body: JSON.stringify(body),
    signal,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** What a client compares between a first answer and its replay. */
const seen = (answer: Answer): Record<string, unknown> => ({
  status: answer.status,
  body: JSON.parse(answer.text) as unknown,
  etag: answer.headers.get('etag'),
  location: answer.headers.get('location'),
  contentType: answer.headers.get('content-type'),
});

async function notesOf(svc: RunningProbeService, caller: Caller): Promise<string[]> {
  const rows = await svc.service.app.get(DataSource).query<Array<{ title: string }>>('SELECT title FROM probe_note WHERE owner_id = $1 ORDER BY title', [caller.id]);
  return rows.map((row) => row.title);
}

async function idempotencyCounts(svc: RunningProbeService): Promise<Record<string, number>> {
  const text = await (await svc.get('/metrics')).text();
  const counts: Record<string, number> = {};
  for (const match of text.matchAll(/^idempotency_requests_total\{result="([a-z_]+)",service="task-service"\} (\d+)$/gm)) counts[match[1]] = Number(match[2]);
  return counts;
}

describe('Idempotency-Key', () => {
  let svc: RunningProbeService;
  let other: RunningProbeService;

  beforeAll(async () => {
    svc = await startProbeService({ service: NOTE_PROBE_SERVICE });
    // a second instance of the same service: its own process state, the same database and Redis
    other = await startProbeService({ service: NOTE_PROBE_SERVICE, databaseUrl: svc.service.config.databaseUrl, migrate: false });
    await Promise.all([waitForHealthy(svc.baseUrl), waitForHealthy(other.baseUrl)]); // authenticated routes need Redis
  });

  afterAll(async () => {
    await other?.close();
    await svc?.close();
  });

  it('should answer a retry after a lost response with the first response, marked replayed, and create nothing', async () => {
    const caller = newCaller();
    const key = randomUUID();
    const held = svc.service.app.get(NoteGate).holdNext();
    const lost = new AbortController();
    const first = post(svc, caller, { title: 'once' }, key, lost.signal);
    await held.entered;
    lost.abort(); // the client never sees the first answer
    await expect(first).rejects.toThrow('This operation was aborted');
    held.release();

    const retry = await waitFor(
      async () => {
        const answer = await post(svc, caller, { title: 'once' }, key);
        return answer.status === 409 ? undefined : answer;
      },
      { description: 'the first request to finish' },
    );

    const [note] = await svc.service.app.get(DataSource).query<Array<{ id: string }>>('SELECT id FROM probe_note WHERE owner_id = $1', [caller.id]);
    expect(seen(retry)).toEqual({
      status: 201,
      body: { id: note.id, title: 'once', version: 1 },
      etag: '"1"',
      location: `/api/v1/test-notes/${note.id}`,
      contentType: 'application/json; charset=utf-8',
    });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await notesOf(svc, caller)).toEqual(['once']);
  });

  it('should answer the same key on another instance of the service with the first response', async () => {
    const caller = newCaller();
    const key = randomUUID();

    const first = await post(svc, caller, { title: 'shared' }, key);
    const elsewhere = await post(other, caller, { title: 'shared' }, key);

    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(seen(elsewhere)).toEqual(seen(first));
    expect(elsewhere.headers.get('idempotent-replayed')).toBe('true');
    expect(await notesOf(svc, caller)).toEqual(['shared']);
  });

  it('should refuse the same key with another body with 422 and create nothing', async () => {
    const caller = newCaller();
    const key = randomUUID();
    await post(svc, caller, { title: 'first' }, key);

    const reused = await post(svc, caller, { title: 'second' }, key);

    expect(reused.status).toBe(422);
    expect(JSON.parse(reused.text)).toEqual({
      statusCode: 422,
      code: 'IDEMPOTENCY.KEY_REUSED',
      message: 'this Idempotency-Key was used for another request: use a new key for a new request',
      correlationId: reused.headers.get('x-request-id'),
    });
    expect(await notesOf(svc, caller)).toEqual(['first']);
  });

  it('should answer a duplicate sent while the first runs with 409 and Retry-After, and the first answer once it is done', async () => {
    const caller = newCaller();
    const key = randomUUID();
    const held = svc.service.app.get(NoteGate).holdNext();
    const first = post(svc, caller, { title: 'slow' }, key);
    await held.entered;

    const duplicate = await post(other, caller, { title: 'slow' }, key);
    held.release();
    const answered = await first;
    const retry = await post(svc, caller, { title: 'slow' }, key);

    expect(duplicate.status).toBe(409);
    expect(duplicate.headers.get('retry-after')).toBe('1');
    expect(JSON.parse(duplicate.text)).toMatchObject({
      code: 'IDEMPOTENCY.IN_PROGRESS',
      message: 'a request with this Idempotency-Key is still being processed: retry after Retry-After seconds',
    });
    expect(answered.status).toBe(201);
    expect(seen(retry)).toEqual(seen(answered));
    expect(await notesOf(svc, caller)).toEqual(['slow']);
  });

  it('should create once for two duplicates sent at the same time: one 201, the other its replay or 409', async () => {
    const caller = newCaller();
    const key = randomUUID();

    const answers = await Promise.all([post(svc, caller, { title: 'race' }, key), post(other, caller, { title: 'race' }, key)]);

    const firsts = answers.filter((a) => a.status === 201 && a.headers.get('idempotent-replayed') === null);
    const others = answers.filter((a) => !firsts.includes(a));
    expect(firsts).toHaveLength(1);
    expect(others).toHaveLength(1);
    if (others[0].status === 201) expect([seen(others[0]), others[0].headers.get('idempotent-replayed')]).toEqual([seen(firsts[0]), 'true']);
    else expect([others[0].status, (JSON.parse(others[0].text) as { code: string }).code]).toEqual([409, 'IDEMPOTENCY.IN_PROGRESS']);
    expect(await notesOf(svc, caller)).toEqual(['race']);
  });

  it('should scope a key to its caller: another user with the same key and body creates their own', async () => {
    const alice = newCaller();
    const bob = newCaller();
    const key = randomUUID();

    const hers = await post(svc, alice, { title: 'mine' }, key);
    const his = await post(svc, bob, { title: 'mine' }, key);

    expect([hers.status, his.status, his.headers.get('idempotent-replayed')]).toEqual([201, 201, null]);
    expect((JSON.parse(his.text) as { id: string }).id).not.toBe((JSON.parse(hers.text) as { id: string }).id);
    expect([await notesOf(svc, alice), await notesOf(svc, bob)]).toEqual([['mine'], ['mine']]);
  });

  it('should replay a 4xx like a success: the same refusal again', async () => {
    const caller = newCaller();
    const key = randomUUID();

    const refused = await post(svc, caller, { title: '' }, key);
    const again = await post(other, caller, { title: '' }, key);

    expect(refused.status).toBe(400);
    expect([again.status, again.text, again.headers.get('idempotent-replayed')]).toEqual([400, refused.text, 'true']);
  });

  it('should give the key up after a 5xx, so that the retry runs the request', async () => {
    const caller = newCaller();
    const key = randomUUID();
    svc.service.app.get(NoteGate).failNext();

    const failed = await post(svc, caller, { title: 'eventually' }, key);
    const retry = await post(svc, caller, { title: 'eventually' }, key);

    expect(failed.status).toBe(500);
    expect([retry.status, retry.headers.get('idempotent-replayed')]).toEqual([201, null]);
    expect(await notesOf(svc, caller)).toEqual(['eventually']);
  });

  it('should refuse a key that is not 1-255 printable ASCII characters with 400 naming the header', async () => {
    const caller = newCaller();

    const answers = await Promise.all(['', 'x'.repeat(256)].map((key) => post(svc, caller, { title: 'never' }, key)));

    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.text)).toMatchObject({
        code: 'REQUEST.VALIDATION_FAILED',
        message: 'request validation failed: Idempotency-Key',
        details: [{ field: 'Idempotency-Key', constraints: { idempotencyKey: 'the Idempotency-Key header must be 1-255 printable ASCII characters' } }],
      });
    }
    expect(await post(svc, caller, { title: 'fine' }, 'x'.repeat(255))).toMatchObject({ status: 201 });
    expect(await notesOf(svc, caller)).toEqual(['fine']);
  });

  it('should leave a POST without the header alone: each one creates', async () => {
    const caller = newCaller();

    await post(svc, caller, { title: 'a' });
    await post(svc, caller, { title: 'a' });

    expect(await notesOf(svc, caller)).toEqual(['a', 'a']);
  });

  it('should count first requests, replays, conflicts and requests in progress', async () => {
    const caller = newCaller();
    const key = randomUUID();
    const slowKey = randomUUID();
    const before = await idempotencyCounts(svc);

    await post(svc, caller, { title: 'counted' }, key);
    await post(svc, caller, { title: 'counted' }, key);
    await post(svc, caller, { title: 'other' }, key);
    const held = svc.service.app.get(NoteGate).holdNext();
    const slow = post(svc, caller, { title: 'slow' }, slowKey);
    await held.entered;
    await post(svc, caller, { title: 'slow' }, slowKey);
    held.release();
    await slow;

    const after = await idempotencyCounts(svc);
    const delta = Object.fromEntries(Object.keys(after).map((result) => [result, after[result] - (before[result] ?? 0)]));
    expect(delta).toEqual({ first: 2, replayed: 1, conflict: 1, in_progress: 1 });
  });
});

describe('Idempotency-Key without Redis', () => {
  let proxy: FaultProxy;
  let svc: RunningProbeService;

  beforeAll(async () => {
    const env = integrationEnv();
    const redis = new URL(env.redisUrl);
    proxy = await FaultProxy.start({ target: { host: redis.hostname, port: Number(redis.port) } });
    svc = await startProbeService({ service: NOTE_PROBE_SERVICE, env: { REDIS_URL: proxy.url(env.redisUrl) } });
    await waitForHealthy(svc.baseUrl);
  });

  afterAll(async () => {
    proxy?.restore();
    await waitForHealthy(svc.baseUrl); // as dependency-outages does: closing while Redis reconnects kept Jest from exiting
    await svc?.close();
    await proxy?.close();
  });

  it('should answer 503 and create nothing: a request that asked for the guarantee never runs without it', async () => {
    const caller = newCaller();
    proxy.cut();
    await waitFor(async () => ((await (await svc.get('/health')).json()) as { status: string }).status === 'degraded', {
      description: 'the service to see Redis down',
    });

    const answer = await post(svc, caller, { title: 'unguarded' }, randomUUID());

    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.text)).toMatchObject({ code: 'DEPENDENCY.UNAVAILABLE' });
    expect(await notesOf(svc, caller)).toEqual([]);
  });
});
