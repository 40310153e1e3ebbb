import path from 'node:path';
import { keyIdsIn, publishPublicKeys, removeKeyPair, ROLES, type Role, SessionRevocations, writeNewKeyPair } from '@taskhub/platform-auth';
import { loadServiceConfig } from '@taskhub/platform-config';
import { buildDataSourceOptions } from '@taskhub/platform-database';
import { DomainException } from '@taskhub/platform-errors';
import { isUUID } from 'class-validator';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AccountRepository } from '../accounts/account.repository';
import { AccountRolesService, type RoleChangeOutcome } from '../admin/account-roles.service';
import { ApiKeyRepository } from '../api-keys/api-key.repository';
import { AuthServiceConfig } from '../config/auth.config';
import { AUTH_DATABASE } from '../database/auth-database';
import { AccountDeletionRepository } from '../deletions/account-deletion.repository';
import { DeletionResume } from '../deletions/deletion-resume';
import { AccountCredentials } from '../sessions/account-credentials';
import { SessionRepository } from '../sessions/session.repository';

export const USAGE = `usage:
  auth-admin grant-role <email> <role>       give an account a role (user, admin); its sessions and API keys end at once,
                                             its next login carries the role
  auth-admin revoke-role <email> <role>      take a role away; its sessions and API keys end at once
  auth-admin deletion resume <deletion-id>   ask again for the steps of a stuck account deletion that are not done
                                             (docs/sagas.md); the services apply each step once
  auth-admin keys list                       signing keys in AUTH_SIGNING_KEYS_DIR, newest last (the newest published one signs)
  auth-admin keys rotate                     write a new key pair there (distribute its .public.pem before it signs)
  auth-admin keys ensure                     write a key pair only if there is none (docker-compose's first start)
  auth-admin keys retire <kid>               remove a key pair: its tokens stop working once verifiers rescan
  auth-admin keys publish                    make JWT_PUBLIC_KEYS_DIR hold the public halves of exactly the keys there
                                             (docker-compose: the services' folder without private keys)
environment: the auth service's (DATABASE_URL, REDIS_URL, REDIS_SHARED_KEY_PREFIX, AUTH_SIGNING_KEYS_DIR, ...; docs/auth.md)`;

export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  out(line: string): void;
}

class UsageError extends Error {}

/** Operator commands of the auth service; returns the exit code. */
export async function runAuthCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const [command, ...args] = argv;
    // the role commands use the database, the key commands no secret at all (compose's one-shot jwt-keys has none)
    const config = loadServiceConfig(AuthServiceConfig, io.env, { credentialsUsed: command === 'keys' ? [] : ['DATABASE_URL'] });
    if (command === 'grant-role' || command === 'revoke-role') return await role(config, command, args, io);
    if (command === 'keys') return keys(config, args, io);
    if (command === 'deletion') return await deletion(config, args, io);
    throw new UsageError(command === undefined ? 'no command' : `unknown command: ${command}`);
  } catch (error) {
    if (error instanceof UsageError) {
      io.out(`auth-admin: ${error.message}\n${USAGE}`);
      return 2;
    }
    io.out(`auth-admin: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

async function role(config: AuthServiceConfig, command: 'grant-role' | 'revoke-role', args: readonly string[], io: CliIo): Promise<number> {
  const [email, name] = args;
  if (email === undefined || name === undefined) throw new UsageError(`${command} needs <email> <role>`);
  if (!(ROLES as readonly string[]).includes(name)) throw new UsageError(`unknown role "${name}" (roles: ${ROLES.join(', ')})`);
  if (command === 'revoke-role' && name === 'user') throw new UsageError('every account keeps the role user');
  const outcome = await withAccountRoles(config, (roles) => roles.change(email, name as Role, command === 'grant-role' ? 'grant' : 'revoke'));
  io.out(describeRoleChange(email, outcome));
  return outcome.kind === 'no_account' ? 1 : 0;
}

function describeRoleChange(email: string, outcome: RoleChangeOutcome): string {
  if (outcome.kind === 'no_account') return `auth-admin: no account with e-mail ${email}`;
  if (outcome.kind === 'unchanged') return `${email}: nothing to change`;
  const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
  const { sessionIds, apiKeyIds } = outcome.ended;
  return `${email}: roles now ${outcome.roles.join(', ')}; ${count(sessionIds.length, 'session')} and ${count(apiKeyIds.length, 'API key')} ended`;
}

/**
 * The role service on the auth database and the shared Redis (where the revocations go), as the service itself would
 * have it. Redis must answer first: a role change that could not end the account's tokens is not made.
 */
async function withAccountRoles<T>(config: AuthServiceConfig, work: (roles: AccountRolesService) => Promise<T>): Promise<T> {
  const redis = new Redis(config.redisUrl, {
    keyPrefix: config.redisSharedKeyPrefix,
    connectionName: 'auth-admin',
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 2000,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined); // reported by connect() or the command that failed
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`Redis unavailable (${error instanceof Error ? error.message : String(error)}): nothing was changed, since the account's sessions could not be ended`);
  }
  const dataSource = new DataSource({ ...buildDataSourceOptions(config, AUTH_DATABASE, { poolMax: 1 }), applicationName: 'auth-admin' });
  try {
    await dataSource.initialize();
    const credentials = new AccountCredentials(new SessionRepository(), new ApiKeyRepository(), new SessionRevocations(redis));
    return await work(new AccountRolesService(dataSource, new AccountRepository(), credentials));
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    redis.disconnect();
  }
}

async function deletion(config: AuthServiceConfig, args: readonly string[], io: CliIo): Promise<number> {
  const [sub, id] = args;
  if (sub !== 'resume' || id === undefined) throw new UsageError('deletion needs: resume <deletion-id>');
  if (!isUUID(id)) throw new UsageError(`not a deletion id: ${id}`);
  const dataSource = new DataSource({ ...buildDataSourceOptions(config, AUTH_DATABASE, { poolMax: 1 }), applicationName: 'auth-admin' });
  try {
    await dataSource.initialize();
    const { asked } = await new DeletionResume(dataSource, new AccountDeletionRepository()).resume(id);
    io.out(`deletion ${id}: asked again for ${asked.join(', ')}`);
    return 0;
  } catch (error) {
    if (!(error instanceof DomainException)) throw error;
    io.out(`auth-admin: ${error.message}`);
    return 1;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

function keys(config: AuthServiceConfig, args: readonly string[], io: CliIo): number {
  const dir = path.resolve(config.signingKeysDir);
  const [command, kid] = args;
  if (command === 'list') {
    const ids = keyIdsIn(dir, 'private');
    for (const id of ids) io.out(`${id}${keyIdsIn(dir, 'public').includes(id) ? '' : ' (no public key in this folder)'}`);
    if (ids.length === 0) io.out(`no signing keys in ${dir}`);
    return 0;
  }
  if (command === 'ensure' && keyIdsIn(dir, 'private').length > 0) {
    io.out(`signing keys present in ${dir}: ${keyIdsIn(dir, 'private').join(', ')}`);
    return 0;
  }
  if (command === 'rotate' || command === 'ensure') {
    io.out(`${writeNewKeyPair(dir)}: written to ${dir}`);
    return 0;
  }
  if (command === 'publish') {
    const publicDir = path.resolve(config.jwtPublicKeysDir);
    const { added, removed } = publishPublicKeys(dir, publicDir);
    const changes = [...added.map((k) => `${k} published`), ...removed.map((k) => `${k} removed`)];
    io.out(`${publicDir}: ${changes.length > 0 ? changes.join(', ') : 'up to date'}`);
    return 0;
  }
  if (command === 'retire') {
    if (kid === undefined) throw new UsageError('keys retire needs <kid>');
    if (!keyIdsIn(dir, 'private').includes(kid)) throw new Error(`no key ${kid} in ${dir}`);
    removeKeyPair(dir, kid);
    io.out(`${kid}: retired (removed from ${dir}; remove its public key wherever it was distributed)`);
    return 0;
  }
  throw new UsageError(`unknown keys command: ${command ?? '(none)'}`);
}
