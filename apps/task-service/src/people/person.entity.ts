import { type ProfileStatus } from '@taskhub/contracts';
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The task service's copy of a user's public profile, fed by user.profile.* events: members and assignees are checked
 * and named from it without calling the user service.
 */
@Entity('person')
export class PersonEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ name: 'avatar_url', type: 'text', nullable: true })
  avatarUrl!: string | null;

  @Column({ type: 'text' })
  status!: ProfileStatus;

  /** the profile version this copy holds: an older event changes nothing */
  @Column({ type: 'integer' })
  version!: number;

  /** set when the person was erased (account deletion): the row is a tombstone, and profile events no longer change it */
  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt!: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
