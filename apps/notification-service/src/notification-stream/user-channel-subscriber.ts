import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DependencyUnavailableException } from '@taskhub/platform-errors';
import { closeRedis, type Redis, REDIS_CLIENT } from '@taskhub/platform-redis';
import { NotificationServiceConfig } from '../config/notification.config';
import { userChannel } from '../notifications/notification-feed';

/**
 * What a stream is told: the seq of a notification announced on its user's channel, or `null` after the subscriber
 * connection was re-established (messages may have been missed while it was down: read the table).
 */
export type FeedSignal = bigint | null;
export type FeedListener = (signal: FeedSignal) => void;

/**
 * The instance's one Redis subscriber connection for the live stream: SUBSCRIBE to a user's channel while the
 * instance holds at least one stream of that user, UNSUBSCRIBE when the last one closes; each message goes to the
 * streams of that user. ioredis resubscribes by itself after a reconnect; the streams are then told to read the
 * table (`null`), which holds every notification whose announcement was lost.
 */
@Injectable()
export class UserChannelSubscriber implements OnApplicationShutdown {
  private readonly logger = new Logger(UserChannelSubscriber.name);
  private readonly subscriber: Redis;
  private readonly listeners = new Map<string, Set<FeedListener>>();
  /** the SUBSCRIBE of a channel, until Redis confirmed it: a second stream of the user waits for it too */
  private readonly subscribing = new Map<string, Promise<unknown>>();
  private wasReady = false;
  private connected = false;

  constructor(
    @Inject(REDIS_CLIENT) redis: Redis,
    private readonly config: NotificationServiceConfig,
  ) {
    // a connection of its own: a subscribed connection can run no other command
    this.subscriber = redis.duplicate({ connectionName: `${config.service}-service-stream` });
    this.subscriber.on('message', (channel: string, message: string) => this.dispatch(channel, message));
    this.subscriber.on('error', (error: Error) => {
      if (this.connected) this.logger.warn(`stream subscriber lost Redis: ${error.message}`); // once per outage
      this.connected = false;
    });
    this.subscriber.on('ready', () => {
      this.connected = true;
      if (this.wasReady) this.logger.log('stream subscriber reconnected: streams catch up from the table');
      if (this.wasReady) for (const set of this.listeners.values()) for (const listener of set) listener(null);
      this.wasReady = true;
    });
  }

  /**
   * Adds a listener of the user's channel and resolves once Redis confirmed the subscription (a notification
   * announced from then on reaches it). Redis unavailable: 503 DEPENDENCY.UNAVAILABLE. Returns the unsubscribe.
   */
  async subscribe(userId: string, listener: FeedListener): Promise<() => void> {
    const channel = userChannel(this.config.redisKeyPrefix, userId);
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    const unsubscribe = (): void => this.remove(channel, listener);
    let pending = this.subscribing.get(channel);
    if (set.size === 1 || pending === undefined) {
      pending = this.subscriber.subscribe(channel);
      this.subscribing.set(channel, pending);
    }
    try {
      await pending;
      return unsubscribe;
    } catch (error) {
      if (this.subscribing.get(channel) === pending) this.subscribing.delete(channel);
      unsubscribe();
      this.logger.warn(`live stream unavailable: cannot subscribe on Redis: ${(error as Error).message}`);
      throw new DependencyUnavailableException('live notifications are unavailable, retry later');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await closeRedis(this.subscriber);
  }

  private remove(channel: string, listener: FeedListener): void {
    const set = this.listeners.get(channel);
    if (!set?.delete(listener) || set.size > 0) return;
    this.listeners.delete(channel);
    this.subscribing.delete(channel);
    if (this.subscriber.status === 'ready') {
      this.subscriber.unsubscribe(channel).catch((error: Error) => this.logger.warn(`UNSUBSCRIBE ${channel} failed: ${error.message}`));
    }
  }

  private dispatch(channel: string, message: string): void {
    const set = this.listeners.get(channel);
    if (!set) return;
    let seq: bigint;
    try {
      seq = BigInt((JSON.parse(message) as { seq: string }).seq);
    } catch {
      this.logger.warn(`ignored a malformed message on ${channel}`);
      return;
    }
    for (const listener of set) listener(seq);
  }
}
