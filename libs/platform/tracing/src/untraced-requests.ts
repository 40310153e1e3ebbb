/** The platform's own endpoints (probes every few seconds, metric scrapes) get no server span. */
export function isUntracedPath(url: string): boolean {
  const path = url.split('?', 1)[0];
  return path === '/health' || path.startsWith('/health/') || path === '/metrics';
}

/** Recorded on server spans as `http.request.header.x-request-id`, to find a trace by the id a caller quotes. */
export const CORRELATION_ID_REQUEST_HEADER = 'x-request-id';
