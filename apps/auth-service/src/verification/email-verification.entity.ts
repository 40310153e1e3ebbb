import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity';

/** A single-use link token that verifies an account's e-mail address; only its SHA-256 is stored. */
@Entity('email_verification')
@Index('email_verification_account_id_idx', ['accountId'])
@Unique('UQ_email_verification_token_hash', ['tokenHash'])
export class EmailVerificationEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_email_verification' })
  id!: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'FK_email_verification_account' })
  account?: AccountEntity;

  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash!: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  /** set when used, or when a newer link (resend) makes it void */
  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}
