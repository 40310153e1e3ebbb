import { LuaScript, type Redis } from '@taskhub/platform-redis';

/** Keeps the larger of the stored and the given position, and (re)sets the key's TTL: writes may be recorded out of order. */
const RECORD = new LuaScript(`
local current = redis.call('GET', KEYS[1])
if current and tonumber(current) >= tonumber(ARGV[1]) then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`);

/**
 * Each user's last write position on the primary, in Redis under the service's prefix so that every instance sees it
 * (a user's next request may reach another instance). The key expires after READ_YOUR_WRITES_WINDOW_MS.
 */
export class LastWriteStore {
  constructor(
    private readonly redis: Redis,
    private readonly windowMs: number,
    private readonly timeoutMs: number,
  ) {}

  private key(userId: string): string {
    return `read-your-writes:${userId}`;
  }

  async record(userId: string, lsn: bigint): Promise<void> {
    await RECORD.run(this.redis, [this.key(userId)], [lsn.toString(), this.windowMs]);
  }

  /** The user's last recorded write position, undefined when none is recorded within the window. */
  async lastWrite(userId: string): Promise<bigint | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from Redis within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      const value = await Promise.race([this.redis.get(this.key(userId)), timeout]);
      return value === null ? undefined : BigInt(value);
    } finally {
      clearTimeout(timer);
    }
  }
}
