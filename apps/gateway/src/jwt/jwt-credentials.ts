import { type KeyObject } from 'node:crypto';
import { type ConsumerConfig } from '../config/gateway-config';

/** A jwt_secrets entry with its consumer, as the jwt plugin needs it per request. */
export interface JwtCredential {
  readonly key: string;
  readonly algorithm: 'RS256';
  readonly publicKey: KeyObject;
  readonly consumer: { readonly id: string; readonly username: string | undefined; readonly customId: string | undefined };
}

/**
 * The credentials every jwt plugin of the gateway looks keys up in (Kong's jwt_secrets by their unique key). They
 * are replaced as a whole when the key directory changes; `refreshForUnknownKey` is how a token naming an unknown key
 * asks for a rescan (set by the key directory watcher, bounded by it).
 */
export class JwtCredentials {
  private byKey: ReadonlyMap<string, JwtCredential>;
  refreshForUnknownKey: (() => Promise<void>) | undefined;

  constructor(consumers: readonly ConsumerConfig[]) {
    this.byKey = credentialsOf(consumers);
  }

  get(key: string): JwtCredential | undefined {
    return this.byKey.get(key);
  }

  get size(): number {
    return this.byKey.size;
  }

  keys(): string[] {
    return [...this.byKey.keys()].sort();
  }

  replace(consumers: readonly ConsumerConfig[]): void {
    this.byKey = credentialsOf(consumers);
  }
}

function credentialsOf(consumers: readonly ConsumerConfig[]): Map<string, JwtCredential> {
  const map = new Map<string, JwtCredential>();
  for (const consumer of consumers) {
    const identity = { id: consumer.id, username: consumer.username, customId: consumer.customId };
    for (const secret of consumer.jwtSecrets) map.set(secret.key, { key: secret.key, algorithm: secret.algorithm, publicKey: secret.publicKey, consumer: identity });
  }
  return map;
}
