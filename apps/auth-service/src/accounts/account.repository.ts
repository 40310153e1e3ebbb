import { Injectable } from '@nestjs/common';
import { type Role } from '@taskhub/platform-auth';
import { type EntityManager, LessThan } from 'typeorm';
import { type Account } from './account';
import { AccountEntity } from './account.entity';

/** A unique-constraint violation (the e-mail is taken), recognised by SQLSTATE. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | undefined;
  return (e?.driverError?.code ?? e?.code) === '23505';
}

function toAccount(entity: AccountEntity): Account {
  const { passwordHash: _hash, updatedAt: _updated, ...account } = entity;
  return account;
}

/** The account table; the password hash is read only by `credentialsByEmail` / `passwordHashOf`. */
@Injectable()
export class AccountRepository {
  async insert(manager: EntityManager, account: { id: string; email: string; displayName: string; passwordHash: string }): Promise<Account> {
    const entity = manager.create(AccountEntity, { ...account, roles: ['user'], status: 'active', emailVerifiedAt: null, disabledAt: null });
    return toAccount(await manager.save(entity));
  }

  async byId(manager: EntityManager, id: string, lock = false): Promise<Account | undefined> {
    const entity = await manager.findOne(AccountEntity, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    return entity ? toAccount(entity) : undefined;
  }

  async credentialsByEmail(manager: EntityManager, email: string): Promise<{ account: Account; passwordHash: string } | undefined> {
    const entity = await manager.findOne(AccountEntity, { where: { email } });
    return entity ? { account: toAccount(entity), passwordHash: entity.passwordHash } : undefined;
  }

  async passwordHashOf(manager: EntityManager, id: string): Promise<string | undefined> {
    return (await manager.findOne(AccountEntity, { where: { id }, select: { id: true, passwordHash: true } }))?.passwordHash;
  }

  /** The account of an address, for registration: its id, or undefined (no lock: the insert's unique key decides). */
  async idByEmail(manager: EntityManager, email: string): Promise<string | undefined> {
    return (await manager.findOne(AccountEntity, { where: { email }, select: { id: true } }))?.id;
  }

  /** Marks the address verified (once: a second call keeps the first time); the time, or undefined when it already was. */
  async markEmailVerified(manager: EntityManager, id: string, at: Date): Promise<Date | undefined> {
    const [rows] = await manager.query<[{ email_verified_at: Date }[], number]>(
      `UPDATE account SET email_verified_at = $2, updated_at = now() WHERE id = $1 AND email_verified_at IS NULL RETURNING email_verified_at`,
      [id, at],
    );
    return rows[0]?.email_verified_at;
  }

  /** Sets a new address, verified by the change (another account's address: a unique violation, the caller's to handle). */
  async changeEmail(manager: EntityManager, id: string, email: string, at: Date): Promise<void> {
    await manager.query(`UPDATE account SET email = $2, email_verified_at = COALESCE(email_verified_at, $3), updated_at = now() WHERE id = $1`, [id, email, at]);
  }

  async setPasswordHash(manager: EntityManager, id: string, passwordHash: string): Promise<void> {
    await manager.update(AccountEntity, { id }, { passwordHash });
  }

  async disable(manager: EntityManager, id: string, at: Date): Promise<void> {
    await manager.update(AccountEntity, { id }, { status: 'disabled', disabledAt: at });
  }

  /**
   * Grants or takes away a role in one statement: the account's id and roles after the change, `unchanged` when it
   * already had (or lacked) the role, undefined when no account has this e-mail.
   */
  async changeRole(manager: EntityManager, email: string, role: Role, change: 'grant' | 'revoke'): Promise<{ id: string; roles: Role[] } | 'unchanged' | undefined> {
    const sql =
      change === 'grant'
        ? `UPDATE account SET roles = array_append(roles, $2), updated_at = now() WHERE email = $1 AND NOT ($2 = ANY(roles)) RETURNING id, roles`
        : `UPDATE account SET roles = array_remove(roles, $2), updated_at = now() WHERE email = $1 AND $2 = ANY(roles) RETURNING id, roles`;
    const [rows] = await manager.query<[{ id: string; roles: Role[] }[], number]>(sql, [email, role]);
    if (rows[0]) return rows[0];
    return (await manager.exists(AccountEntity, { where: { email } })) ? 'unchanged' : undefined;
  }

  /** Newest first, keyset pagination on the (time-ordered) id. */
  async page(manager: EntityManager, before: string | undefined, limit: number): Promise<Account[]> {
    const entities = await manager.find(AccountEntity, {
      where: before ? { id: LessThan(before) } : {},
      order: { id: 'DESC' },
      take: limit,
    });
    return entities.map(toAccount);
  }
}
