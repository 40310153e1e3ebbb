/** Bodies of the responses Kong generates itself, pre-rendered once (Kong's kong.response.error JSON layout). */
export interface KongError {
  readonly status: number;
  readonly body: Buffer;
}

export function kongError(status: number, message: string): KongError {
  return { status, body: Buffer.from(`{\n  "message":${JSON.stringify(message)}\n}`) };
}

/**
 * A body a plugin passes as a table to kong.response.exit: compact cjson, which escapes "/" (the jwt plugin's
 * refusals, e.g. `{"message":"Unauthorized"}`).
 */
export function kongJsonError(status: number, body: object): KongError {
  return { status, body: Buffer.from(JSON.stringify(body).replace(/\//g, '\\/')) };
}

export const NO_ROUTE = kongError(404, 'no Route matched with those values');
export const NO_PEER = kongError(503, 'failure to get a peer from the ring-balancer');
export const BAD_GATEWAY = kongError(502, 'An invalid response was received from the upstream server');
export const GATEWAY_TIMEOUT = kongError(504, 'The upstream server is timing out');
export const UNEXPECTED = kongError(500, 'An unexpected error occurred');
export const TOO_LARGE = kongError(413, 'Request size limit exceeded');
export const TOO_LARGE_EXPECT = kongError(417, 'Request size limit exceeded');
export const LENGTH_REQUIRED = kongError(411, 'A valid Content-Length header is required');
export const EMPTY_OK: KongError = { status: 200, body: Buffer.alloc(0) };

export const KONG_SERVER = 'kong/3.9.1';
export const KONG_VIA = '1.1 kong/3.9.1';
