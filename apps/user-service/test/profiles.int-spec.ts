import { randomUUID } from 'node:crypto';
import { AUTH_USER_DISABLED_V1, AUTH_USER_REGISTERED_V1, USER_PROFILE_CREATED_V1, USER_PROFILE_UPDATED_V1 } from '@taskhub/contracts';
import { waitFor } from '@taskhub/platform-testing';
import { v7 as uuidv7 } from 'uuid';
import { type RegisteredUser, UserHarness } from './support/user-harness';

interface ProfileBody {
  id: string;
  email?: string;
  displayName: string;
  avatarUrl: string | null;
  timezone: string;
  locale: string;
  status: string;
}

interface ErrorBody {
  code: string;
  details?: { field: string }[];
}

describe('user-service profiles', () => {
  let users: UserHarness;

  beforeAll(async () => {
    users = await UserHarness.start({ label: 'profiles' });
  });

  afterAll(async () => {
    await users.close();
  });

  const me = (user: RegisteredUser) => users.request<ProfileBody>('GET', '/users/me', { headers: user.auth });
  const patchMe = (user: RegisteredUser, body: unknown) => users.request<ProfileBody & ErrorBody>('PATCH', '/users/me', { headers: user.auth, body });

  describe('created from auth.user.registered.v1', () => {
    it('should create one profile per account however often the event comes, and announce it once', async () => {
      const id = uuidv7();
      const data = { userId: id, email: `ada-${randomUUID()}@example.com`, displayName: 'Ada Lovelace' };
      const first = await users.publish(AUTH_USER_REGISTERED_V1, data);
      await users.publish(AUTH_USER_REGISTERED_V1, data, first); // the same message again (a redelivery)
      const replay = await users.publish(AUTH_USER_REGISTERED_V1, data); // the same registration as a new event (a replay)
      const auth = users.auth(id);

      const profile = await waitFor(
        async () => {
          const response = await users.request<ProfileBody>('GET', '/users/me', { headers: auth });
          return response.status === 200 && response.body;
        },
        { description: 'the profile' },
      );
      // the redelivery is acknowledged as a duplicate by the inbox (the consumer logs it by the event's id); the replay
      // (a new event id) is applied and finds the row
      await waitFor(() => users.under.logs.lines.some((l) => String(l.msg).includes(`event ${first.id} (auth.user.registered.v1) already applied`)), {
        description: 'the redelivery acknowledged as a duplicate',
      });
      await waitFor(async () => (await users.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM inbox_event WHERE event_id = ANY($1)`, [[first.id, replay.id]]))[0].n === 2, {
        description: 'the registration and its replay applied',
      });

      expect(profile).toEqual({
        id,
        email: data.email,
        displayName: 'Ada Lovelace',
        avatarUrl: null,
        timezone: 'UTC',
        locale: 'en',
        status: 'active',
        createdAt: expect.any(String) as unknown,
        updatedAt: expect.any(String) as unknown,
      });
      expect((await users.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM profile WHERE id = $1`, [id]))[0].n).toBe(1);
      const created = (await users.outbox(USER_PROFILE_CREATED_V1.routingKey)).filter((e) => (e.data as { userId: string }).userId === id);
      expect(created.map((e) => e.data)).toEqual([
        { userId: id, version: 1, displayName: 'Ada Lovelace', avatarUrl: null, timezone: 'UTC', locale: 'en', status: 'active' },
      ]);
      expect(created[0].causationId).toBe(first.id);
      expect(created[0].correlationId).toBe(first.correlationId);
    });

    it('should mark the profile of a disabled account and announce the change', async () => {
      const user = await users.registered('Grace Hopper');
      const admin = uuidv7();

      await users.publish(AUTH_USER_DISABLED_V1, { userId: user.id, disabledAt: new Date().toISOString(), disabledBy: admin });
      const disabled = await waitFor(
        async () => {
          const { body } = await me(user);
          return body.status === 'disabled' && body;
        },
        { description: 'the profile disabled' },
      );

      expect(disabled).toMatchObject({ id: user.id, status: 'disabled', displayName: 'Grace Hopper' });
      const updates = (await users.outbox(USER_PROFILE_UPDATED_V1.routingKey)).filter((e) => (e.data as { userId: string }).userId === user.id);
      expect(updates.map((e) => e.data)).toEqual([
        { userId: user.id, version: 2, displayName: 'Grace Hopper', avatarUrl: null, timezone: 'UTC', locale: 'en', status: 'disabled', changed: ['status'] },
      ]);
    });
  });

  describe('GET /users/:id', () => {
    it("should show another user's public profile without the e-mail address, which only they and admins see", async () => {
      const [alice, bob] = [await users.registered('Alice'), await users.registered('Bob')];

      const asBob = await users.request<ProfileBody>('GET', `/users/${alice.id}`, { headers: bob.auth });
      const asAlice = await users.request<ProfileBody>('GET', `/users/${alice.id}`, { headers: alice.auth });
      const asAdmin = await users.request<ProfileBody>('GET', `/users/${alice.id}`, { headers: users.auth(uuidv7(), ['user', 'admin']) });

      expect(asBob.status).toBe(200);
      expect(asBob.body).toEqual(expect.objectContaining({ id: alice.id, displayName: 'Alice' }));
      expect(Object.keys(asBob.body)).not.toContain('email');
      expect(asAlice.body.email).toBe(alice.email);
      expect(asAdmin.body.email).toBe(alice.email);
    });

    it('should answer 404 for an unknown id and 400 for a malformed one', async () => {
      const bob = await users.registered();

      const unknown = await users.request<ErrorBody>('GET', `/users/${uuidv7()}`, { headers: bob.auth });
      const malformed = await users.request<ErrorBody>('GET', '/users/not-a-uuid', { headers: bob.auth });

      expect([unknown.status, unknown.body.code]).toEqual([404, 'USER.NOT_FOUND']);
      expect(malformed.status).toBe(400);
    });

    it('should need an access token', async () => {
      expect((await users.request('GET', '/users/me')).status).toBe(401);
    });
  });

  describe('reads through the cache', () => {
    it('should answer every read after a write with that write, while others read the same profile at once', async () => {
      const people = await Promise.all(Array.from({ length: 5 }, (_, i) => users.registered(`Racer ${i}`)));
      const watcher = await users.registered('Watcher');
      let racing = true;
      const readers = Array.from({ length: 5 }, async () => {
        while (racing) for (const p of people) await users.request('GET', `/users/${p.id}`, { headers: watcher.auth });
      });

      const seen = await Promise.all(
        people.map(async (person) => {
          const names: string[] = [];
          for (let round = 1; round <= 6; round += 1) {
            expect((await patchMe(person, { displayName: `${person.displayName} v${round}` })).status).toBe(200);
            names.push((await me(person)).body.displayName, (await users.request<ProfileBody>('GET', `/users/${person.id}`, { headers: watcher.auth })).body.displayName);
          }
          return names;
        }),
      );
      racing = false;
      await Promise.all(readers);

      people.forEach((person, i) => expect(seen[i]).toEqual([1, 2, 3, 4, 5, 6].flatMap((round) => [`${person.displayName} v${round}`, `${person.displayName} v${round}`])));
      const metrics = await fetch(`${users.baseUrl}/metrics`).then((r) => r.text());
      const count = (result: string): number => Number(new RegExp(`cache_requests_total\\{cache="profile",result="${result}"[^}]*\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
      expect(count('hit')).toBeGreaterThan(0);
      expect(count('miss')).toBeGreaterThan(0);
    });
  });

  describe('PATCH /users/me', () => {
    it('should change the public fields, canonicalise time zone and locale, and read the new values at once', async () => {
      const user = await users.registered('Old Name');

      const patched = await patchMe(user, { displayName: '  New Name ', avatarUrl: 'https://images.example.com/a.png', timezone: 'europe/paris', locale: 'en-gb' });
      const read = await me(user);

      expect(patched.status).toBe(200);
      expect(read.body).toMatchObject({ displayName: 'New Name', avatarUrl: 'https://images.example.com/a.png', timezone: 'Europe/Paris', locale: 'en-GB' });
      expect(patched.body).toEqual(read.body);
      const updates = (await users.outbox(USER_PROFILE_UPDATED_V1.routingKey)).filter((e) => (e.data as { userId: string }).userId === user.id);
      expect(updates.map((e) => e.data)).toEqual([
        {
          userId: user.id,
          version: 2,
          displayName: 'New Name',
          avatarUrl: 'https://images.example.com/a.png',
          timezone: 'Europe/Paris',
          locale: 'en-GB',
          status: 'active',
          changed: ['displayName', 'avatarUrl', 'timezone', 'locale'],
        },
      ]);
    });

    it('should publish nothing when nothing changes, and clear the avatar with null', async () => {
      const user = await users.registered('Same Name');
      await patchMe(user, { avatarUrl: 'https://images.example.com/b.png' });

      await patchMe(user, { displayName: 'Same Name', timezone: 'UTC' });
      const cleared = await patchMe(user, { avatarUrl: null });

      expect(cleared.body.avatarUrl).toBeNull();
      const updates = (await users.outbox(USER_PROFILE_UPDATED_V1.routingKey)).filter((e) => (e.data as { userId: string }).userId === user.id);
      expect(updates.map((e) => [(e.data as { version: number }).version, (e.data as { changed: string[] }).changed])).toEqual([
        [2, ['avatarUrl']],
        [3, ['avatarUrl']],
      ]);
    });

    it.each([
      ['id', { id: uuidv7() }, 'id'],
      ['email', { email: 'x@example.com' }, 'email'],
      ['roles', { roles: ['admin'] }, 'roles'],
      ['an http avatar', { avatarUrl: 'http://images.example.com/a.png' }, 'avatarUrl'],
      ['a javascript: avatar', { avatarUrl: 'javascript:alert(1)' }, 'avatarUrl'],
      ['an unknown time zone', { timezone: 'Mars/Olympus_Mons' }, 'timezone'],
      ['an offset for a time zone', { timezone: '+01:00' }, 'timezone'],
      ['a malformed locale', { locale: 'not a locale' }, 'locale'],
      ['an empty name', { displayName: '   ' }, 'displayName'],
      ['a name of 101 characters', { displayName: 'x'.repeat(101) }, 'displayName'],
    ])('should answer 400 naming the field for %s, and change nothing', async (_what, body, field) => {
      const user = await users.registered('Unchanged');

      const response = await patchMe(user, body);

      expect(response.status).toBe(400);
      expect(response.body.code).toBe('REQUEST.VALIDATION_FAILED');
      expect(response.body.details?.map((d) => d.field)).toEqual([field]);
      expect((await me(user)).body).toMatchObject({ displayName: 'Unchanged', avatarUrl: null, timezone: 'UTC', locale: 'en' });
    });
  });

  describe('GET /users?ids=', () => {
    it('should answer the profiles that exist, in the order asked, without e-mail addresses', async () => {
      const [a, b, c] = [await users.registered('Ids A'), await users.registered('Ids B'), await users.registered('Ids C')];

      const response = await users.request<{ items: ProfileBody[]; nextCursor: null }>('GET', `/users?ids=${c.id},${uuidv7()},${a.id},${b.id},${a.id}`, { headers: a.auth });

      expect(response.status).toBe(200);
      expect(response.body.items.map((p) => [p.id, p.displayName, p.email])).toEqual([
        [c.id, 'Ids C', undefined],
        [a.id, 'Ids A', a.email],
        [b.id, 'Ids B', undefined],
      ]);
      expect(response.body.nextCursor).toBeNull();
    });

    it('should refuse more than 100 ids, malformed ids, and ids with a search', async () => {
      const user = await users.registered();
      const ids = Array.from({ length: 101 }, () => uuidv7()).join(',');

      const tooMany = await users.request<ErrorBody>('GET', `/users?ids=${ids}`, { headers: user.auth });
      const malformed = await users.request<ErrorBody>('GET', `/users?ids=${user.id},nope`, { headers: user.auth });
      const mixed = await users.request<ErrorBody>('GET', `/users?ids=${user.id}&q=ali`, { headers: user.auth });

      expect([tooMany.status, tooMany.body.details?.map((d) => d.field)]).toEqual([400, ['ids']]);
      expect([malformed.status, malformed.body.details?.map((d) => d.field)]).toEqual([400, ['ids']]);
      expect([mixed.status, mixed.body.code]).toEqual([400, 'USER.IDS_WITH_QUERY']);
    });
  });
});
