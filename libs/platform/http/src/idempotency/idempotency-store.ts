import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DependencyUnavailableException } from '@taskhub/platform-errors';
import { LuaScript, type Redis, REDIS_CLIENT } from '@taskhub/platform-redis';

/** How long a first request holds its key: past it (a crashed instance), a retry runs the request again. */
export const IDEMPOTENCY_LOCK_TTL_MS = 60_000;
/** How long a response is kept for the retries of its key. */
export const IDEMPOTENCY_RECORD_TTL_MS = 24 * 60 * 60 * 1000;

/** A response as stored for the retries of its key. */
export interface StoredResponse {
  readonly status: number;
  /** the headers replayed with it (content-type, location, etag), lower case */
  readonly headers: Readonly<Record<string, string>>;
  /** the body as it was sent */
  readonly body: string;
}

type IdempotencyRecord =
  | { readonly state: 'in_progress'; readonly fingerprint: string; readonly owner: string }
  | ({ readonly state: 'completed'; readonly fingerprint: string } & StoredResponse);

/** What `begin` found: the key is ours now (run the request), or an earlier request holds it. */
export type BeginOutcome =
  | { readonly kind: 'first'; readonly claim: IdempotencyClaim }
  | { readonly kind: 'replay'; readonly response: StoredResponse }
  | { readonly kind: 'in_progress' }
  | { readonly kind: 'key_reused' };

/** A key held by this request until its response is stored or released. */
export interface IdempotencyClaim {
  readonly recordKey: string;
  readonly owner: string;
  readonly fingerprint: string;
}

/** KEYS record; ARGV in-progress JSON, lock TTL in ms. The record there already, or nil after writing ours. */
const BEGIN = new LuaScript(`
local existing = redis.call('GET', KEYS[1])
if existing then return existing end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false
`);

/** KEYS record; ARGV owner, completed JSON, TTL in ms. Stores the response only over our own in-progress record. */
const COMPLETE = new LuaScript(`
local existing = redis.call('GET', KEYS[1])
if not existing or cjson.decode(existing)['owner'] ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`);

/** KEYS record; ARGV owner. Drops our own in-progress record, so that a retry runs the request again. */
const RELEASE = new LuaScript(`
local existing = redis.call('GET', KEYS[1])
if not existing or cjson.decode(existing)['owner'] ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
`);

/**
 * The idempotency records of a service in its Redis (REDIS_KEY_PREFIX), shared by all its instances: an in-progress
 * record while the first request runs (SET NX with a lock TTL, in one script with the read), then its response for
 * 24 h. Only the request that wrote the in-progress record may complete or release it (its owner id).
 */
@Injectable()
export class IdempotencyStore {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  /** Claims `recordKey` for this request, or says what holds it. Redis unavailable: 503 (never runs unguarded). */
  async begin(recordKey: string, fingerprint: string): Promise<BeginOutcome> {
    const owner = randomUUID();
    const inProgress: IdempotencyRecord = { state: 'in_progress', fingerprint, owner };
    let existing: unknown;
    try {
      existing = await BEGIN.run(this.redis, [recordKey], [JSON.stringify(inProgress), IDEMPOTENCY_LOCK_TTL_MS]);
    } catch {
      throw new DependencyUnavailableException('the idempotency store is unavailable, retry later');
    }
    if (typeof existing !== 'string') return { kind: 'first', claim: { recordKey, owner, fingerprint } }; // nil: ours now
    const record = JSON.parse(existing) as IdempotencyRecord;
    if (record.fingerprint !== fingerprint) return { kind: 'key_reused' };
    if (record.state === 'in_progress') return { kind: 'in_progress' };
    return { kind: 'replay', response: { status: record.status, headers: record.headers, body: record.body } };
  }

  /** Stores the response of a claim for its retries; false when the claim had expired (another request holds the key). */
  async complete(claim: IdempotencyClaim, response: StoredResponse): Promise<boolean> {
    const record: IdempotencyRecord = { state: 'completed', fingerprint: claim.fingerprint, ...response };
    return (await COMPLETE.run(this.redis, [claim.recordKey], [claim.owner, JSON.stringify(record), IDEMPOTENCY_RECORD_TTL_MS])) === 1;
  }

  /** Gives the key up (the request failed with a 5xx): a retry runs the request again. */
  async release(claim: IdempotencyClaim): Promise<void> {
    await RELEASE.run(this.redis, [claim.recordKey], [claim.owner]);
  }
}
