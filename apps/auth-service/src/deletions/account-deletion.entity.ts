import { Check, Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { type DeletionStatus } from './deletion-saga';

/**
 * One account deletion saga (docs/sagas.md): ids and timestamps only, never personal data; purged
 * AUTH_DELETION_RETENTION_DAYS after it completed. Each step reported by another service has its own columns:
 * started (its request event written), completed (its report applied), attempts (request events written).
 */
@Entity('account_deletion')
@Index('account_deletion_running_idx', ['userId'], { unique: true, where: `"status" = 'running'` })
@Index('account_deletion_requested_idx', ['requestedAt'])
@Check('CHK_account_deletion_status', `"status" IN ('running', 'completed')`)
export class AccountDeletionEntity {
  /** UUIDv4: random, so it is also the capability that reads the saga's state without a token */
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'text', default: 'running' })
  status!: DeletionStatus;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'task_started_at', type: 'timestamptz', nullable: true })
  taskStartedAt!: Date | null;

  @Column({ name: 'task_completed_at', type: 'timestamptz', nullable: true })
  taskCompletedAt!: Date | null;

  @Column({ name: 'task_attempts', type: 'integer', default: 0 })
  taskAttempts!: number;

  @Column({ name: 'notification_started_at', type: 'timestamptz', nullable: true })
  notificationStartedAt!: Date | null;

  @Column({ name: 'notification_completed_at', type: 'timestamptz', nullable: true })
  notificationCompletedAt!: Date | null;

  @Column({ name: 'notification_attempts', type: 'integer', default: 0 })
  notificationAttempts!: number;

  @Column({ name: 'profile_started_at', type: 'timestamptz', nullable: true })
  profileStartedAt!: Date | null;

  @Column({ name: 'profile_completed_at', type: 'timestamptz', nullable: true })
  profileCompletedAt!: Date | null;

  @Column({ name: 'profile_attempts', type: 'integer', default: 0 })
  profileAttempts!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
