import { isSecretKey, redactSecrets } from './redact-secrets';
import { createRootLogger } from './root-logger';

function capture(): { lines: Record<string, unknown>[]; destination: { write: (line: string) => void } } {
  const lines: Record<string, unknown>[] = [];
  return { lines, destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) } };
}

describe('log redaction', () => {
  it('should redact every secret key at any depth and keep everything else as it was', () => {
    const { lines, destination } = capture();
    const logger = createRootLogger({ service: 'auth-service', level: 'info', destination });
    const fields = {
      email: 'ada@example.com',
      body: { auth: { refreshToken: 'r-1', session: { device: { resetToken: 't-1', label: 'phone' } } } },
      request: { headers: { Authorization: 'Bearer abc', cookie: 'sid=1', 'x-api-key': 'k-1', accept: 'application/json' } },
      keys: [{ apiKey: 'k-2', name: 'ci' }, { token: 't-2' }],
      client: { secret: 's-1', id: 'c-1' },
      password: 'p-1',
      tokenCount: 3,
    };

    logger.info(fields, 'signed in');

    const { time, pid, ...line } = lines[0];
    expect(typeof time).toBe('string');
    expect(pid).toBe(process.pid);
    expect(line).toEqual({
      level: 'info',
      service: 'auth-service',
      msg: 'signed in',
      email: 'ada@example.com',
      body: { auth: { refreshToken: '[REDACTED]', session: { device: { resetToken: '[REDACTED]', label: 'phone' } } } },
      request: { headers: { Authorization: '[REDACTED]', cookie: '[REDACTED]', 'x-api-key': '[REDACTED]', accept: 'application/json' } },
      keys: [{ apiKey: '[REDACTED]', name: 'ci' }, { token: '[REDACTED]' }],
      client: { secret: '[REDACTED]', id: 'c-1' },
      password: '[REDACTED]',
      tokenCount: 3,
    });
    expect(fields.body.auth.refreshToken).toBe('r-1'); // the caller's object is not changed
  });

  it('should redact the properties of a logged error', () => {
    const { lines, destination } = capture();
    const logger = createRootLogger({ service: 'user-service', level: 'info', destination });
    const error = Object.assign(new Error('upstream refused'), { response: { headers: { 'set-cookie': 'sid=2' }, status: 401 } });

    logger.error({ err: error }, 'call failed');

    expect(lines[0]).toMatchObject({ msg: 'call failed' });
    expect(lines[0].err).toEqual({
      type: 'Error',
      message: 'upstream refused',
      stack: error.stack,
      response: { headers: { 'set-cookie': '[REDACTED]' }, status: 401 },
    });
  });
});

describe(isSecretKey.name, () => {
  it.each(['password', 'newPassword', 'refreshToken', 'refresh_token', 'resetToken', 'token', 'apiKey', 'X-Api-Key', 'secret', 'clientSecret', 'authorization', 'proxy-authorization', 'cookie', 'set-cookie'])(
    'should treat %s as a secret',
    (key) => expect(isSecretKey(key)).toBe(true),
  );

  it.each(['email', 'tokenCount', 'passwordChangedAt', 'keyId', 'name'])('should not treat %s as a secret', (key) => expect(isSecretKey(key)).toBe(false));
});

describe(redactSecrets.name, () => {
  it('should mark a cycle instead of following it', () => {
    const node: Record<string, unknown> = { token: 't', name: 'n' };
    node.self = node;
    expect(redactSecrets(node)).toEqual({ token: '[REDACTED]', name: 'n', self: '[Circular]' });
  });
});
