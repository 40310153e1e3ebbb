import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { SERVICE_CATALOG } from '@taskhub/platform-config';
import { getFreePort, startProcess, stopProcess, waitForHttp, type ManagedProcess } from '@taskhub/tooling-stack';
import { startExtraGateway } from '../support/extra-gateway';
import { stackInfo } from '../support/stack-info';

jest.setTimeout(180_000);

/** The auth service's default login attempts per client address and minute (AUTH_LOGIN_MAX_ATTEMPTS_PER_IP_PER_MINUTE). */
const LOGIN_LIMIT_PER_IP = 30;

/** A failed login (an unknown e-mail each time, so only the per-address limit can refuse it), from `localAddress`. */
function failedLogin(url: string, n: number, headers: Record<string, string>, localAddress = '127.0.0.1'): Promise<number> {
  const body = JSON.stringify({ email: `nobody-${n}-${Date.now()}@example.com`, password: 'not the password at all' });
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}/api/v1/auth/login`,
      { method: 'POST', localAddress, agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Forty failed logins in a row, the i-th with the headers `headersFor(i)` gives; their statuses. */
async function fortyFailedLogins(url: string, headersFor: (i: number) => Record<string, string>, localAddress?: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < 40; i++) statuses.push(await failedLogin(url, i, headersFor(i), localAddress));
  return statuses;
}

const count = (statuses: number[], status: number): number => statuses.filter((s) => s === status).length;

/**
 * The client address that per-IP limits use is the one the edge saw, whatever the client writes. A dedicated auth
 * instance keeps the production per-IP login limit (the stack's raises it for the suite's single address) and trusts
 * only the gateway's address; a dedicated gateway runs kong/kong.yml in front of it.
 */
describe('client address', () => {
  let auth: ManagedProcess | undefined;
  let gateway: ManagedProcess | undefined;
  let authUrl = '';
  let gatewayUrl = '';

  beforeAll(async () => {
    const info = stackInfo();
    const stackAuth = info.services.auth;
    const authPort = await getFreePort();
    authUrl = `http://127.0.0.1:${authPort}`;
    const { AUTH_LOGIN_MAX_ATTEMPTS_PER_IP_PER_MINUTE: _raised, ...authEnv } = stackAuth.env;
    auth = startProcess({
      name: 'auth-client-address',
      command: process.execPath,
      args: [path.join(info.root, 'dist/apps', stackAuth.app, 'src/main.js')],
      env: {
        ...authEnv,
        PATH: process.env.PATH ?? '',
        PORT: String(authPort),
        // under the stack auth's own prefix: it connects as the stack auth's Redis user, whose keys are there alone
        REDIS_KEY_PREFIX: `${stackAuth.env.REDIS_KEY_PREFIX}client-address:`,
        // the gateway connects from 127.0.0.1; a client on 127.0.0.2 is not a proxy
        TRUSTED_PROXIES: '127.0.0.1',
      },
      cwd: info.root,
      logFile: path.join(info.logDir, 'auth-client-address.log'),
      prefixOutput: false,
    });

    const proxyPort = await getFreePort();
    gatewayUrl = `http://127.0.0.1:${proxyPort}`;
    const connectTo = SERVICE_CATALOG.map((s) => `${s.app}:${s.port}=127.0.0.1:${new URL(s.name === 'auth' ? authUrl : info.services[s.name].baseUrl).port}`);
    gateway = startExtraGateway({ name: 'gateway-client-address', connectTo, proxyPort, statusListen: 'off' });
    await waitForHttp(`${authUrl}/health/ready`, { process: auth, timeoutMs: 60_000 });
    // a public route that counts against no login limit: 200 once the gateway's health checks see the new instance
    await waitForHttp(`${gatewayUrl}/api/v1/auth/.well-known/jwks.json`, { process: gateway, timeoutMs: 60_000 });
  });

  afterAll(async () => {
    if (gateway) await stopProcess(gateway, { timeoutMs: 10_000 });
    if (auth) await stopProcess(auth, { timeoutMs: 15_000 });
  });

  it('should refuse the 31st failed login through the gateway with 429 although each carried its own X-Forwarded-For', async () => {
    const statuses = await fortyFailedLogins(gatewayUrl, (i) => ({ 'x-forwarded-for': `198.51.100.${i + 1}`, 'x-real-ip': `203.0.113.${i + 1}` }));

    expect(statuses.slice(0, LOGIN_LIMIT_PER_IP)).toEqual(Array(LOGIN_LIMIT_PER_IP).fill(401));
    expect(statuses.slice(LOGIN_LIMIT_PER_IP)).toEqual(Array(40 - LOGIN_LIMIT_PER_IP).fill(429));
  });

  it('should count a client that reaches the service directly, from an address that is not a proxy, by that address', async () => {
    const statuses = await fortyFailedLogins(authUrl, (i) => ({ 'x-forwarded-for': `198.51.100.${i + 1}`, 'x-real-ip': `203.0.113.${i + 1}` }), '127.0.0.2');

    expect(count(statuses, 401)).toBe(LOGIN_LIMIT_PER_IP);
    expect(count(statuses, 429)).toBe(40 - LOGIN_LIMIT_PER_IP);
  });
});
