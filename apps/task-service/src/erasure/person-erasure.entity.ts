import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A deletion (auth.user.deletion_requested.v1) the task service has applied: one row per deletion id. */
@Entity('person_erasure')
export class PersonErasureEntity {
  @PrimaryColumn('uuid', { name: 'deletion_id', primaryKeyConstraintName: 'person_erasure_pkey' })
  deletionId!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'erased_at', type: 'timestamptz' })
  erasedAt!: Date;
}
