import { Injectable } from '@nestjs/common';
import { AUTH_USER_DISABLED_V1 } from '@taskhub/contracts';
import { type AuthenticatedUser } from '@taskhub/platform-auth';
import { DomainException } from '@taskhub/platform-errors';
import { type CursorBinding, type Page, PageCursors, pageLimit } from '@taskhub/platform-http';
import { writeToOutbox } from '@taskhub/platform-messaging';
import { DataSource } from 'typeorm';
import { type AccountView, toAccountView } from '../accounts/account';
import { AccountRepository } from '../accounts/account.repository';
import { AuthServiceErrors } from '../auth.errors';
import { AccountCredentials } from '../sessions/account-credentials';
import { type ListAccountsQueryDto } from './dto/list-accounts.query.dto';

/** The account list: newest first, by id (UUIDv7, time-ordered), so the id alone is the position. */
const ACCOUNT_LIST: CursorBinding = { list: 'auth.accounts', sort: '-id' };

interface AccountPosition {
  readonly id: string;
}

/** What an admin does with accounts: list them, disable one. */
@Injectable()
export class AdminAccountsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly credentials: AccountCredentials,
    private readonly cursors: PageCursors,
  ) {}

  /** One page of accounts; the cursor is the previous page's `nextCursor` (400 REQUEST.INVALID_CURSOR otherwise). */
  async list(query: ListAccountsQueryDto): Promise<Page<AccountView>> {
    const limit = pageLimit(query);
    const after = this.cursors.decode<AccountPosition>(query.cursor, ACCOUNT_LIST);
    const rows = await this.accounts.page(this.dataSource.manager, after?.id, limit + 1);
    return this.cursors.page(rows.map(toAccountView), limit, (last): AccountPosition => ({ id: last.id }), ACCOUNT_LIST);
  }

  /**
   * Disables an account: no more logins, refreshes or API-key exchanges; every session ends and every API key is
   * revoked, their tokens at once; auth.user.disabled.v1 goes out. Disabling a disabled account changes nothing.
   */
  async disable(id: string, admin: AuthenticatedUser): Promise<AccountView> {
    const account = await this.dataSource.transaction(async (manager) => {
      const found = await this.accounts.byId(manager, id, true);
      if (!found) throw new DomainException(AuthServiceErrors.ACCOUNT_NOT_FOUND, `account ${id} not found`, 404);
      if (found.status === 'disabled') return found;
      const at = new Date();
      await this.accounts.disable(manager, id, at);
      await this.credentials.endAll(manager, id, 'account_disabled');
      await writeToOutbox(manager, AUTH_USER_DISABLED_V1, { userId: id, disabledAt: at.toISOString(), disabledBy: admin.id });
      return { ...found, status: 'disabled' as const, disabledAt: at };
    });
    return toAccountView(account);
  }
}
