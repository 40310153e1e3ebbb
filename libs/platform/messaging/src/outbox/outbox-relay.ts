import { Logger } from '@nestjs/common';
import { type ChannelModel, type ConfirmChannel, type Message } from 'amqplib';
import { Client } from 'pg';
import { inSpan, isTracingEnabled } from '@taskhub/platform-tracing';
import { type DataSource, type QueryRunner } from 'typeorm';
import { type AmqpConnection } from '../amqp-connection';
import { startSendSpan } from '../messaging-spans';
import { declareExchanges, EVENTS_EXCHANGE } from '../topology';
import { attachLocalRelay, OUTBOX_CHANNEL } from './outbox-wake';

export interface OutboxRelayOptions {
  /** the service's DataSource (claims and marks rows) */
  readonly dataSource: DataSource;
  /** URL of the same database, for the LISTEN connection */
  readonly databaseUrl: string;
  readonly amqp: AmqpConnection;
  /** rows claimed, published and confirmed together (the window of outstanding confirms); default 500 */
  readonly batchSize?: number;
  /** the safety-net poll, in case a NOTIFY is missed (e.g. while the LISTEN connection reconnects); default 5 s */
  readonly pollIntervalMs?: number;
  /** published rows are deleted after this long; default 7 days */
  readonly retentionMs?: number;
  readonly pruneIntervalMs?: number;
  /** test failpoints: called at the named point; a failpoint that throws or kills the process simulates a crash there */
  readonly failpoint?: (name: OutboxFailpoint) => void;
  readonly events?: OutboxRelayEvents;
}

export type OutboxFailpoint = 'after-publish-before-mark';

/** Counters for metrics (wired by the messaging module). */
export interface OutboxRelayEvents {
  published?(count: number): void;
  returned?(routingKey: string): void;
  failed?(error: Error): void;
}

interface ClaimedRow {
  seq: string;
  id: string;
  routing_key: string;
  body: string;
  headers: Record<string, string>;
  created_at: Date;
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
  private draining: Promise<void> | undefined;
  private wakeAgain = false;
  private failures = 0;
  private timers: NodeJS.Timeout[] = [];
  /** message ids the broker returned as unroutable during the batch in flight */
  private readonly returned = new Set<string>();
  private heldBackTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private listening = false;
  private detach: (() => void) | undefined;

  constructor(private readonly options: OutboxRelayOptions) {}

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

  /** Stops claiming, lets the batch in flight finish, closes the channel and the LISTEN connection. */
  async stop(): Promise<void> {
    this.running = false;
    this.detach?.();
    for (const timer of this.timers) clearInterval(timer);
    clearTimeout(this.retryTimer);
    clearTimeout(this.heldBackTimer);
    await this.draining;
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

  /** Asks for a drain now (coalesced with one in progress). */
  wake(): void {
    if (!this.running) return;
    if (this.draining) {
      this.wakeAgain = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.wakeAgain) {
        this.wakeAgain = false;
        this.wake();
      }
    });
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

  private async drain(): Promise<void> {
    while (this.running && this.channel !== undefined) {
      let claimed: number;
      try {
        claimed = await this.publishBatch(this.channel);
        this.failures = 0;
      } catch (error) {
        this.onFailure(error);
        return;
      }
      if (claimed < (this.options.batchSize ?? 500)) return;
    }
  }

  private async publishBatch(channel: ConfirmChannel): Promise<number> {
    const runner = this.options.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const claimStarted = Date.now();
      await runner.startTransaction();
      const rows = (await runner.query(
        `SELECT seq, id, routing_key, body, headers, created_at FROM outbox_event
          WHERE status = 'pending' AND available_at <= clock_timestamp() ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.options.batchSize ?? 500],
      )) as ClaimedRow[];
      if (rows.length === 0) {
        await runner.commitTransaction();
        return 0;
      }
      // with tracing on, the batch is a span linked to each event's creation context (a batch carries many traces)
      const { published, heldBackMs } = isTracingEnabled()
        ? await inSpan(startSendSpan(rows.map(sentEvent), claimStarted), () => this.publishClaimed(runner, channel, rows))
        : await this.publishClaimed(runner, channel, rows);
      this.options.events?.published?.(published);
      if (heldBackMs !== undefined) this.scheduleHeldBack(heldBackMs);
      return rows.length;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** Publishes claimed rows, waits for the confirms, marks them and commits: how many went out, and the delay of the rows held back. */
  private async publishClaimed(
    runner: QueryRunner,
    channel: ConfirmChannel,
    rows: readonly ClaimedRow[],
  ): Promise<{ published: number; heldBackMs: number | undefined }> {
    this.returned.clear();
    for (const row of rows) {
      const ok = channel.publish(EVENTS_EXCHANGE, row.routing_key, Buffer.from(row.body), {
        persistent: true,
        mandatory: true,
        messageId: row.id,
        contentType: 'application/json',
        type: row.routing_key,
        timestamp: Math.floor(row.created_at.getTime() / 1000),
        headers: row.headers,
      });
      if (!ok) await untilChannelCloses(channel, new Promise<void>((resolve) => channel.once('drain', resolve)));
    }
    await untilChannelCloses(channel, channel.waitForConfirms());
    this.options.failpoint?.('after-publish-before-mark');
    // the broker sends basic.return before the confirm of an unroutable mandatory message: the set is complete here
    const published = rows.filter((r) => !this.returned.has(r.id));
    const heldBack = rows.filter((r) => this.returned.has(r.id));
    await runner.query(
      `UPDATE outbox_event SET status = 'published', published_at = clock_timestamp(), publish_attempts = publish_attempts + 1
        WHERE seq = ANY($1::bigint[])`,
      [published.map((r) => r.seq)],
    );
    let heldBackMs: number | undefined;
    if (heldBack.length > 0) {
      // no queue was bound (yet): keep the events and try again later, 1 s, 2 s, 4 s ... at most a minute apart
      // TypeORM answers an UPDATE ... RETURNING with [rows, affected count]
      const [delays] = (await runner.query(
        `UPDATE outbox_event SET publish_attempts = publish_attempts + 1,
                available_at = clock_timestamp() + make_interval(secs => least(60, power(2, publish_attempts)))
          WHERE seq = ANY($1::bigint[])
          RETURNING (least(60, power(2, publish_attempts - 1)) * 1000)::float8 AS ms`,
        [heldBack.map((r) => r.seq)],
      )) as [{ ms: number }[], number];
      heldBackMs = Math.min(...delays.map((d) => d.ms));
    }
    await runner.commitTransaction();
    return { published: published.length, heldBackMs };
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
    this.retryTimer = setTimeout(() => this.wake(), delay);
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

function sentEvent(row: ClaimedRow): { id: string; routingKey: string; traceparent: string | undefined } {
  return { id: row.id, routingKey: row.routing_key, traceparent: row.headers.traceparent };
}

/**
 * `work`, or a rejection as soon as the channel closes: outstanding confirms of a channel whose connection died are
 * never settled, and a relay waiting on them would hang (and hold its claimed rows) forever.
 */
function untilChannelCloses<T>(channel: ConfirmChannel, work: Promise<T>): Promise<T> {
  let onClose: (() => void) | undefined;
  const closed = new Promise<never>((_, reject) => {
    onClose = () => reject(new Error('the channel closed before the broker confirmed the batch'));
    channel.once('close', onClose);
  });
  return Promise.race([work, closed]).finally(() => channel.off('close', onClose!));
}
