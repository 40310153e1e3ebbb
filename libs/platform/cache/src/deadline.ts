/** Thrown when Redis did not answer a cache operation in time. */
export class CacheDeadlineExceeded extends Error {
  constructor(timeoutMs: number) {
    super(`no answer from redis within ${timeoutMs} ms`);
    this.name = 'CacheDeadlineExceeded';
  }
}

/** `promise`, or a CacheDeadlineExceeded after `timeoutMs`; a late rejection of `promise` is ignored. */
export function withDeadline<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  promise.catch(() => undefined);
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CacheDeadlineExceeded(timeoutMs)), timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
}
