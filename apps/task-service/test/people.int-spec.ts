import { USER_PROFILE_CREATED_V1, USER_PROFILE_UPDATED_V1, type UserProfileV1 } from '@taskhub/contracts';
import { ServiceUnderTest } from '@taskhub/platform-service-testing';
import { integrationEnv, TestEventPublisher, waitFor } from '@taskhub/platform-testing';
import { v7 as uuidv7 } from 'uuid';
import { AppModule } from '../src/app.module';
import { TaskServiceConfig } from '../src/config/task.config';
import { TASK_DATABASE } from '../src/database/task-database';

describe('task-service people (read model of user.profile.* events)', () => {
  let task: ServiceUnderTest<TaskServiceConfig>;
  let events: TestEventPublisher;

  beforeAll(async () => {
    task = await ServiceUnderTest.start({ configClass: TaskServiceConfig, module: AppModule, database: TASK_DATABASE, label: 'task_people' });
    events = await TestEventPublisher.connect(integrationEnv().rabbitmqUrl);
  });

  afterAll(async () => {
    await events?.close();
    await task?.close();
  });

  const person = async (id: string) =>
    (await task.dataSource.query<{ display_name: string; status: string; version: number }[]>(`SELECT display_name, status, version FROM person WHERE id = $1`, [id]))[0];
  const profile = (userId: string, version: number, displayName: string, status: UserProfileV1['status'] = 'active'): UserProfileV1 => ({
    userId,
    version,
    displayName,
    avatarUrl: null,
    timezone: 'UTC',
    locale: 'en',
    status,
  });

  it('should keep the newest version of each profile, whatever order the events arrive in', async () => {
    const id = uuidv7();

    const created = await events.publish(USER_PROFILE_CREATED_V1, profile(id, 1, 'Ada'));
    await waitFor(async () => (await person(id))?.version === 1, { description: 'the person created' });
    const newer = await events.publish(USER_PROFILE_UPDATED_V1, { ...profile(id, 3, 'Ada Lovelace', 'disabled'), changed: ['displayName', 'status'] });
    const late = await events.publish(USER_PROFILE_UPDATED_V1, { ...profile(id, 2, 'Ada L.'), changed: ['displayName'] });
    await waitFor(
      async () => (await task.dataSource.query<unknown[]>(`SELECT 1 FROM inbox_event WHERE event_id = ANY($1)`, [[created.id, newer.id, late.id]])).length === 3,
      { description: 'the three events applied' },
    );

    expect(await person(id)).toEqual({ display_name: 'Ada Lovelace', status: 'disabled', version: 3 });
  });
});
