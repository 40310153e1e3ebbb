import { type ProfileStatus } from '@taskhub/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('profile')
@Index('profile_directory_idx', ['nameKey', 'id'], { where: `"status" = 'active'` })
// GIN trigram index on search_text (word-prefix search), made by the migration: TypeORM cannot declare an operator class
@Index('profile_search_trgm_idx', { synchronize: false })
export class ProfileEntity {
  /** the account id (from auth.user.registered.v1) */
  @PrimaryColumn('uuid')
  id!: string;

  /** as auth registered it; shown to its owner and admins only */
  @Column({ type: 'text' })
  email!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ name: 'avatar_url', type: 'text', nullable: true })
  avatarUrl!: string | null;

  @Column({ type: 'text', default: 'UTC' })
  timezone!: string;

  @Column({ type: 'text', default: 'en' })
  locale!: string;

  @Column({ type: 'text', default: 'active' })
  status!: ProfileStatus;

  /** +1 on every change; carried by the user.profile.* events */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  /** the display name folded for sorting and search (lower case, no accents): the directory's order */
  @Column({ name: 'name_key', type: 'text' })
  nameKey!: string;

  /** ` <name key> <e-mail>`: what directory search matches word prefixes in (trigram index) */
  @Column({ name: 'search_text', type: 'text' })
  searchText!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;
}
