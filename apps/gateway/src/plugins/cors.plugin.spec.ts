import { type CorsConfig } from '../config/gateway-config';
import { CorsPlugin, normalizeOrigin } from './cors.plugin';

const config = (extra: Partial<CorsConfig> = {}): CorsConfig => ({
  origins: ['http://localhost:3000', 'https://app.example.com'],
  methods: ['GET', 'POST'],
  headers: ['Authorization', 'Content-Type'],
  exposedHeaders: ['X-Request-ID'],
  maxAge: 3600,
  credentials: false,
  privateNetwork: false,
  preflightContinue: false,
  allowOriginAbsent: true,
  ...extra,
});

describe(CorsPlugin.name, () => {
  it('should answer a preflight from an allowed origin with Kong headers', () => {
    const headers = new CorsPlugin(config()).preflight('OPTIONS', { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' });
    expect(headers).toEqual([
      'Vary', 'Origin', 'Access-Control-Allow-Origin', 'http://localhost:3000',
      'Access-Control-Allow-Headers', 'Authorization,Content-Type', 'Access-Control-Allow-Methods', 'GET,POST', 'Access-Control-Max-Age', '3600',
    ]);
  });

  it('should not treat a plain OPTIONS request as a preflight', () => {
    expect(new CorsPlugin(config()).preflight('OPTIONS', { origin: 'http://localhost:3000' })).toBeUndefined();
  });

  it('should give no Allow-Origin to an origin that is not listed', () => {
    const headers = new CorsPlugin(config()).responseHeaders('http://evil.test');
    expect(headers).toEqual(['Vary', 'Origin', 'Access-Control-Expose-Headers', 'X-Request-ID']);
  });

  it('should compare origins normalized, without the default port', () => {
    expect(new CorsPlugin(config()).responseHeaders('https://app.example.com:443')).toContain('https://app.example.com');
    expect(normalizeOrigin('HTTP://LocalHost:80')).toBe('http://localhost');
  });

  it('should send the request origin with credentials when every origin is allowed', () => {
    const headers = new CorsPlugin(config({ origins: ['*'], credentials: true })).responseHeaders('http://a.test');
    expect(headers).toEqual(expect.arrayContaining(['Access-Control-Allow-Origin', 'http://a.test', 'Access-Control-Allow-Credentials', 'true']));
  });
});
