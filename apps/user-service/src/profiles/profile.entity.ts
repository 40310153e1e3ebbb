import { type ProfileStatus } from '@taskhub/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('profile')
@Index('profile_directory_idx', ['nameKey', 'id'], { where: `"status" = 'active' AND "email_verified"` })
// GIN trigram index on search_text (word-prefix search), made by the migration: TypeORM cannot declare an operator class
@Index('profile_search_trgm_idx', { synchronize: false })
export class ProfileEntity {
  /** the account id (from auth.user.registered.v1) */
  @PrimaryColumn('uuid')
  id!: string;

  /** as auth registered it; shown to its owner and admins only */
  @Column({ type: 'text' })
  email!: string;

  /** the account's address is verified (auth.user.email_verified.v1, or a confirmed e-mail change): only then in the directory */
  @Column({ name: 'email_verified', type: 'boolean', default: false })
  emailVerified!: boolean;

  /** when the address last changed (auth.user.email_changed.v1): an older change arriving late changes nothing */
  @Column({ name: 'email_changed_at', type: 'timestamptz', nullable: true })
  emailChangedAt!: Date | null;

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
