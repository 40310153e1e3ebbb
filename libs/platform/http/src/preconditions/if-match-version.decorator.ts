import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { type HeaderValue, versionFromIfMatch } from './etag';

/** Set on a handler that takes `@IfMatchVersion()`: its OpenAPI operation shows the required If-Match, 412 and 428. */
export const IF_MATCH_VERSION = 'taskhub:http:if-match-version';

const ifMatchVersionParam = createParamDecorator((_data: unknown, context: ExecutionContext): number =>
  versionFromIfMatch(context.switchToHttp().getRequest<{ headers: Record<string, HeaderValue> }>().headers['if-match']),
);

/**
 * The version the client's If-Match names (`"3"` → 3), for a PATCH or DELETE of a versioned resource: the service
 * compares it with the row's and throws StaleVersionException when they differ. 428 PRECONDITION.REQUIRED when the
 * header is missing, 412 PRECONDITION.FAILED when it is malformed, a list, weak or `*` (not accepted: it would
 * overwrite any version). Documents the header as required, with the 412 and 428, in the OpenAPI document.
 */
export const IfMatchVersion =
  (): ParameterDecorator =>
  (target, key, index): void => {
    ifMatchVersionParam()(target, key, index);
    const descriptor = key === undefined ? undefined : Object.getOwnPropertyDescriptor(target, key);
    if (key === undefined || typeof descriptor?.value !== 'function') throw new Error('@IfMatchVersion() decorates a parameter of a route handler');
    SetMetadata(IF_MATCH_VERSION, true)(target, key, descriptor);
  };
