import { randomUUID } from 'node:crypto';
import { waitForHealthy } from '@taskhub/platform-testing';
import { bearerOf } from './support/access-tokens';
import { NOTE_PROBE_SERVICE } from './support/note-probe.module';
import { type RunningProbeService, startProbeService } from './support/probe-service.harness';

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

describe('ETag and If-Match', () => {
  let svc: RunningProbeService;
  const auth = bearerOf(randomUUID());

  beforeAll(async () => {
    svc = await startProbeService({ service: NOTE_PROBE_SERVICE });
    await waitForHealthy(svc.baseUrl); // authenticated routes answer 503 until Redis is connected
  });

  afterAll(async () => {
    await svc.close();
  });

  async function call(method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Answer> {
    const response = await fetch(`${svc.baseUrl}/api/v1/test-notes${path}`, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  const errorOf = (answer: Answer): Record<string, unknown> => {
    const { correlationId: _correlationId, ...rest } = JSON.parse(answer.text) as Record<string, unknown>;
    return { status: answer.status, ...rest };
  };

  async function createNote(title: string): Promise<string> {
    const created = await call('POST', '', {}, { title });
    expect(created.status).toBe(201);
    return (JSON.parse(created.text) as { id: string }).id;
  }

  it('should give a created and a read resource the ETag of its version', async () => {
    const created = await call('POST', '', {}, { title: 'first' });
    const { id } = JSON.parse(created.text) as { id: string };

    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.headers.get('location')).toBe(`/api/v1/test-notes/${id}`);
    const read = await call('GET', `/${id}`);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(JSON.parse(read.text)).toEqual({ id, title: 'first', version: 1 });
  });

  it('should answer a read whose If-None-Match names the current ETag with 304 and no body, and another with 200', async () => {
    const id = await createNote('cached');

    const notModified = await call('GET', `/${id}`, { 'if-none-match': '"1"' });
    const weak = await call('GET', `/${id}`, { 'if-none-match': 'W/"1"' });
    const changed = await call('GET', `/${id}`, { 'if-none-match': '"0"' });

    expect([notModified.status, notModified.headers.get('etag'), notModified.text]).toEqual([304, '"1"', '']);
    expect(weak.status).toBe(304);
    expect([changed.status, changed.headers.get('etag'), JSON.parse(changed.text)]).toEqual([200, '"1"', { id, title: 'cached', version: 1 }]);
  });

  it('should answer a change without If-Match with 428 and change nothing', async () => {
    const id = await createNote('kept');

    const answer = await call('PATCH', `/${id}`, {}, { title: 'lost' });

    expect(errorOf(answer)).toEqual({
      status: 428,
      statusCode: 428,
      code: 'PRECONDITION.REQUIRED',
      message: 'this needs If-Match with the ETag of the version you last read (GET it first)',
    });
    expect(JSON.parse((await call('GET', `/${id}`)).text)).toEqual({ id, title: 'kept', version: 1 });
  });

  it('should answer If-Match: *, a list, a weak or a malformed ETag with 412 and say why', async () => {
    const id = await createNote('kept');

    const star = await call('PATCH', `/${id}`, { 'if-match': '*' }, { title: 'lost' });
    const list = await call('PATCH', `/${id}`, { 'if-match': '"1", "2"' }, { title: 'lost' });
    const weak = await call('PATCH', `/${id}`, { 'if-match': 'W/"1"' }, { title: 'lost' });
    const malformed = await call('PATCH', `/${id}`, { 'if-match': '1' }, { title: 'lost' });

    expect(errorOf(star)).toEqual({
      status: 412,
      statusCode: 412,
      code: 'PRECONDITION.FAILED',
      message: 'If-Match: * is not accepted: send the ETag of the version you last read, so that a change made since is not overwritten',
    });
    expect(errorOf(list).message).toBe('If-Match must name one version, not a list: send the ETag of the version you last read');
    expect(errorOf(weak).message).toBe('a weak ETag (W/) never matches If-Match: send the ETag as this service sent it, e.g. "3"');
    expect(errorOf(malformed)).toEqual({ status: 412, statusCode: 412, code: 'PRECONDITION.FAILED', message: 'If-Match must be one ETag as this service sent it, e.g. "3"' });
    expect(JSON.parse((await call('GET', `/${id}`)).text)).toEqual({ id, title: 'kept', version: 1 });
  });

  it('should apply a change whose If-Match is current, answer the new ETag, and refuse the second writer of the old version with 412', async () => {
    const id = await createNote('draft');

    const first = await call('PATCH', `/${id}`, { 'if-match': '"1"' }, { title: 'mine' });
    const second = await call('PATCH', `/${id}`, { 'if-match': '"1"' }, { title: 'theirs' });

    expect([first.status, first.headers.get('etag'), JSON.parse(first.text)]).toEqual([200, '"2"', { id, title: 'mine', version: 2 }]);
    expect(errorOf(second)).toEqual({
      status: 412,
      statusCode: 412,
      code: 'PRECONDITION.FAILED',
      message: 'the resource has changed since the version in If-Match: read it again, re-apply your change and send its new ETag',
      details: { currentVersion: 2 },
    });
    expect(JSON.parse((await call('GET', `/${id}`)).text)).toEqual({ id, title: 'mine', version: 2 });
  });

  it('should delete only with the current version: 428 without If-Match, 412 on a stale one, 204 on the right one', async () => {
    const id = await createNote('doomed');
    await call('PATCH', `/${id}`, { 'if-match': '"1"' }, { title: 'changed' });

    const without = await call('DELETE', `/${id}`);
    const stale = await call('DELETE', `/${id}`, { 'if-match': '"1"' });
    const current = await call('DELETE', `/${id}`, { 'if-match': '"2"' });

    expect([without.status, stale.status, current.status]).toEqual([428, 412, 204]);
    expect(errorOf(stale).details).toEqual({ currentVersion: 2 });
    expect((await call('GET', `/${id}`)).status).toBe(404);
  });
});
