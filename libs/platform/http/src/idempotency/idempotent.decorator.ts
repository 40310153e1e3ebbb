import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IDEMPOTENT } from './idempotent.metadata';

export { IDEMPOTENT } from './idempotent.metadata';

/**
 * The POST routes of this handler (or of every handler of this controller) honour an Idempotency-Key header: a retry
 * with the same key and request gets the first response and does nothing again, on any instance of the service.
 * Other methods are unaffected. The route must be authenticated: a key is scoped to its caller. It puts
 * IdempotencyInterceptor on these routes only: an interceptor on every route would cost every request Nest's
 * interceptor chain (docs/performance.md, "Read path").
 */
export const Idempotent = (): MethodDecorator & ClassDecorator => applyDecorators(SetMetadata(IDEMPOTENT, true), UseInterceptors(IdempotencyInterceptor));
