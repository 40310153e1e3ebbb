import { type HeaderObject, type ParameterObject, type ResponseObject } from '@nestjs/swagger';
import { IdempotencyInProgressException, IdempotencyKeyReusedException } from '../idempotency/idempotency.exceptions';
import { invalidIdempotencyKey } from '../idempotency/idempotency-key';
import { defaultErrorExamples, type ErrorResponseExample } from './error-examples';

/** The platform's HTTP conventions a route handler uses, from its decorators. */
export interface RouteConventions {
  /** `@ETagFromVersion()` */
  readonly etagFromVersion: boolean;
  /** a parameter with `@IfMatchVersion()` */
  readonly ifMatchVersion: boolean;
  /** `@Idempotent()` on the handler or its controller (applies to POST) */
  readonly idempotent: boolean;
}

/** What the conventions of a route add to its operation in the document. */
export interface OperationAdditions {
  readonly parameters: ParameterObject[];
  /** headers of every 2xx response */
  readonly successHeaders: Record<string, HeaderObject>;
  /** responses besides the route's own and the errors (304) */
  readonly responses: Record<string, ResponseObject>;
  readonly errors: ErrorResponseExample[];
}

const ETAG_EXAMPLE = '"3"';

const ETAG_HEADER: HeaderObject = {
  description:
    'The version of the resource in the body, as a strong ETag (`"<version>"`): send it in If-Match to change or delete ' +
    'the resource, or in If-None-Match to read it again only if it changed.',
  schema: { type: 'string', example: ETAG_EXAMPLE },
};

const IF_MATCH: ParameterObject = {
  name: 'If-Match',
  in: 'header',
  required: true,
  description:
    'The ETag of the version you last read, as a GET returned it: 412 if the resource changed since (someone else ' +
    'changed it: read it again), 428 without it. Exactly one strong ETag; `*`, lists and weak ETags are refused (412).',
  schema: { type: 'string', example: ETAG_EXAMPLE },
};

const IF_NONE_MATCH: ParameterObject = {
  name: 'If-None-Match',
  in: 'header',
  required: false,
  description: 'The ETag of your copy: while it is still current the answer is 304 without a body.',
  schema: { type: 'string', example: ETAG_EXAMPLE },
};

const NOT_MODIFIED: ResponseObject = { description: 'Not modified: If-None-Match names the current version.', headers: { ETag: ETAG_HEADER } };

const IDEMPOTENCY_KEY: ParameterObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'A key of your choosing (1-255 printable ASCII characters, e.g. a UUID) that makes a retry safe: for 24 h a retry ' +
    'with the same key and request gets the first response again, with `Idempotent-Replayed: true`, and creates ' +
    'nothing; while the first is still running it gets 409 with Retry-After; the same key with another body or path, ' +
    '422. A 5xx is not kept: a retry runs the request again. Keys are per user.',
  schema: { type: 'string', minLength: 1, maxLength: 255, example: '7c0e5f5e-2b1a-4c83-9d4e-1f2a3b4c5d6e' },
};

const IDEMPOTENT_REPLAYED_HEADER: HeaderObject = {
  description: '`true` when this is the stored response of an earlier request with the same Idempotency-Key.',
  schema: { type: 'string', enum: ['true'] },
};

/** The errors of an Idempotency-Key, from the exceptions the interceptor throws. */
const IDEMPOTENCY_ERRORS: readonly ErrorResponseExample[] = [
  invalidIdempotencyKey(),
  new IdempotencyInProgressException(),
  new IdempotencyKeyReusedException(),
].map((e) => ({ status: e.statusCode, code: e.code, message: e.message, details: e.details }));

/** What `@ETagFromVersion()`, `@IfMatchVersion()` and `@Idempotent()` add to the operation of `method` (lower case, as in the document). */
export function conventionAdditions(route: RouteConventions, method: string): OperationAdditions {
  const additions: OperationAdditions = { parameters: [], successHeaders: {}, responses: {}, errors: [] };
  if (route.etagFromVersion) {
    additions.successHeaders.ETag = ETAG_HEADER;
    if (method === 'get') {
      additions.parameters.push(IF_NONE_MATCH);
      additions.responses['304'] = NOT_MODIFIED;
    }
  }
  if (route.ifMatchVersion) {
    additions.parameters.push(IF_MATCH);
    additions.errors.push(...defaultErrorExamples(412), ...defaultErrorExamples(428));
  }
  if (route.idempotent && method === 'post') {
    additions.parameters.push(IDEMPOTENCY_KEY);
    additions.successHeaders['Idempotent-Replayed'] = IDEMPOTENT_REPLAYED_HEADER;
    additions.errors.push(...IDEMPOTENCY_ERRORS);
  }
  return additions;
}
