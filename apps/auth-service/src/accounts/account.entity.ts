import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { type Role } from '@taskhub/platform-auth';

export type AccountStatus = 'active' | 'disabled';

@Entity('account')
export class AccountEntity {
  /** UUIDv7: time-ordered, so it is also the cursor of the account list */
  @PrimaryColumn('uuid')
  id!: string;

  /** lower-cased and trimmed */
  @Column({ type: 'text', unique: true })
  email!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  /** argon2id PHC string; never leaves the repository layer */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ type: 'text', array: true, default: () => "'{user}'" })
  roles!: Role[];

  @Column({ type: 'text', default: 'active' })
  status!: AccountStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** null until the owner follows the verification link (accounts older than verification were marked verified) */
  @Column({ name: 'email_verified_at', type: 'timestamptz', nullable: true })
  emailVerifiedAt!: Date | null;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;
}
