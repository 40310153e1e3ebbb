import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthServiceConfig } from '../config/auth.config';

export const DEVICE_COOKIE_NAME = 'taskhub_device';
/** Browsers send it to the auth routes alone, never to the other services. */
export const DEVICE_COOKIE_PATH = '/api/v1/auth';
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 180 * 24 * 3600;

/** `v1.<nonce: 16 random bytes>.<HMAC-SHA256>`, base64url; anchored and of fixed length, so matching is linear. */
const COOKIE_VALUE = /^v1\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

/**
 * Device cookies (OWASP "Slow Down Online Guessing Attacks with Device Cookies"). A successful login gives the client
 * a cookie naming the account without showing it: a random nonce and the HMAC of account id and nonce under
 * AUTH_DEVICE_COOKIE_SECRET, so nobody can make one without logging in. It is no credential: it only decides whose
 * budget a failed login is counted against (LoginAttempts). Nothing is stored; the nonce names the device.
 */
@Injectable()
export class DeviceCookies {
  constructor(private readonly config: AuthServiceConfig) {}

  /** A new device cookie for the account, as a Set-Cookie header (Secure in production). */
  issue(accountId: string): string {
    const nonce = randomBytes(16).toString('base64url');
    const attributes = [`Path=${DEVICE_COOKIE_PATH}`, `Max-Age=${DEVICE_COOKIE_MAX_AGE_SECONDS}`, 'HttpOnly', 'SameSite=Strict'];
    if (this.config.nodeEnv === 'production') attributes.push('Secure');
    return [`${DEVICE_COOKIE_NAME}=v1.${nonce}.${this.mac(accountId, nonce)}`, ...attributes].join('; ');
  }

  /**
   * The device named by a genuine device cookie of this account in a Cookie header (the key of its budget), or
   * undefined: no cookie, a forged or altered one, another account's. Every cookie of the name is tried, so one planted
   * beside it (on a narrower path, from a sibling domain) cannot hide the genuine one.
   */
  deviceIn(cookieHeader: string | undefined, accountId: string): string | undefined {
    for (const value of cookieValues(cookieHeader, DEVICE_COOKIE_NAME)) {
      const match = COOKIE_VALUE.exec(value);
      if (match && sameText(match[2], this.mac(accountId, match[1]))) return `${accountId}:${match[1]}`;
    }
    return undefined;
  }

  private mac(accountId: string, nonce: string): string {
    return createHmac('sha256', this.config.deviceCookieSecret).update(`taskhub-device-cookie:v1:${accountId}:${nonce}`).digest('base64url');
  }
}

/** The values of every cookie of that name in a Cookie header (RFC 6265 5.4: `name=value` pairs joined by `;`). */
export function cookieValues(header: string | undefined, name: string): string[] {
  if (header === undefined) return [];
  const prefix = `${name}=`;
  return header
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair.startsWith(prefix))
    .map((pair) => pair.slice(prefix.length));
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
