import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A webhook endpoint: a user's (project_id null) or a project's (created by one of its owners). */
@Entity('webhook')
@Index('webhook_owner_idx', ['ownerId', 'id'])
@Index('webhook_project_idx', ['projectId'])
export class WebhookEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId!: string;

  @Column({ name: 'project_id', type: 'uuid', nullable: true })
  projectId!: string | null;

  @Column({ type: 'text' })
  url!: string;

  /** preference kinds (`task.assigned`, ...) */
  @Column({ type: 'text', array: true })
  events!: string[];

  /** the signing secret, sealed by SecretBox (AES-256-GCM) */
  @Column({ name: 'secret_sealed', type: 'text' })
  secretSealed!: string;

  /** the secret before the last rotation, still signing until previous_secret_expires_at */
  @Column({ name: 'previous_secret_sealed', type: 'text', nullable: true })
  previousSecretSealed!: string | null;

  @Column({ name: 'previous_secret_expires_at', type: 'timestamptz', nullable: true })
  previousSecretExpiresAt!: Date | null;

  /** active | disabled */
  @Column({ type: 'text', default: 'active' })
  status!: string;

  /** failed deliveries since the last success: WEBHOOK_DISABLE_AFTER_FAILED_DELIVERIES of them disable the endpoint */
  @Column({ name: 'failures_in_row', type: 'integer', default: 0 })
  failuresInRow!: number;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
