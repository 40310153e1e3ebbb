import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity';

/** How an e-mail change ended: confirmed from the new address, cancelled from the old, replaced by a newer request, or refused (the address was taken by then). */
export type EmailChangeOutcome = 'confirmed' | 'cancelled' | 'superseded' | 'address_taken';

/** A requested e-mail change: the new address, and the SHA-256 of its confirm and cancel tokens (single use). */
@Entity('email_change')
@Index('email_change_account_id_idx', ['accountId'])
@Unique('UQ_email_change_confirm_token_hash', ['confirmTokenHash'])
@Unique('UQ_email_change_cancel_token_hash', ['cancelTokenHash'])
export class EmailChangeEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_email_change' })
  id!: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'FK_email_change_account' })
  account?: AccountEntity;

  /** lower-cased and trimmed */
  @Column({ name: 'new_email', type: 'text' })
  newEmail!: string;

  @Column({ name: 'confirm_token_hash', type: 'bytea' })
  confirmTokenHash!: Buffer;

  @Column({ name: 'cancel_token_hash', type: 'bytea' })
  cancelTokenHash!: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  outcome!: EmailChangeOutcome | null;
}
