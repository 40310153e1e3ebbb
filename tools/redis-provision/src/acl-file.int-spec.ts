import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getFreePort, waitFor } from '@taskhub/platform-testing';
import { taskhubRedisUsers } from '@taskhub/tooling-stack';
import Redis from 'ioredis';
import { REDIS_ADMIN_USER, renderAclFile } from './acl-file';

/** The ACL file compose's Redis starts with, loaded by a real redis-server of its own (this machine's binary). */
describe(renderAclFile.name, () => {
  let dir: string;
  let server: ChildProcess;
  let port: number;
  const clients: Redis[] = [];
  const passwordOf = (name: string): string => `${name}-password-0123456789`;

  /** The last error the connection reported (a refused AUTH is reported, not thrown by connect()). */
  const lastError = new Map<Redis, string>();
  const connect = async (user?: string, password?: string): Promise<Redis> => {
    const client = new Redis({ port, host: '127.0.0.1', username: user, password, lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', (error: Error) => lastError.set(client, error.message.split(' ')[0]));
    clients.push(client);
    await client.connect();
    return client;
  };
  const outcome = (promise: Promise<unknown>): Promise<string> =>
    promise.then(
      (value) => String(value),
      (error: Error) => error.message.split(' ')[0],
    );

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'taskhub-redis-acl-'));
    const file = path.join(dir, 'users.acl');
    writeFileSync(file, renderAclFile(passwordOf('admin'), taskhubRedisUsers(passwordOf)));
    port = await getFreePort();
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--aclfile', file], { stdio: 'ignore' });
    await waitFor(async () => (await outcome(connect(REDIS_ADMIN_USER, passwordOf('admin')).then((c) => c.ping()))) === 'PONG', {
      description: 'redis-server with the ACL file',
      timeoutMs: 10_000,
    });
  });

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    server?.kill('SIGTERM');
    await new Promise((resolve) => (server.exitCode === null ? server.once('exit', resolve) : resolve(undefined)));
    rmSync(dir, { recursive: true, force: true });
  });

  it('should refuse a connection that names no user: the default user is off', async () => {
    expect(await outcome(connect().then((c) => c.get('taskhub:shared:revoked:sid:x')))).toMatch(/^(NOAUTH|NOPERM)$/);
  });

  it('should let taskhub_auth write the revocations, taskhub_task read them only, and refuse a wrong password', async () => {
    const auth = await connect('taskhub_auth', passwordOf('auth'));
    const task = await connect('taskhub_task', passwordOf('task'));
    expect(await auth.set('taskhub:shared:revoked:sid:1', '1')).toBe('OK');
    expect(await task.exists('taskhub:shared:revoked:sid:1')).toBe(1);
    expect(await outcome(task.del('taskhub:shared:revoked:sid:1'))).toBe('NOPERM');
    expect(await outcome(task.get('taskhub:auth:anything'))).toBe('NOPERM');
    const wrong = await connect('taskhub_task', 'wrong').catch(() => clients[clients.length - 1]);
    await waitFor(() => lastError.has(wrong), { description: 'the refused AUTH', timeoutMs: 5_000 });
    expect(lastError.get(wrong)).toBe('WRONGPASS');
  });

  it("should let taskhub_gateway count Kong's rate limits and nothing else", async () => {
    const gateway = await connect('taskhub_gateway', passwordOf('gateway'));
    expect(await gateway.incr('ratelimit:00000000-0000-0000-0000-000000000000:127.0.0.1:1764945600000:minute')).toBe(1);
    expect(await outcome(gateway.get('taskhub:shared:revoked:sid:1'))).toBe('NOPERM');
  });
});
