import { type Role } from '@taskhub/platform-auth';
import { type AccountStatus } from './account.entity';

/** An account as the rest of the service sees it: never its password hash. */
export interface Account {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly status: AccountStatus;
  readonly createdAt: Date;
  /** null until the address is verified */
  readonly emailVerifiedAt: Date | null;
  readonly disabledAt: Date | null;
}

/** What GET /auth/me and the admin list answer. */
export interface AccountView {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly status: AccountStatus;
  readonly createdAt: string;
  readonly emailVerified: boolean;
  readonly disabledAt: string | null;
}

export function toAccountView(account: Account): AccountView {
  return {
    id: account.id,
    email: account.email,
    displayName: account.displayName,
    roles: account.roles,
    status: account.status,
    createdAt: account.createdAt.toISOString(),
    emailVerified: account.emailVerifiedAt !== null,
    disabledAt: account.disabledAt?.toISOString() ?? null,
  };
}

/** E-mail addresses are compared trimmed and lower-cased (also the key of the per-account brute-force counter). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
