import { applyDecorators, type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, SetMetadata, UseInterceptors } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import { etagOf, type HeaderValue, ifNoneMatchIncludes } from './etag';

/** Set on a handler decorated with `@ETagFromVersion()`: its OpenAPI operation shows the ETag response header. */
export const ETAG_FROM_VERSION = 'taskhub:http:etag-from-version';

interface RequestLike {
  readonly method: string;
  readonly headers: Record<string, HeaderValue>;
}

interface ReplyLike {
  header(name: string, value: string): unknown;
  status(code: number): unknown;
}

/**
 * Sets `ETag: "<version>"` from the `version` of the body the handler returns. A GET (or HEAD) whose If-None-Match
 * names that ETag gets 304 without a body: the client's copy is current (the handler still ran: it saves the
 * transfer, not the read).
 */
@Injectable()
export class ETagFromVersionInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<RequestLike>();
    const reply = http.getResponse<ReplyLike>();
    return next.handle().pipe(
      map((body: unknown) => {
        const etag = etagOf(versionOf(body, context));
        reply.header('etag', etag);
        const isRead = request.method === 'GET' || request.method === 'HEAD';
        if (!isRead || !ifNoneMatchIncludes(request.headers['if-none-match'], etag)) return body;
        reply.status(304);
        return undefined;
      }),
    );
  }
}

function versionOf(body: unknown, context: ExecutionContext): number {
  const version = typeof body === 'object' && body !== null ? (body as { version?: unknown }).version : undefined;
  if (typeof version === 'number' && Number.isSafeInteger(version) && version >= 0) return version;
  throw new Error(`@ETagFromVersion(): ${context.getClass().name}.${context.getHandler().name} returned a body without a numeric version`);
}

/**
 * Method decorator of a route returning a versioned resource (a body with a numeric `version`): the response's ETag
 * is `etagOf(version)`, and a GET with a matching If-None-Match answers 304. Documented in the OpenAPI document.
 */
export const ETagFromVersion = (): MethodDecorator => applyDecorators(SetMetadata(ETAG_FROM_VERSION, true), UseInterceptors(ETagFromVersionInterceptor));
