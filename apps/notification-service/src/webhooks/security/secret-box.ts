import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { NotificationServiceConfig } from '../../config/notification.config';

const VERSION = 'v1';

/**
 * Signing secrets at rest: they must be usable to sign, so they are encrypted (AES-256-GCM, a random 12-byte IV each,
 * the webhook id as associated data so a ciphertext cannot be moved to another row), never hashed. The key is the
 * SHA-256 of WEBHOOK_SECRET_ENCRYPTION_KEY, a secret of the deployment; a database dump alone does not give the secrets.
 */
@Injectable()
export class SecretBox {
  private readonly key: Buffer;

  constructor(config: NotificationServiceConfig) {
    this.key = createHash('sha256').update(config.webhookSecretEncryptionKey, 'utf8').digest();
  }

  /** `v1.<iv>.<tag>.<ciphertext>`, base64url parts */
  seal(secret: string, webhookId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(webhookId));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  /** throws if the value was not sealed with this key for this webhook */
  open(sealed: string, webhookId: string): string {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error(`webhook ${webhookId}: its secret is not in the ${VERSION} sealed format`);
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(webhookId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }
}
