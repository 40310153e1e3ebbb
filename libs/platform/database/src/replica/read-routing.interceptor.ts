import { type CallHandler, type ExecutionContext, type INestApplicationContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { catchError, from, mergeMap, Observable } from 'rxjs';
import { runWithReadRoute } from './read-route';
import { ReadReplicaHolder } from './read-replica.holder';

/** Methods that read only: their queries may go to the replica. */
const READ_METHODS = new Set(['GET', 'HEAD']);

interface RoutedRequest {
  readonly method: string;
  readonly user?: { readonly id: string };
}

const isClientError = (error: unknown): boolean => {
  const status = (error as { getStatus?: () => number }).getStatus?.();
  return typeof status === 'number' && status < 500;
};

/**
 * Per authenticated request, after authentication: a GET or HEAD runs with its reads routed (ReadReplica.routeFor), any
 * other method on the primary, and once it has answered (or failed with a 5xx, when it may have committed) the primary's WAL
 * position is recorded as the caller's last write. Without a replica configured it does nothing.
 */
@Injectable()
export class ReadRoutingInterceptor implements NestInterceptor {
  constructor(private readonly holder: ReadReplicaHolder) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const replica = this.holder.replica;
    if (replica === undefined || context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<RoutedRequest>();
    const userId = request.user?.id;
    // unauthenticated requests (health checks, /metrics) stay on the primary: readiness is the primary's
    if (userId === undefined) return next.handle();
    if (!READ_METHODS.has(request.method)) {
      return next.handle().pipe(
        mergeMap(async (value: unknown) => {
          await replica.recordWrite(userId);
          return value;
        }),
        catchError((error: unknown) =>
          from(isClientError(error) ? Promise.resolve() : replica.recordWrite(userId)).pipe(
            mergeMap(() => {
              throw error;
            }),
          ),
        ),
      );
    }
    return from(replica.routeFor(userId)).pipe(
      mergeMap((route) => new Observable<unknown>((subscriber) => runWithReadRoute(route, () => next.handle().subscribe(subscriber)))),
    );
  }
}

/**
 * The app's ReadRoutingInterceptor if its service reads from a replica (READ_DATABASE_URL set), else undefined:
 * `createServiceApp` makes it global only then, since without a replica it routes nothing and an interceptor on every
 * route costs every request Nest's interceptor chain (docs/performance.md, "Read path").
 */
export function readRoutingInterceptorOf(app: INestApplicationContext): ReadRoutingInterceptor | undefined {
  let holder: ReadReplicaHolder;
  try {
    holder = app.get(ReadReplicaHolder, { strict: false });
  } catch {
    return undefined; // a service without `readReplica`
  }
  return holder.replica === undefined ? undefined : app.get(ReadRoutingInterceptor, { strict: false });
}
