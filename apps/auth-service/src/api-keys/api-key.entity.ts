import { type Scope } from '@taskhub/platform-auth';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity';
import { type ApiKeyRevokeReason } from '../security/revoke-reason';

/** A named API key of an account; only its SHA-256 is stored, the key itself is shown once. */
@Entity('api_key')
@Index('api_key_account_id_idx', ['accountId'])
export class ApiKeyEntity {
  /** also the `sid` of the access tokens exchanged for it, so revoking the key ends them at once */
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: AccountEntity;

  @Column({ type: 'text' })
  name!: string;

  /** the first characters of the key, to recognise it in a list */
  @Column({ type: 'text' })
  prefix!: string;

  @Column({ name: 'key_hash', type: 'bytea', unique: true })
  keyHash!: Buffer;

  /** what its tokens may do: `read`, `write` (never a role) */
  @Column({ type: 'text', array: true })
  scopes!: Scope[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** every key expires, at most AUTH_API_KEY_MAX_LIFETIME_DAYS after its creation */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  /** when it was last exchanged for a token, to the minute (LAST_USE_RESOLUTION_SECONDS) */
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoke_reason', type: 'text', nullable: true })
  revokeReason!: ApiKeyRevokeReason | null;
}
