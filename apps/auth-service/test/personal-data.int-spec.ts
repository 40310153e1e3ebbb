import { AUTH_PERSONAL_DATA_EXPORTED_V1, joinPersonalDataPart, USER_DATA_EXPORT_REQUESTED_V1 } from '@taskhub/contracts';
import { EventTap, integrationEnv, TestEventPublisher, waitFor } from '@taskhub/platform-testing';
import { v7 as uuidv7 } from 'uuid';
import { AuthHarness } from './support/auth-harness';

interface CreatedKey {
  id: string;
  key: string;
  prefix: string;
  expiresAt: string;
}

describe('auth-service personal data export part', () => {
  let auth: AuthHarness;
  let events: TestEventPublisher;
  let tap: EventTap;

  beforeAll(async () => {
    auth = await AuthHarness.start({ label: 'auth_personal_data' });
    events = await TestEventPublisher.connect(integrationEnv().rabbitmqUrl);
    tap = await EventTap.open(AUTH_PERSONAL_DATA_EXPORTED_V1.routingKey, 'auth');
  });

  afterAll(async () => {
    await tap?.close();
    await events?.close();
    await auth?.close();
  });

  it("should answer an export request with the person's account, sessions and API keys, without secrets or anyone else's data", async () => {
    const ada = await auth.signedIn('ada');
    const bob = await auth.signedIn('bob');
    const { body: key } = await auth.post<CreatedKey>('/api-keys', { name: 'ci pipeline', scopes: ['read'] }, ada.auth);
    await auth.post('/api-keys', { name: 'bob key' }, bob.auth);
    const exportId = uuidv7();

    await events.publish(USER_DATA_EXPORT_REQUESTED_V1, { exportId, userId: ada.account.id, requestedAt: new Date().toISOString() });
    const pieces = await tap.waitFor(1, (e) => e.data.exportId === exportId, 'auth part');
    const part = joinPersonalDataPart(pieces.map((p) => p.data.content as string));
    const [account] = await auth.dataSource.query<{ created_at: Date; email_verified_at: Date }[]>(`SELECT created_at, email_verified_at FROM account WHERE id = $1`, [ada.account.id]);
    const [session] = await auth.dataSource.query<{ id: string; created_at: Date; last_used_at: Date; expires_at: Date }[]>(
      `SELECT id, created_at, last_used_at, expires_at FROM session WHERE account_id = $1`,
      [ada.account.id],
    );
    const [stored] = await auth.dataSource.query<{ created_at: Date }[]>(`SELECT created_at FROM api_key WHERE id = $1`, [key.id]);

    expect(pieces[0].data).toMatchObject({ userId: ada.account.id, chunk: 0, chunkCount: 1 });
    expect(part).toEqual({
      account: {
        id: ada.account.id,
        email: ada.account.email,
        displayName: ada.account.displayName,
        roles: ['user'],
        status: 'active',
        emailVerifiedAt: account.email_verified_at.toISOString(), // the harness registers through the verification link
        createdAt: account.created_at.toISOString(),
        disabledAt: null,
      },
      sessions: [
        {
          id: session.id,
          createdAt: session.created_at.toISOString(),
          lastUsedAt: session.last_used_at.toISOString(),
          expiresAt: session.expires_at.toISOString(),
          revokedAt: null,
          revokeReason: null,
        },
      ],
      'api-keys': [
        {
          id: key.id,
          name: 'ci pipeline',
          prefix: key.prefix,
          scopes: ['read'],
          createdAt: stored.created_at.toISOString(),
          expiresAt: key.expiresAt,
          lastUsedAt: null,
          revokedAt: null,
        },
      ],
    });
    const text = JSON.stringify(part);
    for (const absent of [key.key, ada.tokens.refreshToken, ada.tokens.accessToken, ada.account.password, bob.account.email, bob.account.displayName, bob.account.id]) {
      expect(text).not.toContain(absent);
    }
    // personal data is not kept in the outbox once the broker has it
    await waitFor(
      async () => (await auth.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM outbox_event WHERE routing_key = $1`, [AUTH_PERSONAL_DATA_EXPORTED_V1.routingKey]))[0].n === 0,
      { description: 'the pieces deleted from the outbox once published' },
    );
  });
});
