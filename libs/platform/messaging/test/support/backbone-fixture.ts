import { randomBytes, randomUUID } from 'node:crypto';
import { AUTH_USER_REGISTERED_V1 } from '@taskhub/contracts';
import { createScratchDatabase, deliveryReport, type DeliveryReport, integrationEnv, type ScratchDatabase, waitFor } from '@taskhub/platform-testing';
import { DataSource } from 'typeorm';
import { AmqpConnection } from '../../src/amqp-connection';
import { CreateInbox1795500000001 } from '../../src/inbox/create-inbox.migration';
import { eventHandlers } from '../../src/handlers/event-handlers';
import { EventConsumer } from '../../src/inbox/event-consumer';
import { CreateOutbox1795500000000 } from '../../src/outbox/create-outbox.migration';
import { DropOutboxNotifyTrigger1796151356792 } from '../../src/outbox/drop-outbox-notify-trigger.migration';
import { OutboxRelay, type OutboxRelayOptions } from '../../src/outbox/outbox-relay';
import { writeToOutbox } from '../../src/outbox/outbox-writer';
import { EffectHandlers } from './effect-handlers';

/**
 * A producer and a consumer of `auth.user.registered.v1` sharing one scratch database (their tables are apart, as
 * two services' would be), the real broker in between: the producer commits an `account` row and its outbox event
 * in one transaction, the relay publishes, the consumer applies each event as an `effect` row through its inbox.
 */
export class BackboneFixture {
  readonly attemptedIds: string[] = [];
  duplicateDeliveries = 0;
  private readonly relays: OutboxRelay[] = [];
  private readonly consumers: EventConsumer[] = [];
  private readonly connections: AmqpConnection[] = [];

  private constructor(
    readonly dataSource: DataSource,
    private readonly scratch: ScratchDatabase,
    readonly queue: string,
    readonly rabbitmqUrl: string,
  ) {}

  get databaseUrl(): string {
    return this.scratch.url;
  }

  /** `rabbitmqUrl`: default this run's vhost on the machine's broker */
  static async create(label: string, rabbitmqUrl = integrationEnv().rabbitmqUrl): Promise<BackboneFixture> {
    const scratch = await createScratchDatabase(label);
    const dataSource = new DataSource({ type: 'postgres', url: scratch.url, migrations: [CreateOutbox1795500000000, CreateInbox1795500000001, DropOutboxNotifyTrigger1796151356792], poolSize: 20 });
    await dataSource.initialize();
    await dataSource.runMigrations();
    await dataSource.query('CREATE TABLE account (id uuid PRIMARY KEY, email text NOT NULL)');
    await dataSource.query('CREATE TABLE effect (event_id uuid NOT NULL)');
    return new BackboneFixture(dataSource, scratch, `itest.backbone-${randomBytes(4).toString('hex')}`, rabbitmqUrl);
  }

  private connect(name: string): AmqpConnection {
    const amqp = new AmqpConnection({ url: this.rabbitmqUrl, connectionName: name });
    this.connections.push(amqp);
    amqp.start();
    return amqp;
  }

  startRelay(options: Partial<OutboxRelayOptions> = {}): OutboxRelay {
    const relay = new OutboxRelay({ dataSource: this.dataSource, databaseUrl: this.databaseUrl, amqp: this.connect('fault-relay'), ...options });
    this.relays.push(relay);
    relay.start();
    return relay;
  }

  /**
   * Starts the consumer and resolves once it is subscribed: its queue must exist before the producer publishes, or
   * the first events go only to the queues bound at that moment (here: other tests' queues in the same vhost), as
   * in production an event published before its consumer's queue was ever declared is not that consumer's.
   */
  async startConsumer(handlers: EffectHandlers = new EffectHandlers()): Promise<EventConsumer> {
    const consumer = new EventConsumer({
      dataSource: this.dataSource,
      amqp: this.connect('fault-consumer'),
      queue: { queue: this.queue, retryDelaysMs: [100, 200, 400] },
      handlers: eventHandlers(handlers),
      prefetch: 50,
      events: { duplicate: () => (this.duplicateDeliveries += 1) },
    });
    this.consumers.push(consumer);
    consumer.start();
    await waitFor(() => consumer.consuming, { description: `consumer ${this.queue} to subscribe` });
    return consumer;
  }

  /** One producer transaction: the state change and its event; the id counts as attempted once committed. */
  async commitOne(commitDelayMs = 0): Promise<string> {
    const envelope = await this.dataSource.transaction(async (manager) => {
      const id = randomUUID();
      const email = `${id}@example.com`;
      await manager.query('INSERT INTO account (id, email) VALUES ($1, $2)', [id, email]);
      const written = await writeToOutbox(manager, AUTH_USER_REGISTERED_V1, { userId: id, email, displayName: 'Fault Test' });
      if (commitDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, commitDelayMs));
      return written;
    });
    this.attemptedIds.push(envelope.id);
    return envelope.id;
  }

  async appliedIds(): Promise<string[]> {
    return (await this.dataSource.query<{ event_id: string }[]>('SELECT event_id FROM effect')).map((r) => r.event_id);
  }

  async confirmed(): Promise<number> {
    return (await this.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM outbox_event WHERE status = 'published'`))[0].n;
  }

  /** The Jepsen-style report; a test whose writes or deliveries happened in other processes passes their figures. */
  async report(from: { attemptedIds?: readonly string[]; duplicateDeliveries?: number } = {}): Promise<DeliveryReport> {
    return deliveryReport({
      attemptedIds: from.attemptedIds ?? this.attemptedIds,
      confirmed: await this.confirmed(),
      appliedIds: await this.appliedIds(),
      duplicateDeliveries: from.duplicateDeliveries ?? this.duplicateDeliveries,
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop(2_000)));
    await Promise.all(this.relays.map((r) => r.stop()));
    await Promise.all(this.connections.map((c) => c.close()));
    await this.dataSource.destroy();
    await this.scratch.drop();
  }
}
