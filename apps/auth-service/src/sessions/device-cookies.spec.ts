import { ConfigValidationError, loadServiceConfig } from '@taskhub/platform-config';
import { AuthServiceConfig, DEVELOPMENT_DEVICE_COOKIE_SECRET } from '../config/auth.config';
import { cookieValues, DEVICE_COOKIE_NAME, DeviceCookies } from './device-cookies';

const ACCOUNT = '0190a0b0-0000-7000-8000-000000000001';
const OTHER_ACCOUNT = '0190a0b0-0000-7000-8000-000000000002';
const SECRET = 'a-device-cookie-secret-of-the-test-Hq3v8';

/** Credentials of its own for every secret: what a production deployment sets. */
const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://taskhub_auth:Zq8v1rN4sYx0@db.internal:5432/taskhub_auth',
  RABBITMQ_URL: 'amqp://auth-service:Kp2m9Lw7cQe3@mq.internal:5672/',
  REDIS_URL: 'redis://taskhub_auth:Hw3x7Rt1pLq9@redis.internal:6379',
  CURSOR_SIGNING_SECRET: 'a-production-cursor-secret-Vb5n8Hj2Tf6r',
  AUTH_DEVICE_COOKIE_SECRET: SECRET,
};

const cookiesWith = (env: Record<string, string> = {}): DeviceCookies =>
  new DeviceCookies(loadServiceConfig(AuthServiceConfig, { NODE_ENV: 'test', AUTH_DEVICE_COOKIE_SECRET: SECRET, ...env }));
/** The name=value pair of a Set-Cookie header, as a browser sends it back. */
const pairOf = (setCookie: string): string => setCookie.slice(0, setCookie.indexOf(';'));

describe(DeviceCookies.name, () => {
  const devices = cookiesWith();

  it('should issue an HttpOnly, SameSite=Strict cookie for the auth routes, Secure in production alone', () => {
    const production = cookiesWith(PRODUCTION);

    expect(devices.issue(ACCOUNT)).toMatch(/^taskhub_device=v1\.[\w-]{22}\.[\w-]{43}; Path=\/api\/v1\/auth; Max-Age=15552000; HttpOnly; SameSite=Strict$/);
    expect(production.issue(ACCOUNT)).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);
  });

  it('should name a different device at every login, and never show the account id', () => {
    const [a, b] = [devices.issue(ACCOUNT), devices.issue(ACCOUNT)].map(pairOf);

    expect(a).not.toBe(b);
    expect(devices.deviceIn(a, ACCOUNT)).not.toBe(devices.deviceIn(b, ACCOUNT));
    expect(a).not.toContain(ACCOUNT);
  });

  it("should recognise its own account's cookie among others, and nothing else", () => {
    const genuine = pairOf(devices.issue(ACCOUNT));
    const [, value] = genuine.split('=');
    const flipped = `${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}`;

    expect(devices.deviceIn(`theme=dark; ${genuine}; lang=en`, ACCOUNT)).toMatch(new RegExp(`^${ACCOUNT}:[\\w-]{22}$`));
    expect(devices.deviceIn(genuine, OTHER_ACCOUNT)).toBeUndefined();
    expect(devices.deviceIn(`${DEVICE_COOKIE_NAME}=${flipped}`, ACCOUNT)).toBeUndefined();
    expect(cookiesWith({ AUTH_DEVICE_COOKIE_SECRET: `another-${SECRET}` }).deviceIn(genuine, ACCOUNT)).toBeUndefined();
    expect(devices.deviceIn(`${genuine}x`, ACCOUNT)).toBeUndefined();
    expect(devices.deviceIn(undefined, ACCOUNT)).toBeUndefined();
    expect(devices.deviceIn('', ACCOUNT)).toBeUndefined();
  });

  it('should not let a cookie planted beside the genuine one hide it', () => {
    const genuine = pairOf(devices.issue(ACCOUNT));

    expect(devices.deviceIn(`${DEVICE_COOKIE_NAME}=v1.planted; ${genuine}`, ACCOUNT)).toBe(devices.deviceIn(genuine, ACCOUNT));
  });

  it('should read every value of a cookie name from a Cookie header', () => {
    expect(cookieValues('a=1; b=2;c=3 ; a=4', 'a')).toEqual(['1', '4']);
    expect(cookieValues('ab=1; a =2', 'a')).toEqual([]);
    expect(cookieValues(undefined, 'a')).toEqual([]);
  });

  it('should refuse the development secret in production, set or not, naming the variable', () => {
    const problems = (env: Record<string, string>): readonly string[] => {
      try {
        loadServiceConfig(AuthServiceConfig, env);
        return [];
      } catch (error) {
        if (error instanceof ConfigValidationError) return error.problems;
        throw error;
      }
    };
    const { AUTH_DEVICE_COOKIE_SECRET: _secret, ...withoutSecret } = PRODUCTION;
    const refused = 'a development secret published in this repository, refused with NODE_ENV=production: set a random secret of its own';

    expect(problems(PRODUCTION)).toEqual([]);
    expect(problems(withoutSecret)).toEqual([`AUTH_DEVICE_COOKIE_SECRET is not set: its development default is ${refused}`]);
    expect(problems({ ...PRODUCTION, AUTH_DEVICE_COOKIE_SECRET: DEVELOPMENT_DEVICE_COOKIE_SECRET })).toEqual([`AUTH_DEVICE_COOKIE_SECRET is ${refused}`]);
  });
});
