import { Injectable } from '@nestjs/common';
import { AUTH_USER_EMAIL_CHANGE_REQUESTED_V1, AUTH_USER_EMAIL_CHANGED_V1 } from '@taskhub/contracts';
import { type AuthenticatedUser } from '@taskhub/platform-auth';
import { DomainException } from '@taskhub/platform-errors';
import { writeToOutbox } from '@taskhub/platform-messaging';
import { DataSource } from 'typeorm';
import { normalizeEmail } from '../accounts/account';
import { AccountRepository, isUniqueViolation } from '../accounts/account.repository';
import { AuthServiceErrors } from '../auth.errors';
import { AuthServiceConfig } from '../config/auth.config';
import { AttemptLimiter } from '../security/attempt-limiter';
import { hashToken, isOpaqueToken, newOpaqueToken } from '../security/opaque-token';
import { EmailChangeRepository } from './email-change.repository';
import { PasswordConfirmation } from '../passwords/password-confirmation';

export const CONFIRM_TOKEN_PREFIX = 'ect';
export const CANCEL_TOKEN_PREFIX = 'ecc';

export const invalidEmailChangeToken = (): DomainException =>
  new DomainException(AuthServiceErrors.EMAIL_CHANGE_TOKEN_INVALID, 'the e-mail change token is invalid, used, cancelled or expired', 400);
export const emailAddressTaken = (): DomainException =>
  new DomainException(AuthServiceErrors.EMAIL_ADDRESS_TAKEN, 'the new e-mail address has been taken by another account since the change was asked for; nothing changed', 409);

/**
 * Changing the e-mail address: asked for with the password (202 whatever the new address), confirmed from the new
 * address (which verifies it), cancellable from the old one. Nothing about other accounts is revealed when asking: an
 * address taken by then fails cleanly at confirmation (409), and nothing changes.
 */
@Injectable()
export class EmailChangeService {
  constructor(
    private readonly confirmation: PasswordConfirmation,
    private readonly config: AuthServiceConfig,
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly changes: EmailChangeRepository,
    private readonly limiter: AttemptLimiter,
  ) {}

  async request(user: AuthenticatedUser, newEmailInput: string, password: string): Promise<void> {
    // the password is checked like a login (same per-account counter), then the requests themselves are counted
    const account = await this.confirmation.confirm(user, password);
    const newEmail = normalizeEmail(newEmailInput);
    if (newEmail === account.email) throw new DomainException(AuthServiceErrors.EMAIL_UNCHANGED, 'the new e-mail address is the current one', 400);
    await this.limiter.hit(
      { bucket: 'email-link:account', limit: this.config.emailLinkMaxPerAccountPerHour, windowSeconds: 3600 },
      user.id,
      'too many e-mail change requests for this account, retry later',
    );
    const confirmToken = newOpaqueToken(CONFIRM_TOKEN_PREFIX);
    const cancelToken = newOpaqueToken(CANCEL_TOKEN_PREFIX);
    const expiresAt = new Date(Date.now() + this.config.emailChangeTtlSeconds * 1000);
    await this.dataSource.transaction(async (manager) => {
      await this.changes.replace(manager, { accountId: user.id, newEmail, confirmTokenHash: hashToken(confirmToken), cancelTokenHash: hashToken(cancelToken), expiresAt });
      await writeToOutbox(manager, AUTH_USER_EMAIL_CHANGE_REQUESTED_V1, {
        userId: user.id,
        currentEmail: account.email,
        newEmail,
        confirmToken,
        cancelToken,
        expiresAt: expiresAt.toISOString(),
      });
    });
  }

  /** Spends the confirm token and changes the address (verified by this), emitting auth.user.email_changed.v1. */
  async confirm(token: string, ip: string): Promise<void> {
    await this.countTokenUse(ip);
    if (!isOpaqueToken(token, CONFIRM_TOKEN_PREFIX)) throw invalidEmailChangeToken();
    let outcome: 'changed' | 'invalid' | 'taken';
    try {
      outcome = await this.dataSource.transaction(async (manager) => {
        const change = await this.changes.end(manager, 'confirm_token_hash', hashToken(token), 'confirmed');
        if (!change) return 'invalid';
        const account = await this.accounts.byId(manager, change.accountId, true);
        if (!account || account.status !== 'active') return 'invalid';
        if ((await this.accounts.idByEmail(manager, change.newEmail)) !== undefined) {
          await this.changes.setOutcome(manager, change.id, 'address_taken');
          return 'taken';
        }
        const changedAt = new Date();
        await this.accounts.changeEmail(manager, account.id, change.newEmail, changedAt);
        await writeToOutbox(manager, AUTH_USER_EMAIL_CHANGED_V1, { userId: account.id, email: change.newEmail, changedAt: changedAt.toISOString() });
        return 'changed';
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // taken by a registration committed between the check and the update: spend the token, change nothing
      await this.dataSource.transaction((manager) => this.changes.end(manager, 'confirm_token_hash', hashToken(token), 'address_taken'));
      outcome = 'taken';
    }
    if (outcome === 'invalid') throw invalidEmailChangeToken();
    if (outcome === 'taken') throw emailAddressTaken();
  }

  /** Spends the cancel token: the pending change ends, the address stays. */
  async cancel(token: string, ip: string): Promise<void> {
    await this.countTokenUse(ip);
    if (!isOpaqueToken(token, CANCEL_TOKEN_PREFIX)) throw invalidEmailChangeToken();
    const cancelled = await this.dataSource.transaction((manager) => this.changes.end(manager, 'cancel_token_hash', hashToken(token), 'cancelled'));
    if (!cancelled) throw invalidEmailChangeToken();
  }

  private async countTokenUse(ip: string): Promise<void> {
    await this.limiter.hit(
      { bucket: 'email-token:ip', limit: this.config.emailTokenMaxPerIpPerHour, windowSeconds: 3600 },
      ip,
      'too many e-mail link attempts from this address, retry later',
    );
  }
}
