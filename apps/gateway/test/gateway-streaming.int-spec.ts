import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_CATALOG } from '@taskhub/platform-config';
import { integrationEnv, waitFor } from '@taskhub/platform-testing';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { Agent, fetch } from 'undici';
import { parse } from 'yaml';
import { redisAddress, REPO_ROOT, startGateway, type StartedGateway, writeTempConfig, gatewayRedisUserEnv } from './support/gateway-harness';
import { generateSigningKey, keyDirectory, signToken } from './support/jwt-keys';
import { SseUpstream } from './support/sse-upstream';

/** The notification service's read_timeout in the copy of kong.yml the spec runs: a heartbeat every 200 ms beats it. */
const READ_TIMEOUT_MS = 1000;
const HEARTBEAT_MS = 200;

interface Reading {
  readonly status: number;
  readonly events: EventSourceMessage[];
  comments: number;
  ended: boolean;
}

/** Reads an SSE response through the gateway with fetch, chunk by chunk, as a fetch-based SSE client does. */
async function read(url: string, token: string, agent: Agent): Promise<Reading> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, dispatcher: agent });
  const reading: Reading = { status: response.status, events: [], comments: 0, ended: false };
  const parser = createParser({ onEvent: (e) => reading.events.push(e), onComment: () => reading.comments++ });
  void (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
    } catch {
      // the gateway cut the stream, or the test aborted it
    } finally {
      reading.ended = true;
    }
  })();
  return reading;
}

/** kong/kong.yml's stream route through the local gateway: chunks pass as they come, heartbeats keep it open. */
describe('kong/kong.yml notification stream through the gateway', () => {
  const key = generateSigningKey('key-stream');
  let upstream: SseUpstream;
  let gw: StartedGateway;
  /** one connection pool per stream, destroyed at the end (the client disconnecting) */
  const agents: Agent[] = [];

  beforeAll(async () => {
    const env = integrationEnv();
    upstream = await SseUpstream.start();
    const doc = parse(readFileSync(join(REPO_ROOT, 'kong/kong.yml'), 'utf8')) as { services: { name: string; read_timeout: number; routes: Record<string, unknown>[] }[] };
    const service = doc.services.find((s) => s.name === 'notification-service')!;
    expect(service.routes.find((r) => r.name === 'notification-stream')).toMatchObject({ paths: ['/api/v1/notifications/stream'], response_buffering: false, request_buffering: false });
    service.read_timeout = READ_TIMEOUT_MS;
    gw = await startGateway(writeTempConfig(doc), {
      GATEWAY_CONNECT_TO: [...SERVICE_CATALOG.map((s) => `${s.app}:${s.port}=127.0.0.1:${upstream.port}`), `redis:6379=${redisAddress(env.redisUrl)}`].join(','),
      GATEWAY_REDIS_KEY_PREFIX: `${env.redisKeyPrefix}gateway-streaming-`,
      ...gatewayRedisUserEnv(env.redisUrl),
      JWT_PUBLIC_KEYS_DIR: keyDirectory(key),
      LOG_LEVEL: 'warn',
    });
  });

  afterAll(async () => {
    await Promise.all(agents.map((agent) => agent.destroy()));
    await gw?.close();
    await upstream?.close();
  });

  const open = async (): Promise<Reading> => {
    const agent = new Agent();
    agents.push(agent);
    const before = upstream.streams.length;
    const reading = await read(`${gw.url}/api/v1/notifications/stream`, signToken(key), agent);
    await waitFor(() => upstream.streams.length === before + 1, { description: 'the stream open at the upstream' });
    return reading;
  };

  it('should pass each event as it comes and keep the stream open past read_timeout while heartbeats flow', async () => {
    const reading = await open();
    const stream = upstream.streams.at(-1)!;
    expect(reading.status).toBe(200);

    upstream.send(stream, '1', '{"n":1}');
    await waitFor(() => reading.events.length === 1, { description: 'the first event, while the response is still open' });
    const heartbeat = setInterval(() => stream.write(': ping\n\n'), HEARTBEAT_MS);
    try {
      // more heartbeats than fit in read_timeout: the gateway has held the stream open longer than its read timeout
      await waitFor(() => reading.comments * HEARTBEAT_MS >= 2 * READ_TIMEOUT_MS, { description: 'heartbeats for twice read_timeout', timeoutMs: 10_000 });
      upstream.send(stream, '2', '{"n":2}');
      await waitFor(() => reading.events.length === 2, { description: 'the second event' });
    } finally {
      clearInterval(heartbeat);
    }
    expect(reading.events).toEqual([
      { id: '1', event: 'notification', data: '{"n":1}' },
      { id: '2', event: 'notification', data: '{"n":2}' },
    ]);
    expect(reading.ended).toBe(false);
  });

  it('should cut a stream that stays silent for longer than read_timeout (what the heartbeats prevent)', async () => {
    const reading = await open();
    upstream.send(upstream.streams.at(-1)!, '1', '{"n":1}');
    await waitFor(() => reading.events.length === 1, { description: 'the first event' });

    await waitFor(() => reading.ended, { description: 'the gateway ending the silent stream', timeoutMs: 10_000 });
    expect(reading.events).toHaveLength(1);
  });
});
