import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DependencyUnavailableException } from '@taskhub/platform-errors';
import { type Redis, REDIS_CLIENT } from '@taskhub/platform-redis';

/** How long a stream counts against its user's cap without a renewal: what a crashed instance's streams cost. */
export const STREAM_LEASE_MS = 60_000;
/** Each instance renews the leases of its open streams this often (a third of the lease: two renewals may fail). */
const RENEW_EVERY_MS = STREAM_LEASE_MS / 3;

/** Redis' own clock in ms (every instance reads the same clock, so leases do not depend on the instances' clocks). */
const NOW_MS = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;
/** KEYS[1] the user's set; ARGV: max, lease ms, member. 1 when leased, 0 when the user holds max live leases. */
const ACQUIRE = `${NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;
/** KEYS[1] the user's set; ARGV: lease ms, then the members to renew (added again if they had lapsed). */
const RENEW = `${NOW_MS}
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return #ARGV - 1`;

type LeaseRedis = Redis & {
  streamLeaseAcquire(key: string, max: number, leaseMs: number, member: string): Promise<number>;
  streamLeaseRenew(key: string, leaseMs: number, ...members: string[]): Promise<number>;
};

/**
 * The cap on a user's open streams over every instance (NOTIFICATION_STREAM_MAX_PER_USER): one sorted set per user in
 * Redis (`<REDIS_KEY_PREFIX>notification-streams:<userId>`), one member per open stream (`<instance id>:<stream id>`)
 * scored by when its lease ends. Opening checks and adds in one script; closing removes the member; each instance
 * renews its streams' leases every 20 s, so the streams of an instance that died stop counting within a minute.
 */
@Injectable()
export class StreamLeases implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(StreamLeases.name);
  private readonly instanceId = randomUUID();
  private readonly redis: LeaseRedis;
  /** this instance's leases: member -> user id */
  private readonly held = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(@Inject(REDIS_CLIENT) redis: Redis) {
    this.redis = redis as LeaseRedis;
    this.redis.defineCommand('streamLeaseAcquire', { numberOfKeys: 1, lua: ACQUIRE });
    this.redis.defineCommand('streamLeaseRenew', { numberOfKeys: 1, lua: RENEW });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.renewAll(), RENEW_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /**
   * A lease for one more stream of the user, or undefined when the user holds `max` open streams over all instances.
   * Redis unavailable: 503 DEPENDENCY.UNAVAILABLE (the stream could not be fed without it anyway).
   */
  async acquire(userId: string, max: number): Promise<string | undefined> {
    const member = `${this.instanceId}:${randomUUID()}`;
    let leased: number;
    try {
      leased = await this.redis.streamLeaseAcquire(leaseKey(userId), max, STREAM_LEASE_MS, member);
    } catch (error) {
      this.logger.warn(`live stream unavailable: cannot count the user's streams on Redis: ${(error as Error).message}`);
      throw new DependencyUnavailableException('live notifications are unavailable, retry later');
    }
    if (leased !== 1) return undefined;
    this.held.set(member, userId);
    return member;
  }

  /** Gives a lease back (the stream closed); a failure is logged, and the lease lapses within STREAM_LEASE_MS. */
  release(member: string): void {
    const userId = this.held.get(member);
    if (userId === undefined) return;
    this.held.delete(member);
    this.redis.zrem(leaseKey(userId), member).catch((error: Error) => this.logger.warn(`releasing a stream lease failed: ${error.message}`));
  }

  /** Renews every lease this instance holds (public for tests); failures are logged, the next round retries. */
  async renewAll(): Promise<void> {
    const byUser = new Map<string, string[]>();
    for (const [member, userId] of this.held) byUser.set(userId, [...(byUser.get(userId) ?? []), member]);
    await Promise.all(
      [...byUser].map(([userId, members]) =>
        this.redis.streamLeaseRenew(leaseKey(userId), STREAM_LEASE_MS, ...members).catch((error: Error) => {
          this.logger.warn(`renewing the stream leases of a user failed: ${error.message}`);
        }),
      ),
    );
  }
}

/** The user's set, under the client's key prefix. */
function leaseKey(userId: string): string {
  return `notification-streams:${userId}`;
}
