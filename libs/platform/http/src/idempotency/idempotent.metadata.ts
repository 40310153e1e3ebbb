/** Set by `@Idempotent()` on a handler or controller (read by the OpenAPI document). */
export const IDEMPOTENT = 'taskhub:http:idempotent';
