import { USER_PREFERENCES_UPDATED_V1 } from '@taskhub/contracts';
import { type RegisteredUser, UserHarness } from './support/user-harness';

const DEFAULTS = {
  kinds: {
    'task.assigned': { inApp: true, email: true, webhook: false },
    'task.status_changed': { inApp: true, email: false, webhook: false },
    'comment.added': { inApp: true, email: true, webhook: false },
    'task.due_soon': { inApp: true, email: true, webhook: false },
    'project.member_added': { inApp: true, email: true, webhook: false },
  },
  digest: { enabled: false, hour: 8 },
  quietHours: null,
};

interface ErrorBody {
  code: string;
  details?: { field: string }[];
}

describe('user-service preferences (/users/me/preferences)', () => {
  let users: UserHarness;

  beforeAll(async () => {
    users = await UserHarness.start({ label: 'preferences' });
  });

  afterAll(async () => {
    await users.close();
  });

  const get = (user: RegisteredUser) => users.request('GET', '/users/me/preferences', { headers: user.auth });
  const put = (user: RegisteredUser, body: unknown) => users.request<ErrorBody & Record<string, unknown>>('PUT', '/users/me/preferences', { headers: user.auth, body });
  const events = async (user: RegisteredUser) =>
    (await users.outbox(USER_PREFERENCES_UPDATED_V1.routingKey)).map((e) => e.data as { userId: string }).filter((d) => d.userId === user.id);

  it('should answer the defaults before the user sets anything', async () => {
    const user = await users.registered();

    const response = await get(user);

    expect(response.status).toBe(200);
    expect(response.body).toEqual(DEFAULTS);
  });

  it('should replace the set, give left-out kinds their defaults, and publish the whole set with a version', async () => {
    const user = await users.registered();
    const wanted = {
      kinds: { 'task.assigned': { inApp: true, email: false, webhook: true }, 'comment.added': { inApp: false, email: false, webhook: false } },
      digest: { enabled: true, hour: 18 },
      quietHours: { start: '22:00', end: '07:00' },
    };
    const expected = { ...DEFAULTS, ...wanted, kinds: { ...DEFAULTS.kinds, ...wanted.kinds } };

    const first = await put(user, wanted);
    const again = await put(user, wanted); // no change: no event
    const off = await put(user, { ...wanted, quietHours: null });

    expect([first.status, first.body]).toEqual([200, expected]);
    expect(again.body).toEqual(expected);
    expect(off.body).toEqual({ ...expected, quietHours: null });
    expect((await get(user)).body).toEqual({ ...expected, quietHours: null });
    expect(await events(user)).toEqual([
      { userId: user.id, version: 1, ...expected },
      { userId: user.id, version: 2, ...expected, quietHours: null },
    ]);
  });

  it.each([
    ['an unknown kind', { ...DEFAULTS, kinds: { 'task.exploded': { inApp: true, email: true, webhook: true } } }, 'kinds.task.exploded'],
    ['an unknown channel', { ...DEFAULTS, kinds: { 'task.assigned': { inApp: true, email: true, webhook: true, sms: true } } }, 'kinds.task.assigned.sms'],
    ['a missing channel', { ...DEFAULTS, kinds: { 'task.assigned': { inApp: true, email: true } } }, 'kinds.task.assigned.webhook'],
    ['a channel that is not a boolean', { ...DEFAULTS, kinds: { 'task.assigned': { inApp: 'yes', email: true, webhook: true } } }, 'kinds.task.assigned.inApp'],
    ['a digest hour of 24', { ...DEFAULTS, digest: { enabled: true, hour: 24 } }, 'digest.hour'],
    ['no digest', { kinds: {}, quietHours: null }, 'digest'],
    ['no quiet hours (null turns them off)', { kinds: {}, digest: DEFAULTS.digest }, 'quietHours'],
    ['a time of 25:00', { ...DEFAULTS, quietHours: { start: '25:00', end: '07:00' } }, 'quietHours.start'],
    ['quiet hours that start when they end', { ...DEFAULTS, quietHours: { start: '07:00', end: '07:00' } }, 'quietHours'],
    ['an unknown field', { ...DEFAULTS, theme: 'dark' }, 'theme'],
  ])('should answer 400 naming the field for %s, and keep the set', async (_what, body, field) => {
    const user = await users.registered();

    const response = await put(user, body);

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('REQUEST.VALIDATION_FAILED');
    expect(response.body.details?.map((d) => d.field)).toEqual([field]);
    expect((await get(user)).body).toEqual(DEFAULTS);
    expect(await events(user)).toEqual([]);
  });
});
