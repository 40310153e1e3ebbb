import { DEFAULT_CLIENT_TIMEOUTS, parseConnectTo, readGatewayEnv } from './gateway-env';

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

describe(parseConnectTo.name, () => {
  it('should dial a mapped name at its address and any other name as it is', () => {
    const connectTo = parseConnectTo('task-service:3003=127.0.0.1:4003, redis:6379=10.0.0.5:6380');

    expect(connectTo('task-service', 3003)).toEqual([{ host: '127.0.0.1', port: 4003 }]);
    expect(connectTo('redis', 6379)).toEqual([{ host: '10.0.0.5', port: 6380 }]);
    expect(connectTo('user-service', 3002)).toEqual([{ host: 'user-service', port: 3002 }]);
  });

  it('should map one name to several addresses, in order, as the A records of a scaled-out service', () => {
    const connectTo = parseConnectTo('task-service:3003=127.0.0.1:3003|127.0.0.1:3103|[::1]:3203');

    expect(connectTo('task-service', 3003)).toEqual([
      { host: '127.0.0.1', port: 3003 },
      { host: '127.0.0.1', port: 3103 },
      { host: '::1', port: 3203 },
    ]);
  });

  it('should refuse a name mapped twice, an address listed twice and an empty address', () => {
    expect(() => parseConnectTo('a:1=127.0.0.1:2,a:1=127.0.0.1:3')).toThrow('GATEWAY_CONNECT_TO maps a:1 twice: list its addresses in one entry, separated by |');
    expect(() => parseConnectTo('a:1=127.0.0.1:2|127.0.0.1:2')).toThrow('GATEWAY_CONNECT_TO entry "a:1=127.0.0.1:2|127.0.0.1:2" lists an address twice');
    expect(() => parseConnectTo('a:1=127.0.0.1:2|')).toThrow('GATEWAY_CONNECT_TO="" is not implemented');
  });
});
