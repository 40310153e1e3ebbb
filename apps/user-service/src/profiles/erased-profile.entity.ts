import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The tombstone of a profile erased by an account deletion: its id and when, nothing else. */
@Entity('erased_profile')
export class ErasedProfileEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'erased_at', type: 'timestamptz' })
  erasedAt!: Date;
}
