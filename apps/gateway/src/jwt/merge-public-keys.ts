import { randomBytes } from 'node:crypto';
import { type Document, isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { ConfigError } from '../config/config-error';
import { type PublicKeyFile } from './public-key-directory';

/** The consumer every signing key's credential belongs to (kong/kong.yml declares it without jwt_secrets). */
export const KEYS_CONSUMER = 'taskhub-users';

/** decK requires `secret` on every jwt_secrets entry; RS256 never uses it, so each render gets a fresh random one. */
export function randomJwtSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Adds one `jwt_secrets` entry per public key to the consumer `taskhub-users`: `{ key: <kid>, algorithm: RS256,
 * rsa_public_key: <pem>, secret }`. Works on the YAML document, so the render CLI keeps kong.yml's comments and
 * anchors, and the local gateway merges exactly the same way in memory.
 */
export function mergePublicKeys(document: Document, keys: readonly PublicKeyFile[], newSecret: () => string = randomJwtSecret): void {
  const consumer = keysConsumer(document);
  const existing = consumer.get('jwt_secrets', true);
  if (existing !== undefined && existing !== null && !isSeq(existing)) {
    throw new ConfigError(`consumer "${KEYS_CONSUMER}"`, 'field "jwt_secrets" must be an array');
  }
  const taken = new Set((existing?.items ?? []).map((item) => (isMap(item) ? item.get('key') : undefined)));
  const entries = keys.map((k) => {
    if (taken.has(k.kid)) throw new ConfigError(`consumer "${KEYS_CONSUMER}"`, `jwt_secrets key "${k.kid}" is declared in the file and found in the key directory`);
    return document.createNode({ key: k.kid, algorithm: 'RS256', rsa_public_key: k.pem, secret: newSecret() });
  });
  if (existing) for (const entry of entries) existing.add(entry);
  else if (entries.length > 0) consumer.set('jwt_secrets', document.createNode(entries));
}

/** Parses kong.yml text as a YAML document, refusing it as the loader does when it is not valid YAML. */
export function parseDeclarativeDocument(text: string, path: string): Document {
  const document = parseDocument(text);
  if (document.errors.length > 0) throw new ConfigError(path, `is not valid YAML (${document.errors[0].message})`);
  return document;
}

function keysConsumer(document: Document): YAMLMap {
  const consumers = document.get('consumers', true);
  const consumer = isSeq(consumers) ? consumers.items.find((c) => isMap(c) && c.get('username') === KEYS_CONSUMER) : undefined;
  if (!isMap(consumer)) {
    throw new ConfigError('declarative config', `declares no consumer with username "${KEYS_CONSUMER}", the consumer the public keys are credentials of`);
  }
  return consumer;
}
