import { randomUUID } from 'node:crypto';
import { getRequestContext, setRequestContext } from './request-context';

/** Header that carries the correlation id in and out of every service (and through the gateway). */
export const CORRELATION_ID_HEADER = 'x-request-id';

const SANE_CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The incoming header value if it is safe to log and echo (1-128 chars of [A-Za-z0-9._:-]), else undefined. */
export function sanitizeCorrelationId(raw: string | readonly string[] | undefined): string | undefined {
  const value: unknown = typeof raw === 'string' || raw === undefined ? raw : raw[0];
  return typeof value === 'string' && SANE_CORRELATION_ID.test(value) ? value : undefined;
}

/** The correlation id of a request: the caller's X-Request-ID when sane, else a fresh UUID. */
export function resolveCorrelationId(raw: string | readonly string[] | undefined): string {
  return sanitizeCorrelationId(raw) ?? randomUUID();
}

/** Remembers the correlation id of a request object (the Fastify request); `setRequestContext` remembers all of it. */
export function setRequestCorrelationId(request: object, correlationId: string): void {
  setRequestContext(request, { ...getRequestContext(request), correlationId });
}

export function getRequestCorrelationId(request: object): string | undefined {
  return getRequestContext(request)?.correlationId;
}
