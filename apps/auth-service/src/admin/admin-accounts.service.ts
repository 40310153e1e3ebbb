import { Injectable } from '@nestjs/common';
import { AUTH_USER_DISABLED_V1 } from '@taskhub/contracts';
import { type AuthenticatedUser, SessionRevocations } from '@taskhub/platform-auth';
import { DomainException } from '@taskhub/platform-errors';
import { writeToOutbox } from '@taskhub/platform-messaging';
import { DataSource } from 'typeorm';
import { type AccountView, toAccountView } from '../accounts/account';
import { AccountRepository } from '../accounts/account.repository';
import { ApiKeyRepository } from '../api-keys/api-key.repository';
import { AuthServiceErrors } from '../auth.errors';
import { SessionsService } from '../sessions/sessions.service';

export interface AccountPage {
  readonly items: AccountView[];
  readonly nextCursor: string | null;
}

/** What an admin does with accounts: list them, disable one. */
@Injectable()
export class AdminAccountsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly apiKeys: ApiKeyRepository,
    private readonly sessions: SessionsService,
    private readonly revocations: SessionRevocations,
  ) {}

  async list(cursor: string | undefined, limit: number): Promise<AccountPage> {
    const before = cursor === undefined ? undefined : decodeCursor(cursor);
    const page = await this.accounts.page(this.dataSource.manager, before, limit + 1);
    const items = page.slice(0, limit).map(toAccountView);
    return { items, nextCursor: page.length > limit ? encodeCursor(items[items.length - 1].id) : null };
  }

  /**
   * Disables an account: no more logins, refreshes or API-key exchanges; every session and API-key token ends at
   * once; auth.user.disabled.v1 goes out. Disabling a disabled account changes nothing.
   */
  async disable(id: string, admin: AuthenticatedUser): Promise<AccountView> {
    const account = await this.dataSource.transaction(async (manager) => {
      const found = await this.accounts.byId(manager, id, true);
      if (!found) throw new DomainException(AuthServiceErrors.ACCOUNT_NOT_FOUND, `account ${id} not found`, 404);
      if (found.status === 'disabled') return found;
      const at = new Date();
      await this.accounts.disable(manager, id, at);
      await this.sessions.endSessions(manager, { accountId: id }, 'account_disabled');
      await this.revocations.revoke(await this.apiKeys.liveIdsOf(manager, id));
      await writeToOutbox(manager, AUTH_USER_DISABLED_V1, { userId: id, disabledAt: at.toISOString(), disabledBy: admin.id });
      return { ...found, status: 'disabled' as const, disabledAt: at };
    });
    return toAccountView(account);
  }
}

function encodeCursor(id: string): string {
  return Buffer.from(id).toString('base64url');
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) {
    throw new DomainException(AuthServiceErrors.INVALID_CURSOR, 'the cursor is not one this list returned', 400);
  }
  return id;
}
