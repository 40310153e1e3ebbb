import { type ProfileStatus } from '@taskhub/contracts';
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The notification service's copy of a user's public profile, fed by user.profile.* events: names in notifications,
 * the time zone of quiet hours and digests, the locale of e-mails, without calling the user service.
 */
@Entity('person')
export class PersonEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ type: 'text' })
  timezone!: string;

  @Column({ type: 'text' })
  locale!: string;

  @Column({ type: 'text' })
  status!: ProfileStatus;

  /** the profile version this copy holds: an older event changes nothing */
  @Column({ type: 'integer' })
  version!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
