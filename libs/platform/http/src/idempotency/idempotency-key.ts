import { createHash } from 'node:crypto';
import { RequestValidationException } from '@taskhub/platform-errors';
import { canonicalJson } from '../pagination/canonical-json';

/** The request header naming a POST's idempotency key (lower case, as Node.js gives headers). */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** The response header of an answer replayed from the first request with the same key. */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';

const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

/** An Idempotency-Key header's key; undefined when there is none; 400 REQUEST.VALIDATION_FAILED unless 1-255 printable ASCII. */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const key = Array.isArray(header) ? header.join(', ') : header;
  if (KEY_PATTERN.test(key)) return key;
  throw invalidIdempotencyKey();
}

/** 400 REQUEST.VALIDATION_FAILED naming the header, for a key that is not 1-255 printable ASCII characters. */
export function invalidIdempotencyKey(): RequestValidationException {
  return new RequestValidationException([
    { field: 'Idempotency-Key', constraints: { idempotencyKey: 'the Idempotency-Key header must be 1-255 printable ASCII characters' } },
  ]);
}

/** What identifies one request's content: its parsed JSON body and route (and query) parameters. */
export interface RequestContent {
  readonly body: unknown;
  readonly params: unknown;
  readonly query: unknown;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * SHA-256 of the canonical JSON of the body and parameters: the same request written with its keys in another order
 * has the same fingerprint, another body or path another one.
 */
export function requestFingerprint(content: RequestContent): string {
  return sha256(canonicalJson({ body: content.body ?? null, params: content.params ?? {}, query: content.query ?? {} }));
}

/** Whose key it is and for which route: one caller's key never meets another's, nor another route's. */
export interface IdempotencyScope {
  readonly service: string;
  /** the verified caller (`request.user.id`) */
  readonly userId: string;
  readonly method: string;
  /** the route template, e.g. /api/v1/projects/:id/tasks */
  readonly route: string;
  readonly key: string;
}

/** The Redis key of a scoped idempotency key (hashed: client keys may hold any printable character, up to 255). */
export function idempotencyRecordKey(scope: IdempotencyScope): string {
  return `idempotency:${sha256(canonicalJson([scope.service, scope.userId, scope.method, scope.route, scope.key]))}`;
}
