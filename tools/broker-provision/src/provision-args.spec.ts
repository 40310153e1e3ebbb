import { parseProvisionArgs } from './provision-args';

const env = {
  RABBITMQ_ADMIN_USER: 'admin',
  RABBITMQ_ADMIN_PASSWORD: 'admin-secret',
  TASKHUB_AUTH_RABBITMQ_PASSWORD: 'a',
  TASKHUB_USER_RABBITMQ_PASSWORD: 'u',
  TASKHUB_TASK_RABBITMQ_PASSWORD: 't',
  TASKHUB_NOTIFICATION_RABBITMQ_PASSWORD: 'n',
};

describe(parseProvisionArgs.name, () => {
  it('should read the URL, the vhost and every password', () => {
    expect(parseProvisionArgs(['--url', 'http://rabbitmq:15672', '--vhost', 'taskhub'], env)).toEqual({
      kind: 'provision',
      url: 'http://rabbitmq:15672',
      vhost: 'taskhub',
      waitSeconds: 60,
      admin: { user: 'admin', password: 'admin-secret' },
      passwords: { auth: 'a', user: 'u', task: 't', notification: 'n' },
    });
  });

  it('should name every missing password instead of provisioning a user without one', () => {
    const { TASKHUB_TASK_RABBITMQ_PASSWORD: _t, RABBITMQ_ADMIN_PASSWORD: _a, ...partial } = env;

    expect(parseProvisionArgs(['--url', 'http://rabbitmq:15672'], partial)).toEqual({
      kind: 'usage',
      error: 'RABBITMQ_ADMIN_PASSWORD, TASKHUB_TASK_RABBITMQ_PASSWORD not set',
    });
  });

  it('should refuse a missing URL and unknown arguments', () => {
    expect(parseProvisionArgs([], env)).toEqual({ kind: 'usage', error: '--url is required' });
    expect(parseProvisionArgs(['--user', 'x'], env)).toEqual({ kind: 'usage', error: 'unexpected argument --user' });
    expect(parseProvisionArgs(['--print'], {})).toEqual({ kind: 'print' });
  });
});
