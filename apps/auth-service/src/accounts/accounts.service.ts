import { Injectable } from '@nestjs/common';
import { AUTH_USER_REGISTERED_V1 } from '@taskhub/contracts';
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
import { type AccountView, normalizeEmail, toAccountView } from './account';
import { AccountRepository, isUniqueViolation } from './account.repository';

/** Registration and the caller's own account. */
@Injectable()
export class AccountsService {
  constructor(
    private readonly config: AuthServiceConfig,
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly limiter: AttemptLimiter,
  ) {}

  /**
   * Creates an account with the role `user` (a role in the request is refused by validation) and writes
   * auth.user.registered.v1 to the outbox in the same transaction: it works while RabbitMQ is down. Every attempt
   * counts against the client address's hourly limit before anything is checked or hashed.
   */
  async register(input: { email: string; password: string; displayName: string }, ip: string): Promise<{ id: string; email: string }> {
    await this.limiter.hit(
      { bucket: 'register:ip', limit: this.config.registerMaxPerIpPerHour, windowSeconds: 3600 },
      ip,
      'too many registrations from this address, retry later',
    );
    const email = normalizeEmail(input.email);
    const displayName = input.displayName.trim();
    this.policy.assertAcceptable(input.password, { email, displayName });
    const passwordHash = await this.hasher.hash(input.password);
    try {
      const account = await this.dataSource.transaction(async (manager) => {
        const created = await this.accounts.insert(manager, { id: uuidv7(), email, displayName, passwordHash });
        await writeToOutbox(manager, AUTH_USER_REGISTERED_V1, { userId: created.id, email, displayName });
        return created;
      });
      return { id: account.id, email: account.email };
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainException(AuthServiceErrors.EMAIL_TAKEN, 'an account with this e-mail already exists', 409);
      throw error;
    }
  }

  async me(user: AuthenticatedUser): Promise<Pick<AccountView, 'id' | 'email' | 'roles' | 'createdAt'>> {
    const account = await this.accounts.byId(this.dataSource.manager, user.id);
    if (!account) throw new DomainException(AuthServiceErrors.ACCOUNT_NOT_FOUND, `account ${user.id} not found`, 404);
    const { id, email, roles, createdAt } = toAccountView(account);
    return { id, email, roles, createdAt };
  }
}
