import { type NotificationKindsV1 } from '@taskhub/contracts';
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A user's notification preferences, once they have set them (the defaults are not stored). */
@Entity('preferences')
export class PreferencesEntity {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId!: string;

  /** every kind with its three channels */
  @Column({ type: 'jsonb' })
  kinds!: NotificationKindsV1;

  @Column({ name: 'digest_enabled', type: 'boolean' })
  digestEnabled!: boolean;

  @Column({ name: 'digest_hour', type: 'smallint' })
  digestHour!: number;

  /** `HH:MM` in the user's time zone; both null when quiet hours are off */
  @Column({ name: 'quiet_start', type: 'text', nullable: true })
  quietStart!: string | null;

  @Column({ name: 'quiet_end', type: 'text', nullable: true })
  quietEnd!: string | null;

  /** +1 on every change; carried by user.preferences.updated.v1 */
  @Column({ type: 'integer' })
  version!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
