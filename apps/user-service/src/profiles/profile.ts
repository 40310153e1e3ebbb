import { type ProfileStatus } from '@taskhub/contracts';

/** A profile as the service passes it around and caches it (JSON-shaped: dates as ISO strings). */
export interface Profile {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly avatarUrl: string | null;
  readonly timezone: string;
  readonly locale: string;
  readonly status: ProfileStatus;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The fields a user edits (PATCH /users/me). */
export type EditableProfileFields = Partial<Pick<Profile, 'displayName' | 'avatarUrl' | 'timezone' | 'locale'>>;

/** Text folded for search and sorting: compatibility-decomposed, accents dropped, lower case, spaces collapsed. */
export function searchKey(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}
