import { Injectable } from '@nestjs/common';
import { SessionRevocations } from '@taskhub/platform-auth';
import { type EntityManager } from 'typeorm';
import { ApiKeyRepository } from '../api-keys/api-key.repository';
import { type AccountWideRevokeReason, type SessionRevokeReason } from '../security/revoke-reason';
import { SessionRepository } from './session.repository';

/** What ending an account's credentials ended. */
export interface EndedCredentials {
  readonly sessionIds: readonly string[];
  readonly apiKeyIds: readonly string[];
}

/**
 * Ends credentials in the caller's transaction and revokes their access tokens in the shared store before it commits
 * (if the commit then fails, the tokens are dead while the session or key lives: the safe side). The one place that
 * decides what "every credential of an account" is: its login sessions (refresh families) and its API keys, ended
 * together on logout-all, a password change or reset, a role change and a disabled account.
 */
@Injectable()
export class AccountCredentials {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly apiKeys: ApiKeyRepository,
    private readonly revocations: SessionRevocations,
  ) {}

  /** Ends sessions (one, or an account's but one) and their access tokens; returns the ids that were still live. */
  async endSessions(manager: EntityManager, where: { sessionId?: string; accountId?: string; exceptSessionId?: string }, reason: SessionRevokeReason): Promise<string[]> {
    const ended = await this.sessions.revoke(manager, where, reason);
    await this.revocations.revoke(ended);
    return ended;
  }

  /** Ends every login session of the account (but `keepSessionId`, the caller's) and revokes every API key of it. */
  async endAll(manager: EntityManager, accountId: string, reason: AccountWideRevokeReason, keepSessionId?: string): Promise<EndedCredentials> {
    const sessionIds = await this.sessions.revoke(manager, { accountId, exceptSessionId: keepSessionId }, reason);
    const apiKeyIds = await this.apiKeys.revokeAllOf(manager, accountId, reason);
    await this.revocations.revoke([...sessionIds, ...apiKeyIds]);
    return { sessionIds, apiKeyIds };
  }
}
