import { Injectable } from '@nestjs/common';
import { type AuthenticatedUser } from '@taskhub/platform-auth';
import { DomainException } from '@taskhub/platform-errors';
import { DataSource } from 'typeorm';
import { type Account } from '../accounts/account';
import { AccountRepository } from '../accounts/account.repository';
import { AuthServiceErrors, InvalidCredentialsException } from '../auth.errors';
import { AuthServiceConfig } from '../config/auth.config';
import { AttemptLimiter } from '../security/attempt-limiter';
import { PasswordHasher } from './password-hasher';

const HOUR = 3600;

/**
 * The caller's password asked again before an act on the whole account (a password change, an e-mail change, a
 * deletion): counted like a failed login on the account's budget (AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT_PER_HOUR) before
 * it is checked and refunded when right, so a stolen session cannot guess it faster than a login could.
 */
@Injectable()
export class PasswordConfirmation {
  constructor(
    private readonly config: AuthServiceConfig,
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly hasher: PasswordHasher,
    private readonly limiter: AttemptLimiter,
  ) {}

  /** The caller's account once `password` is its password; 401 `AUTH.INVALID_CREDENTIALS` (`wrong`) if not, 429 past the budget. */
  async confirm(user: AuthenticatedUser, password: string, wrong = 'the password is incorrect'): Promise<Account> {
    const account = await this.accounts.byId(this.dataSource.manager, user.id);
    if (!account) throw new InvalidCredentialsException();
    const attempt = await this.limiter.hit(
      { bucket: 'login:account', limit: this.config.loginMaxFailuresPerAccountPerHour, windowSeconds: HOUR },
      account.email,
      'too many failed password checks for this account, retry later',
    );
    const hash = await this.accounts.passwordHashOf(this.dataSource.manager, user.id);
    if (!(await this.hasher.verify(hash, password))) throw new DomainException(AuthServiceErrors.INVALID_CREDENTIALS, wrong, 401);
    await attempt.refund();
    return account;
  }
}
