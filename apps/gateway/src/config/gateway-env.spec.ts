import { DEFAULT_CLIENT_TIMEOUTS, readGatewayEnv } from './gateway-env';

describe(readGatewayEnv.name, () => {
  it("should wait on clients nginx's 60 s for headers and keep-alive and 120 s for a whole request by default", () => {
    expect(readGatewayEnv({}).timeouts).toEqual({ headersMs: 60_000, requestMs: 120_000, keepAliveMs: 60_000 });
    expect(DEFAULT_CLIENT_TIMEOUTS.headersMs).toBeLessThanOrEqual(DEFAULT_CLIENT_TIMEOUTS.requestMs);
  });

  it('should read the timeouts in milliseconds', () => {
    const env = { GATEWAY_HEADERS_TIMEOUT_MS: '500', GATEWAY_REQUEST_TIMEOUT_MS: '1000', GATEWAY_KEEPALIVE_TIMEOUT_MS: '2000' };

    expect(readGatewayEnv(env).timeouts).toEqual({ headersMs: 500, requestMs: 1000, keepAliveMs: 2000 });
  });

  it('should refuse a timeout of 0 (no timeout), one that is not a whole number, and headers longer than the request', () => {
    expect(() => readGatewayEnv({ GATEWAY_REQUEST_TIMEOUT_MS: '0' })).toThrow('GATEWAY_REQUEST_TIMEOUT_MS="0" must be a whole number of milliseconds above 0');
    expect(() => readGatewayEnv({ GATEWAY_HEADERS_TIMEOUT_MS: '1.5' })).toThrow('GATEWAY_HEADERS_TIMEOUT_MS="1.5"');
    expect(() => readGatewayEnv({ GATEWAY_HEADERS_TIMEOUT_MS: '5000', GATEWAY_REQUEST_TIMEOUT_MS: '4000' })).toThrow(
      'GATEWAY_HEADERS_TIMEOUT_MS (5000) must not exceed GATEWAY_REQUEST_TIMEOUT_MS (4000)',
    );
  });
});
