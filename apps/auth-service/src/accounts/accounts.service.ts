import { Injectable, Logger } from '@nestjs/common';
import { AUTH_USER_REGISTERED_V1, AUTH_USER_REGISTRATION_ATTEMPTED_V1 } from '@taskhub/contracts';
import { type AuthenticatedUser } from '@taskhub/platform-auth';
import { DomainException } from '@taskhub/platform-errors';
import { writeToOutbox } from '@taskhub/platform-messaging';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AuthServiceErrors } from '../auth.errors';
import { AuthServiceConfig } from '../config/auth.config';
import { PasswordHasher } from '../passwords/password-hasher';
import { PasswordPolicy } from '../passwords/password-policy';
import { AttemptLimiter } from '../security/attempt-limiter';
import { ResponseFloor } from '../security/response-floor';
import { EmailVerificationService } from '../verification/email-verification.service';
import { type AccountView, normalizeEmail, toAccountView } from './account';
import { AccountRepository, isUniqueViolation } from './account.repository';

/** What POST /auth/register answers, the same for a new and a taken address. */
export const REGISTRATION_ACCEPTED = { status: 'accepted', message: 'If this address can be registered, a verification e-mail is on its way to it.' } as const;

/** Registration and the caller's own account. */
@Injectable()
export class AccountsService {
  private readonly logger = new Logger(AccountsService.name);

  constructor(
    private readonly config: AuthServiceConfig,
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly limiter: AttemptLimiter,
    private readonly verification: EmailVerificationService,
  ) {}

  /**
   * Answers the same (202, same body) whether or not the address is taken, so registration cannot tell who has an
   * account (OWASP Authentication Cheat Sheet, "account enumeration"). Both paths do the same work: the limits, the
   * password policy, one argon2id hash and one transaction that writes to the outbox. A new address gets an unverified
   * account with the role `user` (auth.user.registered.v1) and a verification link (auth.user.verification_requested.v1);
   * a taken one gets nothing new, and its owner an e-mail saying someone tried (auth.user.registration_attempted.v1).
   * The answer comes no sooner than AUTH_REGISTER_MIN_RESPONSE_MS after the request arrived (ResponseFloor), which
   * covers the few milliseconds the new account's rows add. Counted per client address and per address registered.
   */
  async register(input: { email: string; password: string; displayName: string }, ip: string): Promise<typeof REGISTRATION_ACCEPTED> {
    const floor = ResponseFloor.start(this.config.registerMinResponseMs);
    await this.limiter.hit(
      { bucket: 'register:ip', limit: this.config.registerMaxPerIpPerHour, windowSeconds: 3600 },
      ip,
      'too many registrations from this address, retry later',
    );
    const email = normalizeEmail(input.email);
    await this.limiter.hit(
      { bucket: 'register:email', limit: this.config.registerMaxPerEmailPerHour, windowSeconds: 3600 },
      email,
      'too many registrations of this e-mail address, retry later',
    );
    const displayName = input.displayName.trim();
    this.policy.assertAcceptable(input.password, { email, displayName });
    const passwordHash = await this.hasher.hash(input.password);
    try {
      await this.dataSource.transaction(async (manager) => {
        const owner = await this.accounts.idByEmail(manager, email);
        if (owner !== undefined) {
          await writeToOutbox(manager, AUTH_USER_REGISTRATION_ATTEMPTED_V1, { userId: owner, email });
          return;
        }
        const created = await this.accounts.insert(manager, { id: uuidv7(), email, displayName, passwordHash });
        await writeToOutbox(manager, AUTH_USER_REGISTERED_V1, { userId: created.id, email, displayName });
        await this.verification.issue(manager, created);
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // a concurrent registration of the same address won: this one is a taken address after all
      await this.dataSource.transaction(async (manager) => {
        const owner = await this.accounts.idByEmail(manager, email);
        if (owner !== undefined) await writeToOutbox(manager, AUTH_USER_REGISTRATION_ATTEMPTED_V1, { userId: owner, email });
      });
    }
    await floor.wait((elapsedMs) =>
      this.logger.warn(`a registration took ${Math.round(elapsedMs)} ms, over AUTH_REGISTER_MIN_RESPONSE_MS (${this.config.registerMinResponseMs}): its time may tell whether the address is taken`),
    );
    return REGISTRATION_ACCEPTED;
  }

  async me(user: AuthenticatedUser): Promise<Pick<AccountView, 'id' | 'email' | 'emailVerified' | 'roles' | 'createdAt'>> {
    const account = await this.accounts.byId(this.dataSource.manager, user.id);
    if (!account) throw new DomainException(AuthServiceErrors.ACCOUNT_NOT_FOUND, `account ${user.id} not found`, 404);
    const { id, email, emailVerified, roles, createdAt } = toAccountView(account);
    return { id, email, emailVerified, roles, createdAt };
  }
}
