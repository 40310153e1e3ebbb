import { EVENT_CATALOG, type EventContract, type EventParty } from '@taskhub/contracts';
import { SERVICE_CATALOG } from '@taskhub/platform-config';
import { DEAD_LETTER_EXCHANGE, EVENTS_EXCHANGE, RETRY_EXCHANGE } from './topology';

/** A user's permissions on one vhost: regexes over exchange and queue names (RabbitMQ's access control). */
export interface VhostPermissions {
  readonly configure: string;
  readonly write: string;
  readonly read: string;
}

/** A user's topic permissions on one topic exchange: regexes over routing keys (publish) and binding keys (bind). */
export interface TopicPermissions {
  readonly exchange: string;
  readonly write: string;
  readonly read: string;
}

/** What one service's broker user may do: the whole policy, the same in compose, Kubernetes and `npm start`. */
export interface ServiceBrokerPermissions {
  readonly service: EventParty;
  readonly permissions: VhostPermissions;
  readonly topicPermissions: readonly TopicPermissions[];
}

/** The broker user of a service: `taskhub_<service>`, like its database role. */
export function brokerUserName(service: EventParty): string {
  return `taskhub_${service}`;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Matches nothing but the empty name (RabbitMQ reads '' as "nothing" in vhost permissions; `^$` says so in both). */
const NOTHING = '^$';

/**
 * The permissions of a service's broker user, derived from the event contracts (docs/event-backbone.md, "Access
 * control"):
 * - vhost permissions: configure, write and read on its own queues (`<service>.*`: its consumers' queues, their retry
 *   tiers and parking lots) and on the three exchanges it declares at every connection (configure), publishes to
 *   (write: events, retries and parking) and binds its queues to (read). Nothing else: not the default exchange
 *   (`amq.default`, through which it could put a message straight into another service's queue), nor another
 *   service's queues.
 * - topic permissions on `taskhub.events`: it publishes `<service>.*` only (the first segment of a routing key is the
 *   producer), and binds exactly the routing keys of the contracts that list it as a consumer, so only the notification
 *   service can bind a queue to `auth.password.reset_requested.v1`. On `taskhub.retry`: its own queues' names both ways.
 */
export function serviceBrokerPermissions(service: EventParty, contracts: readonly EventContract[] = EVENT_CATALOG): ServiceBrokerPermissions {
  const own = `${escape(service)}\\..+`;
  const exchanges = [EVENTS_EXCHANGE, DEAD_LETTER_EXCHANGE, RETRY_EXCHANGE].map(escape).join('|');
  const resources = `^(${own}|${exchanges})$`;
  const consumed = contracts.filter((c) => c.consumers.includes(service)).map((c) => escape(c.routingKey));
  return {
    service,
    permissions: { configure: resources, write: resources, read: resources },
    topicPermissions: [
      { exchange: EVENTS_EXCHANGE, write: `^${escape(service)}\\.`, read: consumed.length === 0 ? NOTHING : `^(${consumed.join('|')})$` },
      { exchange: RETRY_EXCHANGE, write: `^${escape(service)}\\.`, read: `^${escape(service)}\\.` },
    ],
  };
}

/** Every service's permissions, in the order of the service catalogue. */
export function brokerPermissionsOfAllServices(contracts: readonly EventContract[] = EVENT_CATALOG): ServiceBrokerPermissions[] {
  return SERVICE_CATALOG.map((s) => serviceBrokerPermissions(s.name, contracts));
}
