import { Logger } from '@nestjs/common';
import { type ChannelModel, type ConfirmChannel, type Message } from 'amqplib';
import { Client } from 'pg';
import { deleteOnPublishRoutingKeys, unconsumedRoutingKeys } from '@taskhub/contracts';
import { type DataSource } from 'typeorm';
import { type AmqpConnection } from '../amqp-connection';
import { declareExchanges } from '../topology';
import { attachLocalRelay, OUTBOX_CHANNEL } from './outbox-wake';
import { type OutboxFailpoint, publishBatch } from './relay-batch';

export { type OutboxFailpoint } from './relay-batch';

export interface OutboxRelayOptions {
  /** the service's DataSource (claims and marks rows) */
  readonly dataSource: DataSource;
  /** URL of the same database, for the LISTEN connection */
  readonly databaseUrl: string;
  readonly amqp: AmqpConnection;
  /** rows claimed, published and confirmed together (the window of outstanding confirms); default 500 */
  readonly batchSize?: number;
  /**
   * batches claimed and not yet committed at once, default 2: the next batch is claimed and published while the one
   * before awaits its confirms, mark and commit (SKIP LOCKED keeps them apart); 1 waits for each batch in turn
   */
  readonly pipelineDepth?: number;
  /** the safety-net poll, in case a NOTIFY is missed (e.g. while the LISTEN connection reconnects); default 5 s */
  readonly pollIntervalMs?: number;
  /** published rows are deleted after this long; default 7 days */
  readonly retentionMs?: number;
  readonly pruneIntervalMs?: number;
  /**
   * routing keys whose rows are deleted as soon as the broker confirms them instead of being kept for the retention;
   * default: the catalogue's events that carry a secret (`carriesSecret`, e.g. the password-reset token) or a
   * person's data for an export (`personalData`): deleteOnPublishRoutingKeys()
   */
  readonly deleteOnPublish?: ReadonlySet<string>;
  /**
   * routing keys published without `mandatory`, so an unbound one is marked published instead of kept pending: events
   * that no service consumes (an empty `consumers` on the contract); default: those of the catalogue
   */
  readonly unconsumed?: ReadonlySet<string>;
  /**
   * test failpoints: called at the named point; a failpoint that throws or kills the process simulates a crash there,
   * one that returns a promise holds the batch there until it settles
   */
  readonly failpoint?: (name: OutboxFailpoint) => void | Promise<void>;
  readonly events?: OutboxRelayEvents;
}

/** Counters for metrics (wired by the messaging module). */
export interface OutboxRelayEvents {
  published?(count: number): void;
  returned?(routingKey: string): void;
  failed?(error: Error): void;
}

const BACKOFF_MIN_MS = 200;
const BACKOFF_MAX_MS = 10_000;

/**
 * Publishes the outbox: claims pending rows (FOR UPDATE SKIP LOCKED, so several relays share the work without ever
 * publishing a row twice at once), publishes them persistent and mandatory on a confirm channel, waits for the
 * broker's confirms, then marks them published in the same transaction. A crash between publish and mark leaves the
 * rows pending: they are published again, and the consumers' inbox absorbs the duplicate. Wakes after each commit
 * of a writer of its own process (on its DataSource) and on NOTIFY from any other, polls slowly as a safety net,
 * backs off while the broker or the database is down, and prunes published rows.
 */
export class OutboxRelay {
  private readonly logger = new Logger('OutboxRelay');
  private channel: ConfirmChannel | undefined;
  private listener: Client | undefined;
  private running = false;
  /** batches claimed and not yet committed or rolled back */
  private readonly batches = new Set<Promise<void>>();
  /** a claim is under way (one at a time, so this relay publishes in claim order) */
  private claiming = false;
  /** rows may be pending: claim as soon as the pipeline allows */
  private wanted = false;
  private failures = 0;
  private timers: NodeJS.Timeout[] = [];
  /** message ids the broker returned as unroutable, until their batch looks */
  private readonly returned = new Set<string>();
  private heldBackTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private listening = false;
  private detach: (() => void) | undefined;
  private readonly deleteOnPublish: ReadonlySet<string>;
  private readonly unconsumed: ReadonlySet<string>;

  constructor(private readonly options: OutboxRelayOptions) {
    this.deleteOnPublish = options.deleteOnPublish ?? deleteOnPublishRoutingKeys();
    this.unconsumed = options.unconsumed ?? unconsumedRoutingKeys();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.detach = attachLocalRelay(this.options.dataSource, this);
    this.options.amqp.onConnected((connection) => this.openChannel(connection));
    void this.listen();
    this.timers.push(setInterval(() => this.wake(), this.options.pollIntervalMs ?? 5_000));
    this.timers.push(setInterval(() => void this.prune(), this.options.pruneIntervalMs ?? 60_000));
    for (const timer of this.timers) timer.unref();
    this.wake();
  }

  /** Stops claiming, lets the batches in flight finish, closes the channel and the LISTEN connection. */
  async stop(): Promise<void> {
    this.running = false;
    this.detach?.();
    for (const timer of this.timers) clearInterval(timer);
    clearTimeout(this.retryTimer);
    clearTimeout(this.heldBackTimer);
    while (this.batches.size > 0) await Promise.allSettled([...this.batches]);
    const channel = this.channel;
    this.channel = undefined;
    // bounded: on a connection that died unnoticed, close() waits for a CloseOk that never comes
    if (channel) await Promise.race([channel.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    await this.listener?.end().catch(() => undefined);
  }

  /** Resolves once the LISTEN connection is up (from then on, a commit wakes the relay at once). */
  async waitUntilListening(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.listening) {
      if (Date.now() > deadline) throw new Error(`the outbox relay was not listening after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Asks for a claim now (coalesced with one under way, or made when the pipeline has room). */
  wake(): void {
    this.wanted = true;
    this.pump();
  }

  /** Pending rows and the age of the oldest, for health and metrics. */
  async backlog(): Promise<{ pending: number; oldestAgeSeconds: number }> {
    const [row] = await this.options.dataSource.query<{ pending: number; age: number }[]>(
      `SELECT count(*)::int AS pending, COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - min(created_at)), 0)::float8 AS age
         FROM outbox_event WHERE status = 'pending'`,
    );
    return { pending: row.pending, oldestAgeSeconds: row.age };
  }

  /** Deletes published rows older than the retention, a bounded batch at a time. */
  async prune(): Promise<number> {
    const retentionSeconds = (this.options.retentionMs ?? 7 * 24 * 3600 * 1000) / 1000;
    let total = 0;
    try {
      for (;;) {
        const [{ n }] = await this.options.dataSource.query<{ n: number }[]>(
          `WITH old AS (
             SELECT seq FROM outbox_event
              WHERE status = 'published' AND published_at < clock_timestamp() - make_interval(secs => $1)
              LIMIT 5000),
           gone AS (DELETE FROM outbox_event WHERE seq IN (SELECT seq FROM old) RETURNING 1)
           SELECT count(*)::int AS n FROM gone`,
          [retentionSeconds],
        );
        total += n;
        if (n < 5000) return total;
      }
    } catch (error) {
      this.logger.warn(`outbox relay: pruning failed (${error instanceof Error ? error.message : String(error)})`);
      return total;
    }
  }

  /** Claims the next batch if one is wanted and the pipeline, the channel and the backoff allow it. */
  private pump(): void {
    const channel = this.channel;
    const depth = Math.max(1, this.options.pipelineDepth ?? 2);
    if (!this.running || !this.wanted || channel === undefined || this.claiming || this.batches.size >= depth || this.retryTimer !== undefined) return;
    this.wanted = false;
    this.claiming = true;
    const batchSize = this.options.batchSize ?? 500;
    let claimOver = false;
    const onPublished = (claimed: number): void => {
      if (claimOver) return;
      claimOver = true;
      this.claiming = false;
      if (claimed === batchSize) this.wanted = true; // a full batch: more are probably pending
      this.pump();
    };
    const batch = publishBatch({
      dataSource: this.options.dataSource,
      channel,
      batchSize,
      returned: this.returned,
      deleteOnPublish: this.deleteOnPublish,
      unconsumed: this.unconsumed,
      failpoint: this.options.failpoint,
      onPublished,
    })
      .then(({ published, heldBackMs }) => {
        this.failures = 0;
        if (published > 0) this.options.events?.published?.(published);
        if (heldBackMs !== undefined) this.scheduleHeldBack(heldBackMs);
      })
      .catch((error: unknown) => this.onFailure(error))
      .finally(() => {
        this.batches.delete(batch);
        onPublished(0); // failed before it published: the claim is over
        this.pump();
      });
    this.batches.add(batch);
  }

  /** Wakes when the earliest held-back row becomes available again (the slow poll would too, later). */
  private scheduleHeldBack(delayMs: number): void {
    if (this.heldBackTimer !== undefined || !this.running) return;
    this.heldBackTimer = setTimeout(() => {
      this.heldBackTimer = undefined;
      this.wake();
    }, Math.max(0, delayMs) + 10);
    this.heldBackTimer.unref();
  }

  private onFailure(error: unknown): void {
    const err = error instanceof Error ? error : new Error(String(error));
    this.options.events?.failed?.(err);
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.min(this.failures, 10));
    if (this.failures === 0) this.logger.warn(`outbox relay: publishing failed (${err.message}); retrying with backoff`);
    this.failures += 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.wake();
    }, delay);
    this.retryTimer.unref();
  }

  private async openChannel(connection: ChannelModel): Promise<void> {
    if (!this.running) return;
    const channel = await connection.createConfirmChannel();
    channel.on('error', (error: Error) => this.logger.warn(`outbox relay channel error: ${error.message}`));
    channel.on('close', () => {
      if (this.channel === channel) this.channel = undefined;
    });
    channel.on('return', (message: Message) => {
      // mandatory: no queue is bound to the routing key; the row stays pending and is retried with backoff
      const id = String(message.properties.messageId);
      this.returned.add(id);
      this.options.events?.returned?.(message.fields.routingKey);
      this.logger.warn(`outbox relay: event ${id} (${message.fields.routingKey}) is unroutable (no queue bound to it); kept in the outbox and retried`);
    });
    await declareExchanges(channel);
    this.channel = channel;
    this.failures = 0;
    clearTimeout(this.retryTimer); // a new channel: no reason to wait out the backoff
    this.retryTimer = undefined;
    this.wake();
  }

  private async listen(): Promise<void> {
    while (this.running) {
      const client = new Client({ connectionString: this.options.databaseUrl, application_name: 'outbox-relay-listen' });
      this.listener = client;
      client.on('error', () => undefined); // a broken connection also ends it: handled below
      const ended = new Promise<void>((resolve) => client.once('end', resolve));
      try {
        await client.connect();
        client.on('notification', () => this.wake());
        await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
        if (!this.running) throw new Error('stopped');
        this.listening = true;
        this.wake(); // rows committed while nobody listened
        await ended;
      } catch {
        await client.end().catch(() => undefined);
      }
      this.listening = false;
      if (this.listener === client) this.listener = undefined;
      if (this.running) await new Promise((resolve) => setTimeout(resolve, 1_000).unref());
    }
  }
}
