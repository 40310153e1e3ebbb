import { Injectable } from '@nestjs/common';
import { AUTH_USER_EMAIL_VERIFIED_V1, AUTH_USER_VERIFICATION_REQUESTED_V1 } from '@taskhub/contracts';
import { type AuthenticatedUser } from '@taskhub/platform-auth';
import { DomainException } from '@taskhub/platform-errors';
import { writeToOutbox } from '@taskhub/platform-messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { AccountRepository } from '../accounts/account.repository';
import { AuthServiceErrors } from '../auth.errors';
import { AuthServiceConfig } from '../config/auth.config';
import { AttemptLimiter } from '../security/attempt-limiter';
import { hashToken, isOpaqueToken, newOpaqueToken } from '../security/opaque-token';
import { EmailVerificationRepository } from './email-verification.repository';

export const VERIFICATION_TOKEN_PREFIX = 'evt';

/** The answer to a verification token that is unknown, used, replaced or expired: one answer for all. */
export const invalidVerificationToken = (): DomainException =>
  new DomainException(AuthServiceErrors.VERIFICATION_TOKEN_INVALID, 'the verification token is invalid, used or expired', 400);

/**
 * E-mail verification: a single-use link token (SHA-256 at rest, AUTH_EMAIL_VERIFICATION_TTL_SECONDS) sent in
 * auth.user.verification_requested.v1, and auth.user.email_verified.v1 once it is used.
 */
@Injectable()
export class EmailVerificationService {
  constructor(
    private readonly config: AuthServiceConfig,
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly verifications: EmailVerificationRepository,
    private readonly limiter: AttemptLimiter,
  ) {}

  /** A new link for the account (voiding the older ones) and its event, in the caller's transaction. */
  async issue(manager: EntityManager, account: { id: string; email: string }): Promise<void> {
    const token = newOpaqueToken(VERIFICATION_TOKEN_PREFIX);
    const expiresAt = new Date(Date.now() + this.config.emailVerificationTtlSeconds * 1000);
    await this.verifications.replace(manager, account.id, hashToken(token), expiresAt);
    await writeToOutbox(manager, AUTH_USER_VERIFICATION_REQUESTED_V1, {
      userId: account.id,
      email: account.email,
      verificationToken: token,
      expiresAt: expiresAt.toISOString(),
    });
  }

  /** Spends the token and marks the address verified (auth.user.email_verified.v1 the first time). */
  async verify(token: string, ip: string): Promise<void> {
    await this.limiter.hit(
      { bucket: 'email-token:ip', limit: this.config.emailTokenMaxPerIpPerHour, windowSeconds: 3600 },
      ip,
      'too many e-mail link attempts from this address, retry later',
    );
    if (!isOpaqueToken(token, VERIFICATION_TOKEN_PREFIX)) throw invalidVerificationToken();
    const verified = await this.dataSource.transaction(async (manager) => {
      const accountId = await this.verifications.use(manager, hashToken(token));
      if (accountId === undefined) return false;
      const account = await this.accounts.byId(manager, accountId, true);
      if (!account || account.status !== 'active') return false;
      const at = await this.accounts.markEmailVerified(manager, accountId, new Date());
      if (at) await writeToOutbox(manager, AUTH_USER_EMAIL_VERIFIED_V1, { userId: accountId, verifiedAt: at.toISOString() });
      return true;
    });
    if (!verified) throw invalidVerificationToken();
  }

  /** A new link for the caller's unverified address; the older one stops working. Counted per account. */
  async resend(user: AuthenticatedUser): Promise<void> {
    await this.limiter.hit(
      { bucket: 'email-link:account', limit: this.config.emailLinkMaxPerAccountPerHour, windowSeconds: 3600 },
      user.id,
      'too many verification e-mails for this account, retry later',
    );
    await this.dataSource.transaction(async (manager) => {
      const account = await this.accounts.byId(manager, user.id, true);
      if (!account) throw new DomainException(AuthServiceErrors.ACCOUNT_NOT_FOUND, `account ${user.id} not found`, 404);
      if (account.emailVerifiedAt !== null) throw new DomainException(AuthServiceErrors.EMAIL_ALREADY_VERIFIED, 'the e-mail address of this account is already verified', 409);
      await this.issue(manager, account);
    });
  }
}
