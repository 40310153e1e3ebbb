import { PassThrough } from 'node:stream';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { type AuthenticatedUser } from '@taskhub/platform-auth';
import { DataSource } from 'typeorm';
import { NotificationServiceConfig } from '../config/notification.config';
import { NotificationRepository } from '../notifications/notification.repository';
import { LiveStream } from './live-stream';
import { InvalidLastEventIdException, TooManyStreamsException } from './notification-stream.errors';
import { parseLastEventId } from './sse';
import { StreamLeases } from './stream-leases';
import { UserChannelSubscriber } from './user-channel-subscriber';

/** What the controller hands over: Fastify's reply, as far as the stream needs it. */
export interface StreamReply {
  header(name: string, value: string): unknown;
  send(payload: PassThrough): unknown;
}

interface FastifyHooks {
  addHook(name: 'preClose', hook: () => Promise<void>): unknown;
}

/** The headers of the stream: no caching or transformation, and no buffering by nginx-based proxies (Kong). */
const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
} as const;

/**
 * The open live streams of this instance, per user: opens one (at most NOTIFICATION_STREAM_MAX_PER_USER per user over
 * every instance, counted by StreamLeases in Redis; the next gets 429), and ends them all when the HTTP server closes (Fastify's preClose: before the server waits for
 * in-flight responses, so open streams never hold the graceful shutdown up to its timeout, and clients reconnect to
 * another instance at once).
 */
/** A user's streams on this instance, and the ones being opened (their leases taken already). */
interface UserStreams {
  readonly open: Set<LiveStream>;
  opening: number;
}

@Injectable()
export class NotificationStreams implements OnModuleInit {
  private readonly logger = new Logger(NotificationStreams.name);
  private readonly byUser = new Map<string, UserStreams>();
  private closing = false;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly subscriber: UserChannelSubscriber,
    private readonly notifications: NotificationRepository,
    private readonly dataSource: DataSource,
    private readonly config: NotificationServiceConfig,
    private readonly leases: StreamLeases,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyHooks | undefined>();
    fastify?.addHook('preClose', () => Promise.resolve(this.endAll()));
  }

  /** How many streams this instance holds (all users). */
  get size(): number {
    let n = 0;
    for (const user of this.byUser.values()) n += user.open.size;
    return n;
  }

  /**
   * Opens the user's stream: subscribes first, then sends what the table holds after Last-Event-ID (none: from the
   * user's newest notification on), then the live ones. Validation, the cap and Redis come before any byte is sent,
   * so they answer in the common error shape.
   */
  async open(user: AuthenticatedUser, lastEventId: string | undefined, reply: StreamReply): Promise<void> {
    const from = parseLastEventId(lastEventId);
    if (from === null) throw new InvalidLastEventIdException();
    const max = this.config.streamMaxPerUser;
    const lease = await this.leases.acquire(user.id, max);
    if (lease === undefined) throw new TooManyStreamsException(max, Math.ceil(this.config.streamRetryMs / 1000));
    const mine = this.byUser.get(user.id) ?? { open: new Set<LiveStream>(), opening: 0 };
    this.byUser.set(user.id, mine);
    mine.opening++;
    const live: { stream?: LiveStream } = {}; // set once open; a signal before that needs nothing (see below)
    let unsubscribe = (): void => undefined;
    let after: string;
    try {
      // announcements before the stream exists need no keeping: its first catch-up reads them from the table
      unsubscribe = await this.subscriber.subscribe(user.id, (signal) => live.stream?.signal(signal));
      after = from ?? (await this.notifications.lastSeq(this.dataSource.manager, user.id));
    } catch (error) {
      unsubscribe();
      this.leases.release(lease);
      mine.opening--;
      this.release(user.id);
      throw error;
    }
    const out = new PassThrough();
    const stream = new LiveStream(out, {
      userId: user.id,
      after,
      read: (afterSeq, limit) => this.notifications.after(this.dataSource.manager, user.id, afterSeq, limit),
      heartbeatMs: this.config.streamHeartbeatSeconds * 1000,
      retryMs: this.config.streamRetryMs,
      endsAt: user.expiresAt * 1000,
      onEnd: () => {
        unsubscribe();
        this.leases.release(lease);
        mine.open.delete(stream);
        this.release(user.id);
      },
    });
    live.stream = stream;
    mine.opening--;
    mine.open.add(stream);
    for (const [name, value] of Object.entries(STREAM_HEADERS)) reply.header(name, value);
    reply.send(out);
    if (this.closing) stream.end(); // the server began closing while this one was opening
    else stream.catchUp();
  }

  /** Ends every open stream (shutdown); streams still opening end as soon as they open. */
  endAll(): void {
    this.closing = true;
    const count = this.size;
    if (count > 0) this.logger.log(`ending ${count} notification stream(s): the server is closing`);
    for (const user of [...this.byUser.values()]) for (const stream of [...user.open]) stream.end();
  }

  private release(userId: string): void {
    const mine = this.byUser.get(userId);
    if (mine && mine.open.size === 0 && mine.opening === 0) this.byUser.delete(userId);
  }
}
