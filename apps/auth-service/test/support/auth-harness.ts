import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeNewKeyPair } from '@taskhub/platform-auth';
import { loadServiceConfig } from '@taskhub/platform-config';
import { buildDataSourceOptions, runMigrations } from '@taskhub/platform-database';
import { createServiceApp, type ServiceApp } from '@taskhub/platform-http';
import { createScratchDatabase, EventTap, integrationEnv, LogCapture, type ScratchDatabase, serviceTestEnv } from '@taskhub/platform-testing';
import { AUTH_USER_VERIFICATION_REQUESTED_V1 } from '@taskhub/contracts';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { AuthServiceConfig } from '../../src/config/auth.config';
import { AUTH_DATABASE } from '../../src/database/auth-database';
import { type TokenPair } from '../../src/sessions/token-pair';

export interface HttpResult<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface NewAccount {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly displayName: string;
}

/** A unique account input that passes the password policy. */
export function accountInput(label = 'user'): Omit<NewAccount, 'id'> {
  const tag = randomBytes(4).toString('hex');
  return { email: `${label}-${tag}@example.com`, password: `violet kettle ${randomBytes(4).toString('hex')} orbit`, displayName: `${label} ${tag}` };
}

/** A registered account that has not verified its address yet, with the token of its verification e-mail. */
export interface UnverifiedAccount extends NewAccount {
  readonly verificationToken: string;
}

export interface AuthHarnessOptions {
  /** scratch database label (one per spec file) */
  readonly label: string;
  readonly env?: Record<string, string>;
}

/**
 * The auth service in-process on a free port: its own scratch database, Redis prefixes and signing-key folder (one
 * fresh key pair), so a spec can rotate keys, trip brute-force limits or stop Redis without touching another spec.
 */
export class AuthHarness {
  private constructor(
    readonly service: ServiceApp<AuthServiceConfig>,
    readonly baseUrl: string,
    readonly keysDir: string,
    readonly logs: LogCapture,
    private readonly scratch: ScratchDatabase,
  ) {}

  /** Receives auth.user.verification_requested.v1 as the notification service does (opened on first use). */
  private verificationTap: Promise<EventTap> | undefined;

  static async start(options: AuthHarnessOptions): Promise<AuthHarness> {
    const env = integrationEnv();
    const scratch = await createScratchDatabase(options.label);
    const keysDir = mkdtempSync(path.join(tmpdir(), `taskhub_test_${env.runId}_${options.label}-keys-`));
    writeNewKeyPair(keysDir, new Date(), 2048);
    const config = loadServiceConfig(
      AuthServiceConfig,
      serviceTestEnv(env, 'auth', {
        DATABASE_URL: scratch.url,
        REDIS_KEY_PREFIX: `${env.redisKeyPrefix}${options.label}:auth:`,
        REDIS_SHARED_KEY_PREFIX: `${env.redisKeyPrefix}${options.label}:shared:`,
        JWT_PUBLIC_KEYS_DIR: keysDir,
        AUTH_SIGNING_KEYS_DIR: keysDir,
        LOG_LEVEL: 'debug',
        // in-process: the test's own synchronous work (RSA key generation) blocks the service's event loop too, and
        // must not make it shed load (load shedding has its own tests)
        LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS: '60000',
        // every spec registers its accounts from one address (127.0.0.1); the limit has its own test (brute-force)
        AUTH_REGISTER_MAX_PER_IP_PER_HOUR: '1000',
        // register() follows each verification link from that address too
        AUTH_EMAIL_TOKEN_MAX_PER_IP_PER_HOUR: '1000',
        // the response floor of registration has its own test (registration.int-spec); elsewhere it would only slow specs down
        AUTH_REGISTER_MIN_RESPONSE_MS: '0',
        ...options.env,
      }),
    );
    await runMigrations(buildDataSourceOptions(config, AUTH_DATABASE, { poolMax: 2, statementTimeoutMs: 0 }));
    const logs = new LogCapture();
    const service = await createServiceApp({ module: AppModule, config, logDestination: logs, exit: () => undefined });
    await service.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = service.app.getHttpServer().address() as AddressInfo;
    return new AuthHarness(service, `http://127.0.0.1:${port}`, keysDir, logs, scratch);
  }

  get dataSource(): DataSource {
    return this.service.app.get(DataSource);
  }

  async request<T = Record<string, unknown>>(method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult<T>> {
    return this.api<T>(method, `/auth${route}`, body, headers);
  }

  /** A call to any path under /api/v1 (the auth service also serves /users/me's deletion routes). */
  async api<T = Record<string, unknown>>(method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult<T>> {
    const response = await fetch(`${this.baseUrl}/api/v1${route}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T, headers: response.headers };
  }

  post<T = Record<string, unknown>>(route: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResult<T>> {
    return this.request<T>('POST', route, body, headers);
  }

  get<T = Record<string, unknown>>(route: string, headers?: Record<string, string>): Promise<HttpResult<T>> {
    return this.request<T>('GET', route, undefined, headers);
  }

  /**
   * Registers (202, no id in the answer) and reads the account id and the verification token from
   * auth.user.verification_requested.v1 on the broker, as the notification service receives it.
   */
  async registerUnverified(input = accountInput(), headers?: Record<string, string>): Promise<UnverifiedAccount> {
    this.verificationTap ??= EventTap.open(AUTH_USER_VERIFICATION_REQUESTED_V1.routingKey, 'auth');
    const tap = await this.verificationTap;
    const response = await this.post('/register', input, headers);
    if (response.status !== 202) throw new Error(`register answered ${response.status}: ${JSON.stringify(response.body)}`);
    const email = input.email.trim().toLowerCase();
    const [event] = await tap.waitFor(1, (e) => e.data.email === email, `the verification e-mail of ${email}`);
    return { ...input, id: String(event.data.userId), verificationToken: String(event.data.verificationToken) };
  }

  /**
   * A new account with a verified address (registered, then its verification link followed from the same client, i.e.
   * with the same `headers`), as most specs need.
   */
  async register(input = accountInput(), headers?: Record<string, string>): Promise<NewAccount> {
    const { verificationToken, ...account } = await this.registerUnverified(input, headers);
    const verified = await this.post('/verify-email', { token: verificationToken }, headers);
    if (verified.status !== 204) throw new Error(`verify-email answered ${verified.status}: ${JSON.stringify(verified.body)}`);
    return account;
  }

  async login(account: Pick<NewAccount, 'email' | 'password'>): Promise<TokenPair> {
    const response = await this.post<TokenPair>('/login', { email: account.email, password: account.password });
    if (response.status !== 200) throw new Error(`login answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  }

  /** A new account and a logged-in session of it. */
  async signedIn(label = 'user'): Promise<{ account: NewAccount; tokens: TokenPair; auth: Record<string, string> }> {
    const account = await this.register(accountInput(label));
    const tokens = await this.login(account);
    return { account, tokens, auth: bearer(tokens.accessToken) };
  }

  /** The admin role, granted the way an operator does it (`auth-admin grant-role`): in the database. */
  async grantAdmin(accountId: string): Promise<void> {
    await this.dataSource.query(`UPDATE account SET roles = ARRAY['user','admin'] WHERE id = $1`, [accountId]);
  }

  /** The envelopes the service wrote to its outbox for a routing key, oldest first. */
  async outbox(routingKey: string): Promise<{ data: Record<string, unknown>; correlationId: string }[]> {
    const rows = await this.dataSource.query<{ body: string }[]>(`SELECT body FROM outbox_event WHERE routing_key = $1 ORDER BY seq`, [routingKey]);
    return rows.map((r) => JSON.parse(r.body) as { data: Record<string, unknown>; correlationId: string });
  }

  async close(): Promise<void> {
    await (await this.verificationTap)?.close();
    await this.service.app.close();
    await this.scratch.drop();
    rmSync(this.keysDir, { recursive: true, force: true });
  }
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
