import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AUTH_USER_DELETION_REQUESTED_V1 } from '@taskhub/contracts';
import { type AuthenticatedUser } from '@taskhub/platform-auth';
import { type CursorBinding, type Page, PageCursors, pageLimit } from '@taskhub/platform-http';
import { writeToOutbox } from '@taskhub/platform-messaging';
import { DataSource } from 'typeorm';
import { AccountRepository } from '../accounts/account.repository';
import { PasswordResetRepository } from '../passwords/password-reset.repository';
import { AccountCredentials } from '../sessions/account-credentials';
import { AccountDeletionRepository } from './account-deletion.repository';
import { DeletionResume } from './deletion-resume';
import { type Deletion, type DeletionView, toDeletionView } from './deletion-saga';
import { DeletionNotFoundException } from './deletions.errors';
import { type ListDeletionsQueryDto } from './dto/deletion.response.dto';
import { PasswordConfirmation } from '../passwords/password-confirmation';

export interface AdminDeletionView extends DeletionView {
  readonly userId: string;
}

const DELETION_LIST: CursorBinding = { list: 'auth.deletions', sort: '-requestedAt' };

interface DeletionPosition {
  readonly requestedAt: string;
}

/** Asking for an account's deletion, reading a deletion's state, and an operator's resume (docs/sagas.md). */
@Injectable()
export class DeletionsService {
  private readonly logger = new Logger(DeletionsService.name);

  constructor(
    private readonly confirmation: PasswordConfirmation,
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly deletions: AccountDeletionRepository,
    private readonly resets: PasswordResetRepository,
    private readonly credentials: AccountCredentials,
    private readonly cursors: PageCursors,
    private readonly resumer: DeletionResume,
  ) {}

  /**
   * Checks the password (counted like a login attempt), then in one transaction: the saga row, the account disabled,
   * every session and API key ended (their tokens at once), password resets voided, and
   * auth.user.deletion_requested.v1 in the outbox. A deletion already running for the account is answered instead.
   */
  async request(user: AuthenticatedUser, password: string): Promise<DeletionView> {
    await this.confirmation.confirm(user, password);
    const deletion = await this.dataSource.transaction(async (manager) => {
      await this.accounts.byId(manager, user.id, true); // one request at a time per account
      const running = await this.deletions.runningOf(manager, user.id);
      if (running) return running;
      const at = new Date();
      const created = await this.deletions.insert(manager, { id: randomUUID(), userId: user.id, requestedAt: at });
      await this.accounts.disable(manager, user.id, at);
      await this.resets.voidAll(manager, user.id);
      await this.credentials.endAll(manager, user.id, 'account_deleted');
      await writeToOutbox(manager, AUTH_USER_DELETION_REQUESTED_V1, { deletionId: created.id, userId: user.id, requestedAt: at.toISOString() });
      return created;
    });
    this.logger.log(`deletion ${deletion.id} of account ${user.id} requested`);
    return toDeletionView(deletion);
  }

  /** The state of a deletion, for whoever holds its id (no personal data). */
  async status(id: string): Promise<DeletionView> {
    return toDeletionView(await this.found(id));
  }

  async adminView(id: string): Promise<AdminDeletionView> {
    return toAdminView(await this.found(id));
  }

  /** Newest first; the cursor is the previous page's `nextCursor`. */
  async list(query: ListDeletionsQueryDto): Promise<Page<AdminDeletionView>> {
    const limit = pageLimit(query);
    const after = this.cursors.decode<DeletionPosition>(query.cursor, DELETION_LIST);
    const rows = await this.deletions.page(this.dataSource.manager, after ? new Date(after.requestedAt) : undefined, limit + 1);
    return this.cursors.page(rows.map(toAdminView), limit, (last): DeletionPosition => ({ requestedAt: last.requestedAt }), DELETION_LIST);
  }

  /** Asks again for the steps not done (DeletionResume). */
  async resume(id: string): Promise<AdminDeletionView> {
    const { deletion, asked } = await this.resumer.resume(id);
    this.logger.warn(`deletion ${id} resumed: ${asked.join(', ')} asked again`);
    return toAdminView(deletion);
  }

  private async found(id: string): Promise<Deletion> {
    const deletion = await this.deletions.byId(this.dataSource.manager, id);
    if (!deletion) throw new DeletionNotFoundException(id);
    return deletion;
  }
}

function toAdminView(deletion: Deletion): AdminDeletionView {
  return { ...toDeletionView(deletion), userId: deletion.userId };
}
