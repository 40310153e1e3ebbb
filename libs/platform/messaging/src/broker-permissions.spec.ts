import { EVENT_CATALOG } from '@taskhub/contracts';
import { brokerPermissionsOfAllServices, brokerUserName, serviceBrokerPermissions } from './broker-permissions';
import { DEAD_LETTER_EXCHANGE, EVENTS_EXCHANGE, RETRY_EXCHANGE } from './topology';

const matches = (pattern: string, name: string): boolean => new RegExp(pattern).test(name);
const topic = (service: 'auth' | 'user' | 'task' | 'notification', exchange: string) => {
  const found = serviceBrokerPermissions(service).topicPermissions.find((t) => t.exchange === exchange);
  if (!found) throw new Error(`no topic permissions of ${service} on ${exchange}`);
  return found;
};

describe('serviceBrokerPermissions', () => {
  const RESET = 'auth.password.reset_requested.v1';

  it('should let only the auth service publish auth.* events', () => {
    expect(matches(topic('auth', EVENTS_EXCHANGE).write, RESET)).toBe(true);
    for (const service of ['user', 'task', 'notification'] as const) {
      expect({ service, publishes: matches(topic(service, EVENTS_EXCHANGE).write, RESET) }).toEqual({ service, publishes: false });
      expect(matches(topic(service, EVENTS_EXCHANGE).write, `${service}.entity.happened.v1`)).toBe(true);
    }
  });

  it('should let only the notification service bind auth.password.* keys', () => {
    expect(matches(topic('notification', EVENTS_EXCHANGE).read, RESET)).toBe(true);
    for (const service of ['auth', 'user', 'task'] as const) {
      expect({ service, binds: matches(topic(service, EVENTS_EXCHANGE).read, RESET) }).toEqual({ service, binds: false });
      expect(matches(topic(service, EVENTS_EXCHANGE).read, 'auth.password.#')).toBe(false);
      expect(matches(topic(service, EVENTS_EXCHANGE).read, '#')).toBe(false);
    }
  });

  it('should let each service bind exactly the routing keys of the contracts it consumes', () => {
    for (const { service, topicPermissions } of brokerPermissionsOfAllServices()) {
      const read = topicPermissions.find((t) => t.exchange === EVENTS_EXCHANGE)?.read ?? '';
      const bindable = EVENT_CATALOG.filter((c) => matches(read, c.routingKey)).map((c) => c.routingKey);
      expect({ service, bindable }).toEqual({ service, bindable: EVENT_CATALOG.filter((c) => c.consumers.includes(service)).map((c) => c.routingKey) });
      expect(matches(read, '#')).toBe(false);
      expect(matches(read, `${EVENT_CATALOG[0].routingKey}x`)).toBe(false);
    }
  });

  it("should give each service its own queues and the three exchanges, never another's queues or the default exchange", () => {
    for (const { service, permissions } of brokerPermissionsOfAllServices()) {
      for (const kind of ['configure', 'write', 'read'] as const) {
        const pattern = permissions[kind];
        for (const own of [`${service}.inbox`, `${service}.inbox.delay.1`, `${service}.inbox.dead`, EVENTS_EXCHANGE, DEAD_LETTER_EXCHANGE, RETRY_EXCHANGE]) {
          expect({ service, kind, own, allowed: matches(pattern, own) }).toEqual({ service, kind, own, allowed: true });
        }
        const others = ['auth', 'user', 'task', 'notification'].filter((s) => s !== service).map((s) => `${s}.inbox`);
        for (const foreign of [...others, 'amq.default', 'amq.topic', 'taskhub.events.x', `x${service}.inbox`, 'taskhub.other']) {
          expect({ service, kind, foreign, allowed: matches(pattern, foreign) }).toEqual({ service, kind, foreign, allowed: false });
        }
      }
    }
  });

  it('should keep retries and parking on the retry exchange to the service itself', () => {
    expect(matches(topic('task', RETRY_EXCHANGE).write, 'task.people.delay.1')).toBe(true);
    expect(matches(topic('task', RETRY_EXCHANGE).write, 'notification.email.delay.1')).toBe(false);
    expect(matches(topic('task', RETRY_EXCHANGE).read, 'notification.email.dead')).toBe(false);
  });

  it('should name each service user taskhub_<service>', () => {
    expect(brokerPermissionsOfAllServices().map((p) => brokerUserName(p.service))).toEqual([
      'taskhub_auth',
      'taskhub_user',
      'taskhub_task',
      'taskhub_notification',
    ]);
  });
});
