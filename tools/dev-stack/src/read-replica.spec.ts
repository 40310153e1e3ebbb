import { readReplicaEnv, readReplicaWanted } from './read-replica';

describe(readReplicaEnv.name, () => {
  const url = 'postgres://taskhub_task:taskhub_dev_password@127.0.0.1:5432/taskhub_task';

  it("should give the task and user services their own database on the replica's port", () => {
    expect(readReplicaEnv('task', url, 5433)).toEqual({ READ_DATABASE_URL: 'postgres://taskhub_task:taskhub_dev_password@127.0.0.1:5433/taskhub_task' });
    expect(readReplicaEnv('user', url.replace(/taskhub_task/g, 'taskhub_user'), 5433)).toEqual({
      READ_DATABASE_URL: 'postgres://taskhub_user:taskhub_dev_password@127.0.0.1:5433/taskhub_user',
    });
  });

  it('should give nothing to the other services, nor anything without a replica', () => {
    expect(readReplicaEnv('auth', url, 5433)).toEqual({});
    expect(readReplicaEnv('notification', url, 5433)).toEqual({});
    expect(readReplicaEnv('task', url, undefined)).toEqual({});
  });

  it('should start one only with TASKHUB_READ_REPLICA=1', () => {
    expect([readReplicaWanted({ TASKHUB_READ_REPLICA: '1' }), readReplicaWanted({}), readReplicaWanted({ TASKHUB_READ_REPLICA: 'yes' })]).toEqual([true, false, false]);
  });
});
