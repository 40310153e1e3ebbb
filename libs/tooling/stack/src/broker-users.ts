import { brokerUserName, type ServiceBrokerPermissions, type TopicPermissions, type VhostPermissions } from '@taskhub/platform-messaging';
import { rabbitmqctl } from './rabbitmq-vhost';

/** The few user operations provisioning needs, done by rabbitmqctl (a local node) or the management HTTP API. */
export interface BrokerUserAdmin {
  /** creates the user, or sets its password if it exists; no tags (no management UI, no policies) */
  putUser(name: string, password: string): Promise<void>;
  setPermissions(vhost: string, user: string, permissions: VhostPermissions): Promise<void>;
  setTopicPermissions(vhost: string, user: string, topic: TopicPermissions): Promise<void>;
  /** a user that does not exist is fine */
  deleteUser(name: string): Promise<void>;
}

/** One service user to provision: its policy, and the name and password to give it. */
export interface ServiceBrokerUser {
  readonly permissions: ServiceBrokerPermissions;
  /** default `taskhub_<service>` */
  readonly name?: string;
  readonly password: string;
}

/**
 * Creates (or updates) each service's user with its password, vhost permissions and topic permissions: idempotent,
 * so it runs before every start. The users are done side by side (each rabbitmqctl call boots an Erlang VM, about a
 * second). Returns the user names, in order.
 */
export async function provisionServiceBrokerUsers(admin: BrokerUserAdmin, vhost: string, users: readonly ServiceBrokerUser[]): Promise<string[]> {
  const named = users.map((user) => ({ ...user, name: user.name ?? brokerUserName(user.permissions.service) }));
  const without = named.filter((user) => user.password.length === 0).map((user) => user.name);
  if (without.length > 0) throw new Error(`the broker users ${without.join(', ')} need a password`);
  return Promise.all(
    named.map(async ({ name, ...user }) => {
      await admin.putUser(name, user.password);
      await admin.setPermissions(vhost, name, user.permissions.permissions);
      for (const topic of user.permissions.topicPermissions) await admin.setTopicPermissions(vhost, name, topic);
      return name;
    }),
  );
}

/** The local node through rabbitmqctl (`npm start`; the development machines run RabbitMQ without the management plugin). */
export function rabbitmqctlUserAdmin(): BrokerUserAdmin {
  return {
    // the password on standard input (add_user and change_password read it there without one as an argument:
    // rabbitmqctl 3.10 here): as an argument, one starting with `-` was taken for an option
    async putUser(name, password) {
      try {
        await rabbitmqctl(['add_user', name], password);
      } catch (error) {
        if (!/already.?exists|user_already_exists/i.test(String(error))) throw error;
        await rabbitmqctl(['change_password', name], password);
      }
    },
    async setPermissions(vhost, user, { configure, write, read }) {
      await rabbitmqctl(['set_permissions', '-p', vhost, user, configure, write, read]);
    },
    async setTopicPermissions(vhost, user, { exchange, write, read }) {
      await rabbitmqctl(['set_topic_permissions', '-p', vhost, user, exchange, write, read]);
    },
    async deleteUser(name) {
      try {
        await rabbitmqctl(['delete_user', name]);
      } catch (error) {
        if (!/not.?found|does not exist|no_such_user/i.test(String(error))) throw error;
      }
    },
  };
}

/** The management HTTP API at `baseUrl` (http://host:15672) as `adminUser` (compose's one-shot, Kubernetes' Job). */
export function managementApiUserAdmin(baseUrl: string, adminUser: string, adminPassword: string): BrokerUserAdmin {
  const base = baseUrl.replace(/\/$/, '');
  const authorization = `Basic ${Buffer.from(`${adminUser}:${adminPassword}`).toString('base64')}`;
  const call = async (method: 'PUT' | 'DELETE', path: string, body?: unknown): Promise<void> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok && !(method === 'DELETE' && response.status === 404)) {
      throw new Error(`RabbitMQ management API ${method} ${path} answered ${response.status}: ${await response.text()}`);
    }
  };
  const e = encodeURIComponent;
  return {
    putUser: (name, password) => call('PUT', `/api/users/${e(name)}`, { password, tags: '' }),
    setPermissions: (vhost, user, permissions) => call('PUT', `/api/permissions/${e(vhost)}/${e(user)}`, permissions),
    setTopicPermissions: (vhost, user, topic) => call('PUT', `/api/topic-permissions/${e(vhost)}/${e(user)}`, topic),
    deleteUser: (name) => call('DELETE', `/api/users/${e(name)}`),
  };
}
