import { type ProfileStatus } from '@taskhub/contracts';
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The notification service's copy of a person: the public profile (user.profile.* events: names in notifications, the
 * time zone of quiet hours and digests, the locale of e-mails) and the account (auth.user.registered.v1: the e-mail
 * address, then auth.user.email_changed.v1; auth.user.disabled.v1). Either side may arrive first, so a row may hold only one of them: the profile
 * columns are null until a profile event (`version` null), `email` until the registration.
 */
@Entity('person')
export class PersonEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'display_name', type: 'text', nullable: true })
  displayName!: string | null;

  @Column({ type: 'text', nullable: true })
  timezone!: string | null;

  @Column({ type: 'text', nullable: true })
  locale!: string | null;

  @Column({ type: 'text', nullable: true })
  status!: ProfileStatus | null;

  /** the profile version this copy holds (null: no profile event yet): an older event changes nothing */
  @Column({ type: 'integer', nullable: true })
  version!: number | null;

  /** from auth.user.registered.v1 (null until it arrives) */
  @Column({ type: 'text', nullable: true })
  email!: string | null;

  /** the confirmation time of the e-mail change `email` comes from (auth.user.email_changed.v1): an older change loses */
  @Column({ name: 'email_changed_at', type: 'timestamptz', nullable: true })
  emailChangedAt!: Date | null;

  /** from auth.user.disabled.v1: a disabled person is never notified (nor when the profile's status says so) */
  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  /** set when an account deletion erased the person: every personal column is null from then on (a tombstone) */
  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt!: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
