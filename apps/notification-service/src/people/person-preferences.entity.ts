import { type NotificationKindsV1 } from '@taskhub/contracts';
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A copy of a user's notification preferences (user.preferences.updated.v1); no row: the user service's defaults. */
@Entity('person_preferences')
export class PersonPreferencesEntity {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId!: string;

  @Column({ type: 'jsonb' })
  kinds!: NotificationKindsV1;

  @Column({ name: 'digest_enabled', type: 'boolean' })
  digestEnabled!: boolean;

  @Column({ name: 'digest_hour', type: 'smallint' })
  digestHour!: number;

  @Column({ name: 'quiet_start', type: 'text', nullable: true })
  quietStart!: string | null;

  @Column({ name: 'quiet_end', type: 'text', nullable: true })
  quietEnd!: string | null;

  @Column({ type: 'integer' })
  version!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
