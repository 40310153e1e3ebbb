const byRequest = new WeakMap<object, unknown>();

/**
 * Keeps the error Fastify raised for a request (from an `onError` hook), because Nest rewraps Fastify's errors into a
 * plain HttpException before the exception filter sees them, losing their code (FST_ERR_CTP_*).
 */
export function rememberOriginalError(request: object, error: unknown): void {
  byRequest.set(request, error);
}

export function originalErrorOf(request: object): unknown {
  return byRequest.get(request);
}
