import { createPublicKey, type KeyObject, randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { ConfigError } from './config-error';
import { Fields } from './fields';
import { type ConsumerConfig, type JwtSecretConfig } from './gateway-config';

/**
 * Kong's DB-less loader gives an entity without an id a UUIDv5 of its endpoint key (the username for consumers) in
 * the namespace UUIDv5(fd02801f-0957-4a15-a55a-c8d9606f30b5, "consumers") (kong/db/schema/others/declarative_config.lua,
 * generate_uuid), so X-Consumer-ID is the same on every node and across reloads.
 */
const KONG_ENTITIES_NAMESPACE = 'fd02801f-0957-4a15-a55a-c8d9606f30b5';
const CONSUMERS_NAMESPACE = uuidv5('consumers', KONG_ENTITIES_NAMESPACE);

export function kongConsumerId(username: string): string {
  return uuidv5(username, CONSUMERS_NAMESPACE);
}

const OTHER_CREDENTIALS = ['acls', 'basicauth_credentials', 'hmacauth_credentials', 'keyauth_credentials', 'mtls_auth_credentials', 'oauth2_credentials'];

/** `consumers:` with their `jwt_secrets`; usernames, custom ids and credential keys are unique, as in Kong. */
export function consumersConfig(list: readonly unknown[]): ConsumerConfig[] {
  const consumers = list.map((raw, i) => consumerConfig(Fields.of(`consumers[${i}]`, raw)));
  unique(consumers.map((c) => c.username), 'consumer', 'username');
  unique(consumers.map((c) => c.customId), 'consumer', 'custom_id');
  unique(consumers.map((c) => c.id), 'consumer', 'id');
  unique(consumers.flatMap((c) => c.jwtSecrets.map((s) => s.key)), 'jwt_secrets', 'key');
  return consumers;
}

function consumerConfig(c: Fields): ConsumerConfig {
  const username = c.string('username');
  const customId = c.string('custom_id');
  if (!username && !customId) c.fail('username', 'or custom_id is required (Kong needs at least one)');
  const where = username ? `consumer "${username}"` : `consumer with custom_id "${customId}"`;
  c.named(where);
  const id = c.string('id') ?? (username ? kongConsumerId(username) : randomUUID());
  c.metadata('tags', 'created_at', 'updated_at');
  c.refuse('plugins', 'consumer-scoped plugins are not implemented (global, service and route scopes are)');
  c.refuse('groups', 'consumer groups are not implemented');
  for (const field of OTHER_CREDENTIALS) c.refuse(field, 'is not implemented by the local gateway (jwt_secrets are)');
  const jwtSecrets = c.array('jwt_secrets').map((raw, i) => jwtSecretConfig(Fields.of(`${where} jwt_secrets[${i}]`, raw)));
  c.done();
  return { id, username, customId, jwtSecrets };
}

function jwtSecretConfig(s: Fields): JwtSecretConfig {
  const key = s.requiredString('key');
  s.named(`${s.where} (key "${key}")`);
  s.oneOf('algorithm', ['RS256'], 'HS256' as 'RS256');
  const pem = s.requiredString('rsa_public_key');
  s.metadata('secret', 'id', 'tags', 'created_at', 'consumer'); // secret: HMAC only, unused for RS256
  s.done();
  return { key, algorithm: 'RS256', publicKey: rsaPublicKey(pem, s.where) };
}

/** Parses a PEM public key (SPKI or PKCS#1) and requires RSA; private key material is refused, never derived from. */
export function rsaPublicKey(pem: string, where: string): KeyObject {
  if (/PRIVATE KEY-----/.test(pem)) throw new ConfigError(where, 'field "rsa_public_key" holds a private key; only the public key belongs here');
  if (!/-----BEGIN (RSA )?PUBLIC KEY-----/.test(pem)) throw new ConfigError(where, 'field "rsa_public_key" is not a PEM public key');
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new ConfigError(where, `field "rsa_public_key" does not parse (${error instanceof Error ? error.message : String(error)})`);
  }
  if (key.asymmetricKeyType !== 'rsa') throw new ConfigError(where, `field "rsa_public_key" is a ${key.asymmetricKeyType ?? 'unknown'} key, RS256 needs RSA`);
  return key;
}

function unique(values: readonly (string | undefined)[], entity: string, field: string): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (value === undefined) continue;
    if (seen.has(value)) throw new ConfigError(`${entity} ${field} "${value}"`, 'is defined twice (Kong requires it to be unique)');
    seen.add(value);
  }
}
