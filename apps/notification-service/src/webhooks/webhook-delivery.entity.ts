import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { WebhookEntity } from './webhook.entity';

/** One event for one endpoint: its body as signed, and where its attempts stand (the delivery log). */
@Entity('webhook_delivery')
@Unique('webhook_delivery_event_webhook_key', ['eventId', 'webhookId'])
@Index('webhook_delivery_webhook_idx', ['webhookId', 'id'])
@Index('webhook_delivery_due_idx', ['nextAttemptAt'], { where: `status = 'pending'` })
export class WebhookDeliveryEntity {
  /** also the TaskHub-Delivery header, the same on every attempt */
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'webhook_id', type: 'uuid' })
  webhookId!: string;

  @ManyToOne(() => WebhookEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'webhook_id' })
  webhook?: WebhookEntity;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  /** the preference kind, e.g. task.assigned (TaskHub-Event) */
  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  /** the JSON request body exactly as sent and signed */
  @Column({ type: 'text' })
  body!: string;

  /** pending | succeeded | failed */
  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** attempts made before the last manual redelivery: the retry schedule starts again from there */
  @Column({ name: 'attempts_before_redelivery', type: 'integer', default: 0 })
  attemptsBeforeRedelivery!: number;

  /** when a pending delivery is due (also the lease of a claimed one) */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  @Column({ name: 'response_code', type: 'integer', nullable: true })
  responseCode!: number | null;

  @Column({ name: 'duration_ms', type: 'integer', nullable: true })
  durationMs!: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
