import { createHash, createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { BaseServiceConfig } from '@taskhub/platform-config';
import { canonicalJson } from './canonical-json';
import { InvalidCursorException } from './invalid-cursor.exception';
import { type CursorBinding, type Page } from './page';
import { MAX_CURSOR_LENGTH } from './page-query.dto';

/** base64url payload, '.', base64url HMAC-SHA256 (32 bytes: 43 characters). */
const CURSOR_FORMAT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/;

/** What a cursor carries: the digest of its binding and the position of the last item of the page it followed. */
interface CursorPayload {
  readonly b: string;
  readonly p: unknown;
}

/**
 * Opaque cursors of keyset pages: a position (the sort key and id of a page's last item) bound to the query it came
 * from (the list, its sort and filters), signed with CURSOR_SIGNING_SECRET. A client can neither forge a position nor
 * carry a cursor to another query; any such cursor answers 400 REQUEST.INVALID_CURSOR. Provided by PlatformModule.
 */
@Injectable()
export class PageCursors {
  private readonly key: KeyObject;
  private readonly service: string;
  /**
   * A short id of the key and service that sign the cursors (an HMAC of a fixed text, so it reveals nothing of the
   * key): a cache of pages holding cursors puts it in its keys, so pages signed with another key are never served.
   */
  readonly keyId: string;

  /** `config` comes from loadServiceConfig, which refuses the development secret with NODE_ENV=production */
  constructor(config: BaseServiceConfig) {
    this.key = createSecretKey(Buffer.from(config.cursorSigningSecret, 'utf8'));
    this.service = config.service;
    this.keyId = this.mac(`key id of ${this.service}`).slice(0, 8);
  }

  /** undefined when no cursor was given; the decoded position otherwise; throws 400 REQUEST.INVALID_CURSOR */
  decode<P>(cursor: string | undefined, binding: CursorBinding): P | undefined {
    if (cursor === undefined) return undefined;
    if (!CURSOR_FORMAT.test(cursor)) throw new InvalidCursorException('malformed');
    const [payload, mac] = cursor.split('.');
    // both are 43 ASCII characters here; comparing the text (not decoded bytes) leaves no second spelling of a MAC
    if (!timingSafeEqual(Buffer.from(mac), Buffer.from(this.mac(payload)))) throw new InvalidCursorException('not_issued_here');
    const decoded = parsePayload(payload);
    if (!decoded) throw new InvalidCursorException('malformed');
    if (decoded.b !== this.digest(binding)) throw new InvalidCursorException('other_query');
    return decoded.p as P;
  }

  /** rows were fetched with `limit + 1`: returns the first `limit` and a cursor at the last one if there were more */
  page<T, P>(rows: readonly T[], limit: number, positionOf: (last: T) => P, binding: CursorBinding): Page<T> {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`a page holds at least one item (limit ${limit})`);
    const items = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? this.encode(positionOf(items[items.length - 1]), binding) : null;
    return { items, nextCursor };
  }

  private encode(position: unknown, binding: CursorBinding): string {
    const body: CursorPayload = { b: this.digest(binding), p: position };
    const payload = Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
    const cursor = `${payload}.${this.mac(payload)}`;
    if (cursor.length > MAX_CURSOR_LENGTH) {
      throw new RangeError(`a cursor of ${binding.list} would be ${cursor.length} characters, over ${MAX_CURSOR_LENGTH}: its position is too large`);
    }
    return cursor;
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }

  /** the service is part of the binding: a service sharing the secret still cannot take another's cursor */
  private digest(binding: CursorBinding): string {
    return createHash('sha256').update(canonicalJson({ service: this.service, binding })).digest('base64url');
  }
}

function parsePayload(payload: string): CursorPayload | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null || !('p' in value) || !('b' in value) || typeof value.b !== 'string') return undefined;
    return { b: value.b, p: value.p };
  } catch {
    return undefined;
  }
}
