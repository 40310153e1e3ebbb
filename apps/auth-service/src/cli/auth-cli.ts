import path from 'node:path';
import { keyIdsIn, publishPublicKeys, removeKeyPair, ROLES, type Role, writeNewKeyPair } from '@taskhub/platform-auth';
import { loadServiceConfig } from '@taskhub/platform-config';
import { Client } from 'pg';
import { normalizeEmail } from '../accounts/account';
import { AuthServiceConfig } from '../config/auth.config';

export const USAGE = `usage:
  auth-admin grant-role <email> <role>       give an account a role (user, admin); it shows in tokens issued from then on
  auth-admin revoke-role <email> <role>
  auth-admin keys list                       signing keys in AUTH_SIGNING_KEYS_DIR, newest last (the newest published one signs)
  auth-admin keys rotate                     write a new key pair there (distribute its .public.pem before it signs)
  auth-admin keys ensure                     write a key pair only if there is none (docker-compose's first start)
  auth-admin keys retire <kid>               remove a key pair: its tokens stop working once verifiers rescan
  auth-admin keys publish                    make JWT_PUBLIC_KEYS_DIR hold the public halves of exactly the keys there
                                             (docker-compose: the services' folder without private keys)
environment: the auth service's (DATABASE_URL, AUTH_SIGNING_KEYS_DIR, ...; docs/auth.md)`;

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
  const client = new Client({ connectionString: config.databaseUrl, application_name: 'auth-admin' });
  await client.connect();
  try {
    const sql =
      command === 'grant-role'
        ? `UPDATE account SET roles = array_append(roles, $2) WHERE email = $1 AND NOT ($2 = ANY(roles)) RETURNING roles`
        : `UPDATE account SET roles = array_remove(roles, $2) WHERE email = $1 AND $2 = ANY(roles) RETURNING roles`;
    const result = await client.query<{ roles: Role[] }>(sql, [normalizeEmail(email), name]);
    const exists = result.rowCount ? true : (await client.query(`SELECT 1 FROM account WHERE email = $1`, [normalizeEmail(email)])).rowCount === 1;
    if (!exists) {
      io.out(`auth-admin: no account with e-mail ${email}`);
      return 1;
    }
    io.out(result.rowCount ? `${email}: roles now ${result.rows[0].roles.join(', ')}` : `${email}: nothing to change`);
    return 0;
  } finally {
    await client.end();
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
