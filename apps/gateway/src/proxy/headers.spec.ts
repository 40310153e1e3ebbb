import { IDENTITY_HEADERS } from '../jwt/jwt.plugin';
import { type ForwardedValues, upstreamRequestHeaders } from './headers';

const DIRECT = { peer: '10.0.0.7', peerTrusted: false, address: '10.0.0.7' };
const BASE: ForwardedValues = {
  client: DIRECT,
  listenPort: '8000',
  rawPath: '/api/v1/tasks',
  strippedPrefix: undefined,
  correlationHeader: 'x-request-id',
  correlationId: 'req-1',
  identity: undefined,
  drop: undefined,
  remove: undefined,
};
const CLIENT = { host: 'api.example', authorization: 'Bearer t', 'x-consumer-id': 'forged', 'x-anonymous-consumer': 'true', 'x-user-id': 'admin', accept: '*/*' };
const IDENTITY = ['X-Consumer-ID', 'c1', 'X-Consumer-Username', 'taskhub-users', 'X-Credential-Identifier', 'k1'];
const asMap = (list: (string | string[])[]): Record<string, string | string[]> => {
  const map: Record<string, string | string[]> = {};
  for (let i = 2; i < list.length; i += 2) map[(list[i] as string).toLowerCase()] = list[i + 1];
  return map;
};

describe(upstreamRequestHeaders.name, () => {
  it("should replace the client's identity headers with the jwt plugin's once a token is verified", () => {
    const headers = asMap(upstreamRequestHeaders(CLIENT, { ...BASE, identity: IDENTITY, drop: IDENTITY_HEADERS }));
    expect(headers).toMatchObject({ 'x-consumer-id': 'c1', 'x-consumer-username': 'taskhub-users', 'x-credential-identifier': 'k1', authorization: 'Bearer t' });
    expect(headers['x-anonymous-consumer']).toBeUndefined();
  });

  it("should let request-transformer's removals take the client's headers and the jwt plugin's alike", () => {
    const remove = new Set(['x-user-id', 'x-consumer-id', 'x-consumer-username']);
    const headers = asMap(upstreamRequestHeaders(CLIENT, { ...BASE, identity: IDENTITY, drop: new Set([...IDENTITY_HEADERS, ...remove]), remove }));
    expect(Object.keys(headers).filter((h) => h.startsWith('x-consumer') || h === 'x-user-id')).toEqual([]);
    expect(headers['x-credential-identifier']).toBe('k1');
  });

  it('should pass the client headers untouched without jwt or request-transformer', () => {
    const headers = asMap(upstreamRequestHeaders(CLIENT, BASE));
    expect(headers).toMatchObject({ 'x-consumer-id': 'forged', 'x-user-id': 'admin', 'x-request-id': 'req-1', 'x-forwarded-for': '10.0.0.7' });
  });

  describe('X-Real-IP and X-Forwarded-*', () => {
    const FORWARDED = {
      host: 'api.example:8443',
      'x-forwarded-for': '203.0.113.9, 10.0.0.2',
      'x-real-ip': '203.0.113.66',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'app.example',
      'x-forwarded-port': '443',
      'x-forwarded-path': '/edge/api/v1/tasks',
      'x-forwarded-prefix': '/edge',
    };
    const forwarded = (client: ForwardedValues['client']): Record<string, string | string[]> => {
      const headers = asMap(upstreamRequestHeaders(FORWARDED, { ...BASE, client }));
      return Object.fromEntries(Object.entries(headers).filter(([name]) => name === 'x-real-ip' || name.startsWith('x-forwarded-')));
    };

    it('should drop what a client that is not a trusted proxy wrote, and name the client by its own address', () => {
      expect(forwarded(DIRECT)).toEqual({
        'x-real-ip': '10.0.0.7',
        'x-forwarded-for': '10.0.0.7',
        'x-forwarded-proto': 'http',
        'x-forwarded-host': 'api.example',
        'x-forwarded-port': '8000',
        'x-forwarded-path': '/api/v1/tasks',
      });
    });

    it("should pass a trusted proxy's X-Forwarded-* on, append the proxy to X-Forwarded-For and send the resolved client as X-Real-IP (as Kong)", () => {
      expect(forwarded({ peer: '10.0.0.7', peerTrusted: true, address: '203.0.113.9' })).toEqual({
        'x-real-ip': '203.0.113.9',
        'x-forwarded-for': '203.0.113.9, 10.0.0.2, 10.0.0.7',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'app.example',
        'x-forwarded-port': '443',
        'x-forwarded-path': '/edge/api/v1/tasks',
        'x-forwarded-prefix': '/edge',
      });
    });
  });
});
