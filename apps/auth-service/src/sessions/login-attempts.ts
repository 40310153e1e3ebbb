import { Injectable } from '@nestjs/common';
import { AuthServiceConfig } from '../config/auth.config';
import { type Attempt, AttemptLimiter } from '../security/attempt-limiter';
import { DeviceCookies } from './device-cookies';

const HOUR = 3600;

/**
 * Whose budget a login attempt spends (OWASP device cookies). With a genuine device cookie of the account, the
 * device's own (AUTH_LOGIN_MAX_FAILURES_PER_DEVICE_PER_HOUR), never the account's; without one, with a forged one or
 * another account's, or once the device's budget is spent, the account's budget for unknown devices
 * (AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT_PER_HOUR), and past it 429. So failures from anywhere else cannot lock the
 * owner's known devices out. Counted before the password is checked, refunded on success.
 */
@Injectable()
export class LoginAttempts {
  constructor(
    private readonly config: AuthServiceConfig,
    private readonly limiter: AttemptLimiter,
    private readonly devices: DeviceCookies,
  ) {}

  async count(email: string, accountId: string | undefined, cookieHeader: string | undefined): Promise<Attempt> {
    const device = accountId === undefined ? undefined : this.devices.deviceIn(cookieHeader, accountId);
    if (device !== undefined) {
      const attempt = await this.limiter.count({ bucket: 'login:device', limit: this.config.loginMaxFailuresPerDevicePerHour, windowSeconds: HOUR }, device);
      if (!attempt.exceeded) return attempt;
    }
    return this.limiter.hit(
      { bucket: 'login:account', limit: this.config.loginMaxFailuresPerAccountPerHour, windowSeconds: HOUR },
      email,
      'too many failed logins for this account from unknown devices, retry later',
    );
  }
}
