import { type HeaderObject, type ParameterObject, type ResponseObject } from '@nestjs/swagger';
import { defaultErrorExamples, type ErrorResponseExample } from './error-examples';

/** The platform's HTTP conventions a route handler uses, from its decorators. */
export interface RouteConventions {
  /** `@ETagFromVersion()` */
  readonly etagFromVersion: boolean;
  /** a parameter with `@IfMatchVersion()` */
  readonly ifMatchVersion: boolean;
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

/** What `@ETagFromVersion()` and `@IfMatchVersion()` add to the operation of `method` (lower case, as in the document). */
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
  return additions;
}
