import { AsyncLocalStorage } from 'node:async_hooks';

/** Where the reads of the code running now may go: set per request by ReadRoutingInterceptor. */
export interface ReadRoute {
  readonly target: 'replica' | 'primary';
}

const storage = new AsyncLocalStorage<ReadRoute>();

/** Runs `fn` (and everything it awaits) with its reads sent to `route.target`. */
export function runWithReadRoute<T>(route: ReadRoute, fn: () => T): T {
  return storage.run(route, fn);
}

/** Outside a routed request (jobs, consumers, health checks) everything goes to the primary. */
export function currentReadTarget(): ReadRoute['target'] {
  return storage.getStore()?.target ?? 'primary';
}
