import { SetMetadata } from '@nestjs/common';
import { INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IDEMPOTENT } from './idempotent.metadata';

export { IDEMPOTENT } from './idempotent.metadata';

/**
 * The POST routes of this handler (or of every handler of this controller) honour an Idempotency-Key header: a retry
 * with the same key and request gets the first response and does nothing again, on any instance of the service.
 * Other methods are unaffected. The route must be authenticated: a key is scoped to its caller. It puts
 * IdempotencyInterceptor on these routes only (an interceptor on every route would cost every request Nest's
 * interceptor chain, docs/performance.md "Read path"), and first, whatever the order of the decorators: a replay
 * answers the stored response without running the handler's other interceptors (`@ETagFromVersion()`), as the
 * first answer's headers are stored with it.
 */
export const Idempotent = (): MethodDecorator & ClassDecorator => {
  const mark = SetMetadata(IDEMPOTENT, true);
  return (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    mark(target, key as string | symbol, descriptor as PropertyDescriptor);
    const holder = (descriptor?.value as object | undefined) ?? target;
    const others = (Reflect.getMetadata(INTERCEPTORS_METADATA, holder) as unknown[] | undefined) ?? [];
    Reflect.defineMetadata(INTERCEPTORS_METADATA, [IdempotencyInterceptor, ...others], holder);
  };
};
