import { Injectable } from '@nestjs/common';
import { type Role } from '@taskhub/platform-auth';
import { DataSource } from 'typeorm';
import { normalizeEmail } from '../accounts/account';
import { AccountRepository } from '../accounts/account.repository';
import { AccountCredentials, type EndedCredentials } from '../sessions/account-credentials';

export type RoleChangeOutcome =
  | { readonly kind: 'changed'; readonly roles: readonly Role[]; readonly ended: EndedCredentials }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'no_account' };

/**
 * Roles of an account (`auth-admin grant-role` / `revoke-role`). Access tokens carry the roles they were issued with,
 * so a change ends every login session and revokes every API key of the account in the same transaction, their
 * tokens at once: a role taken away does not live on for a token's lifetime, and the next login carries the new roles.
 */
@Injectable()
export class AccountRolesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly credentials: AccountCredentials,
  ) {}

  async change(email: string, role: Role, change: 'grant' | 'revoke'): Promise<RoleChangeOutcome> {
    return this.dataSource.transaction(async (manager): Promise<RoleChangeOutcome> => {
      const changed = await this.accounts.changeRole(manager, normalizeEmail(email), role, change);
      if (changed === undefined) return { kind: 'no_account' };
      if (changed === 'unchanged') return { kind: 'unchanged' };
      return { kind: 'changed', roles: changed.roles, ended: await this.credentials.endAll(manager, changed.id, 'role_changed') };
    });
  }
}
