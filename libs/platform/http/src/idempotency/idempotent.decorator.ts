import { SetMetadata } from '@nestjs/common';

/** Set by `@Idempotent()` on a handler or controller. */
export const IDEMPOTENT = 'taskhub:http:idempotent';

/**
 * The POST routes of this handler (or of every handler of this controller) honour an Idempotency-Key header: a retry
 * with the same key and request gets the first response and does nothing again, on any instance of the service.
 * Other methods are unaffected. The route must be authenticated: a key is scoped to its caller.
 */
export const Idempotent = (): MethodDecorator & ClassDecorator => SetMetadata(IDEMPOTENT, true);
