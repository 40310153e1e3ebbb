import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { AUTH_PASSWORD_RESET_REQUESTED_V1 } from '@taskhub/contracts';
import { type AuthenticatedUser } from '@taskhub/platform-auth';
import { DomainException } from '@taskhub/platform-errors';
import { writeToOutbox } from '@taskhub/platform-messaging';
import { DataSource } from 'typeorm';
import { normalizeEmail } from '../accounts/account';
import { AccountRepository } from '../accounts/account.repository';
import { AuthServiceErrors } from '../auth.errors';
import { AuthServiceConfig } from '../config/auth.config';
import { AttemptLimiter } from '../security/attempt-limiter';
import { hashToken, isOpaqueToken, newOpaqueToken } from '../security/opaque-token';
import { AccountCredentials } from '../sessions/account-credentials';
import { PasswordHasher } from './password-hasher';
import { PasswordPolicy } from './password-policy';
import { PasswordResetRepository } from './password-reset.repository';
import { PasswordConfirmation } from './password-confirmation';

export const RESET_TOKEN_PREFIX = 'prt';

/** Changing a password (knowing the current one), and resetting a forgotten one through a single-use token. */
@Injectable()
export class PasswordsService {
  private readonly logger = new Logger(PasswordsService.name);

  constructor(
    private readonly confirmation: PasswordConfirmation,
    private readonly config: AuthServiceConfig,
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly resets: PasswordResetRepository,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly limiter: AttemptLimiter,
    private readonly credentials: AccountCredentials,
  ) {}

  /**
   * Needs the current password (counted like a login attempt); ends every other session of the account and revokes
   * every API key of it (the caller's session stays).
   */
  async change(user: AuthenticatedUser, currentPassword: string, newPassword: string): Promise<void> {
    const account = await this.confirmation.confirm(user, currentPassword, 'the current password is incorrect');
    this.policy.assertAcceptable(newPassword, account);
    const newHash = await this.hasher.hash(newPassword);
    await this.dataSource.transaction(async (manager) => {
      await this.accounts.setPasswordHash(manager, user.id, newHash);
      await this.resets.voidAll(manager, user.id);
      await this.credentials.endAll(manager, user.id, 'password_changed', user.sessionId);
    });
  }

  /**
   * Always accepted (202), whether or not the e-mail has an account, so the answer reveals nothing. For an active
   * account, a single-use token valid AUTH_PASSWORD_RESET_TTL_SECONDS goes out in auth.password.reset_requested.v1
   * (written to the outbox in the same transaction) for the notification service to e-mail; only its hash is kept.
   * The answer comes no sooner than AUTH_PASSWORD_FORGOT_MIN_RESPONSE_MS after the request arrived, so the time does
   * not tell either (OWASP Forgot Password Cheat Sheet: consistent responses in a consistent time); the work is done
   * before answering, so nothing accepted is lost and a database outage is still a 503.
   */
  async forgot(emailInput: string, ip: string): Promise<void> {
    const started = performance.now();
    const email = normalizeEmail(emailInput);
    await this.limiter.hit({ bucket: 'reset:ip', limit: this.config.resetMaxPerIpPerHour, windowSeconds: 3600 }, ip, 'too many password-reset requests from this address, retry later');
    // per e-mail AND address, never per account alone: requests from elsewhere cannot spend the owner's recovery
    await this.limiter.hit(
      { bucket: 'reset:account-ip', limit: this.config.resetMaxPerAccountAndIpPerHour, windowSeconds: 3600 },
      `${ip} ${email}`,
      'too many password-reset requests for this account from this address, retry later',
    );
    await this.issueResetToken(email);
    const floorMs = this.config.passwordForgotMinResponseMs;
    const elapsedMs = performance.now() - started;
    if (elapsedMs < floorMs) await sleep(floorMs - elapsedMs);
    else if (floorMs > 0) {
      this.logger.warn(`a forgot-password request took ${Math.round(elapsedMs)} ms, over AUTH_PASSWORD_FORGOT_MIN_RESPONSE_MS (${floorMs}): its time may tell whether the account exists`);
    }
  }

  /** For an active account: a new token (voiding the older ones) and its event, in one transaction. */
  private async issueResetToken(email: string): Promise<void> {
    const found = await this.accounts.credentialsByEmail(this.dataSource.manager, email);
    if (!found || found.account.status !== 'active') return;
    const token = newOpaqueToken(RESET_TOKEN_PREFIX);
    const expiresAt = new Date(Date.now() + this.config.passwordResetTtlSeconds * 1000);
    await this.dataSource.transaction(async (manager) => {
      await this.resets.replace(manager, found.account.id, hashToken(token), expiresAt);
      await writeToOutbox(manager, AUTH_PASSWORD_RESET_REQUESTED_V1, {
        userId: found.account.id,
        email: found.account.email,
        resetToken: token,
        expiresAt: expiresAt.toISOString(),
      });
    });
  }

  /** Sets a new password with a live reset token (which is spent), ends every session and revokes every API key of the account. */
  async reset(token: string, newPassword: string, ip: string): Promise<void> {
    await this.limiter.hit({ bucket: 'reset:ip', limit: this.config.resetMaxPerIpPerHour, windowSeconds: 3600 }, ip, 'too many password-reset attempts from this address, retry later');
    const invalid = new DomainException(AuthServiceErrors.RESET_TOKEN_INVALID, 'the reset token is invalid, used or expired', 400);
    if (!isOpaqueToken(token, RESET_TOKEN_PREFIX)) throw invalid;
    const accountId = await this.dataSource.transaction(async (manager) => {
      const id = await this.resets.use(manager, hashToken(token));
      if (id === undefined) return undefined;
      const account = await this.accounts.byId(manager, id, true);
      if (!account || account.status !== 'active') return undefined;
      // policy and hashing inside: a policy failure rolls the token back, so the user can try another password
      this.policy.assertAcceptable(newPassword, account);
      await this.accounts.setPasswordHash(manager, id, await this.hasher.hash(newPassword));
      await this.resets.voidAll(manager, id);
      await this.credentials.endAll(manager, id, 'password_reset');
      return id;
    });
    if (accountId === undefined) throw invalid;
  }
}
