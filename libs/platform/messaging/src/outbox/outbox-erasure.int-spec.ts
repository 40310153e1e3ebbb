import { randomUUID } from 'node:crypto';
import { AUTH_USER_DISABLED_V1, AUTH_USER_REGISTERED_V1 } from '@taskhub/contracts';
import { createScratchDatabase, type ScratchDatabase } from '@taskhub/platform-testing';
import { DataSource } from 'typeorm';
import { CreateOutbox1795500000000 } from './create-outbox.migration';
import { DropOutboxNotifyTrigger1796151356792 } from './drop-outbox-notify-trigger.migration';
import { deletePublishedOutboxRowsMentioning } from './outbox-erasure';
import { writeToOutbox } from './outbox-writer';

describe(deletePublishedOutboxRowsMentioning.name, () => {
  let scratch: ScratchDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    scratch = await createScratchDatabase('outbox_erasure');
    dataSource = new DataSource({ type: 'postgres', url: scratch.url, migrations: [CreateOutbox1795500000000, DropOutboxNotifyTrigger1796151356792], poolSize: 2 });
    await dataSource.initialize();
    await dataSource.runMigrations();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await scratch?.drop();
  });

  /** One registration and one disablement of `userId` published, one disablement pending; and someone else's. */
  const seed = async (userId: string, other: string): Promise<void> => {
    await dataSource.transaction(async (manager) => {
      await writeToOutbox(manager, AUTH_USER_REGISTERED_V1, { userId, email: `${userId}@example.com`, displayName: 'Ada' });
      await writeToOutbox(manager, AUTH_USER_DISABLED_V1, { userId, disabledAt: new Date().toISOString(), disabledBy: other });
      await writeToOutbox(manager, AUTH_USER_REGISTERED_V1, { userId: other, email: `${other}@example.com`, displayName: 'Bo' });
    });
    await dataSource.query(`UPDATE outbox_event SET status = 'published', published_at = now() WHERE routing_key = $1`, [AUTH_USER_REGISTERED_V1.routingKey]);
    await dataSource.transaction((manager) => writeToOutbox(manager, AUTH_USER_DISABLED_V1, { userId, disabledAt: new Date().toISOString(), disabledBy: other }));
  };
  const rowsAbout = (userId: string) =>
    dataSource.query<{ routing_key: string; status: string }[]>(`SELECT routing_key, status FROM outbox_event WHERE strpos(body, $1) > 0 ORDER BY seq`, [userId]);

  it('should delete only the published rows mentioning the person, in the caller transaction', async () => {
    const [userId, other] = [randomUUID(), randomUUID()];
    await seed(userId, other);

    const deleted = await dataSource.transaction((manager) => deletePublishedOutboxRowsMentioning(manager, [userId]));

    expect(deleted).toBe(1);
    // the disablements name the other person as `disabledBy`; their registration is theirs and stays
    expect(await rowsAbout(userId)).toEqual([
      { routing_key: 'auth.user.disabled.v1', status: 'pending' },
      { routing_key: 'auth.user.disabled.v1', status: 'pending' },
    ]);
    expect((await rowsAbout(other)).map((r) => r.routing_key)).toEqual(['auth.user.disabled.v1', 'auth.user.registered.v1', 'auth.user.disabled.v1']);
  });

  it('should delete pending rows too with includePending, but those of keepRoutingKeys', async () => {
    const [userId, other] = [randomUUID(), randomUUID()];
    await seed(userId, other);

    const deleted = await dataSource.transaction((manager) =>
      deletePublishedOutboxRowsMentioning(manager, [userId, ''], { includePending: true, keepRoutingKeys: [AUTH_USER_DISABLED_V1.routingKey] }),
    );

    expect(deleted).toBe(1);
    expect(await rowsAbout(userId)).toEqual([
      { routing_key: 'auth.user.disabled.v1', status: 'pending' },
      { routing_key: 'auth.user.disabled.v1', status: 'pending' },
    ]);
    const all = await dataSource.transaction((manager) => deletePublishedOutboxRowsMentioning(manager, [userId], { includePending: true }));
    expect(all).toBe(2);
    expect(await rowsAbout(userId)).toEqual([]);
  });

  it('should delete nothing for no needle (an empty string would match every row)', async () => {
    const before = (await dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM outbox_event`))[0].n;

    expect(await dataSource.transaction((manager) => deletePublishedOutboxRowsMentioning(manager, ['']))).toBe(0);
    expect((await dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM outbox_event`))[0].n).toBe(before);
  });
});
