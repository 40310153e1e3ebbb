import { type INestApplication } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, type OperationObject, SwaggerModule } from '@nestjs/swagger';
import {
  AuthErrorCodes,
  InsufficientScopeException,
  IS_PUBLIC,
  LOGIN_SESSION_ONLY,
  LoginSessionRequiredException,
  REQUIRED_ROLES,
  requiredScope,
  type Role,
} from '@taskhub/platform-auth';
import { type BaseServiceConfig } from '@taskhub/platform-config';
import { ErrorCodes, ErrorResponseDto } from '@taskhub/platform-errors';
import { errorExamplesByCode, errorResponseObject } from './api-error-responses.decorator';
import { IDEMPOTENT } from '../idempotency/idempotent.metadata';
import { ETAG_FROM_VERSION } from '../preconditions/etag-from-version.decorator';
import { IF_MATCH_VERSION } from '../preconditions/if-match-version.decorator';
import { defaultErrorExamples, type ErrorResponseExample } from './error-examples';
import { conventionAdditions, type OperationAdditions, type RouteConventions } from './http-conventions';
import { workspaceVersion } from './workspace-version';

/** The name of the access-token security scheme in every document. */
export const BEARER_AUTH = 'bearer';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** What the global guard answers any authenticated route (AccessTokenGuard, AccessTokenStrategy, UserRateLimiter). */
const AUTHENTICATED_ERRORS: readonly ErrorResponseExample[] = [
  { status: 401, code: AuthErrorCodes.TOKEN_MISSING, message: 'an access token is required: Authorization: Bearer <token>' },
  { status: 401, code: AuthErrorCodes.TOKEN_INVALID, message: 'the access token is invalid' },
  { status: 401, code: AuthErrorCodes.TOKEN_EXPIRED, message: 'the access token has expired' },
  { status: 401, code: AuthErrorCodes.SESSION_ENDED, message: 'the session of this access token has ended' },
  { status: 429, code: ErrorCodes.RATE_LIMITED, message: 'more than 600 requests a minute from this user' },
];
/** What the global guard answers an API key's token without the scope of the method. */
const scopeError = (method: string): ErrorResponseExample => {
  const refusal = new InsufficientScopeException(requiredScope(method));
  return { status: 403, code: refusal.code, message: refusal.message };
};
/** What it answers an API key's token on a `@LoginSessionOnly()` route. */
const loginSessionError = (message: string | undefined): ErrorResponseExample => {
  const refusal = new LoginSessionRequiredException(message);
  return { status: 403, code: refusal.code, message: refusal.message };
};
/** What RolesGuard answers a caller without the role. */
const ROLE_ERRORS = defaultErrorExamples(403);
/** What any route may answer: its database (or Redis, behind the guard) away, or load shedding. */
const EVERY_ROUTE_ERRORS = defaultErrorExamples(503);

/** What the document needs to know of a route handler beyond what @nestjs/swagger reads. */
interface RouteDocs extends RouteConventions {
  readonly isPublic: boolean;
  readonly roles: readonly Role[];
  /** `@LoginSessionOnly()`, with its message */
  readonly loginSessionOnly: { readonly message?: string } | undefined;
}

/**
 * The OpenAPI 3 document of a service, from the decorators of its controllers (`@ApiTags`, `@ApiOperation`,
 * `@ApiOkResponse`, `@ApiErrorResponses`, `@ApiProperty` on DTOs: there is no Nest CLI plugin in the SWC build).
 * Paths carry the /api/v1 prefix (the app's global prefix). Every route that is not `@Public()` gets the bearer
 * security requirement and the 401, 403 (an API key's scope, `@LoginSessionOnly()`) and 429 of the global guard,
 * `@Roles()` routes the 403, every route the 503s;
 * a route lists its own codes with `@ApiErrorResponses`. `@ETagFromVersion()` adds the ETag header to its 2xx (and
 * If-None-Match and 304 to a GET), `@IfMatchVersion()` the required If-Match with its 412 and 428, `@Idempotent()`
 * the optional Idempotency-Key of a POST with its 400, 409 and 422 and the Idempotent-Replayed header. Needs the app created (not initialised, not listening; Nest's
 * preview mode is enough).
 */
export function buildOpenApiDocument(app: INestApplication, config: Pick<BaseServiceConfig, 'service'>): OpenAPIObject {
  const base = new DocumentBuilder()
    .setTitle(`TaskHub ${config.service} service`)
    .setDescription(
      `The ${config.service} service's API as clients call it through the gateway (every path starts with /api/v1). ` +
        'Errors answer `ErrorResponseDto`; every response carries the request\'s `X-Request-ID`.',
    )
    .setVersion(workspaceVersion())
    .addServer('/', 'the gateway (or the service itself: its routes carry the same /api/v1 prefix)')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'RS256 access token from POST /api/v1/auth/login, /auth/refresh or /auth/token. A token from /auth/token (an API key) ' +
          'carries the key\'s `scope`: `read` for GET, HEAD and OPTIONS, `write` for every other method (403 AUTH.INSUFFICIENT_SCOPE).',
      },
      BEARER_AUTH,
    )
    .build();
  delete base.info.contact; // DocumentBuilder's empty default
  const document = SwaggerModule.createDocument(app, base, {
    extraModels: [ErrorResponseDto],
    operationIdFactory: (controller, method) => `${controller}_${method}`,
  });
  const routes = routeDocs(app);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation) applyPlatformDocs(operation, docsOf(routes, operation, `${method.toUpperCase()} ${path}`), method);
    }
  }
  return document;
}

function applyPlatformDocs(operation: OperationObject, route: RouteDocs, method: string): void {
  applyConventions(operation, conventionAdditions(route, method));
  if (!route.isPublic) {
    operation.security = [{ [BEARER_AUTH]: [] }];
    mergeErrors(operation, AUTHENTICATED_ERRORS);
    mergeErrors(operation, [scopeError(method), ...(route.loginSessionOnly ? [loginSessionError(route.loginSessionOnly.message)] : [])]);
  }
  if (route.roles.length > 0) mergeErrors(operation, ROLE_ERRORS);
  mergeErrors(operation, EVERY_ROUTE_ERRORS);
}

/** The headers, parameters and responses of ETag, If-Match (and the rest of RouteConventions), beside the route's own. */
function applyConventions(operation: OperationObject, additions: OperationAdditions): void {
  if (additions.parameters.length > 0) operation.parameters = [...(operation.parameters ?? []), ...additions.parameters];
  for (const [status, response] of Object.entries(operation.responses)) {
    if (!/^2\d\d$/.test(status) || !response || '$ref' in response) continue;
    if (Object.keys(additions.successHeaders).length > 0) response.headers = { ...response.headers, ...additions.successHeaders };
  }
  for (const [status, response] of Object.entries(additions.responses)) operation.responses[status] ??= response;
  mergeErrors(operation, additions.errors);
}

/** Adds each example to its status: a new response, or one more example (by code) beside the route's own. */
function mergeErrors(operation: OperationObject, examples: readonly ErrorResponseExample[]): void {
  for (const status of new Set(examples.map((e) => e.status))) {
    const ofStatus = examples.filter((e) => e.status === status);
    const existing = operation.responses[status] as ReturnType<typeof errorResponseObject> | undefined;
    const media = existing?.content?.['application/json'];
    if (!existing || !media) {
      operation.responses[status] = errorResponseObject(status, ofStatus);
      continue;
    }
    const added = errorExamplesByCode(status, ofStatus.filter((e) => !media.examples?.[e.code]));
    media.examples = { ...media.examples, ...added };
  }
}

function docsOf(routes: ReadonlyMap<string, RouteDocs>, operation: OperationObject, route: string): RouteDocs {
  const found = operation.operationId === undefined ? undefined : routes.get(operation.operationId);
  if (!found) throw new Error(`OpenAPI: cannot tell whether ${route} (operationId ${operation.operationId}) is public: no handler of that name`);
  return found;
}

/** `@Public()`, `@Roles()` and the conventions of every route handler, by operationId (`<Controller>_<method>`). */
function routeDocs(app: INestApplication): Map<string, RouteDocs> {
  const reflector = new Reflector();
  const scanner = new MetadataScanner();
  const routes = new Map<string, RouteDocs>();
  for (const moduleRef of app.get(ModulesContainer).values()) {
    for (const wrapper of moduleRef.controllers.values()) {
      const controller = wrapper.metatype;
      if (typeof controller !== 'function') continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const targets = [handler, controller];
        routes.set(`${controller.name}_${name}`, {
          isPublic: reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets) === true,
          roles: reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets) ?? [],
          loginSessionOnly: reflector.getAllAndOverride<{ message?: string } | undefined>(LOGIN_SESSION_ONLY, targets),
          etagFromVersion: reflector.get<boolean | undefined>(ETAG_FROM_VERSION, handler) === true,
          ifMatchVersion: reflector.get<boolean | undefined>(IF_MATCH_VERSION, handler) === true,
          idempotent: reflector.getAllAndOverride<boolean | undefined>(IDEMPOTENT, targets) === true,
        });
      }
    }
  }
  return routes;
}
