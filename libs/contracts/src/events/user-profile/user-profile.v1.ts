import { IsIn, IsInt, IsString, IsUUID, Length, Min, ValidateIf } from 'class-validator';

export const PROFILE_STATUSES = ['active', 'disabled'] as const;
export type ProfileStatus = (typeof PROFILE_STATUSES)[number];

/** The public fields of a profile as user.profile.* events carry them: the whole set, so a consumer keeps a copy. */
export class UserProfileV1 {
  @IsUUID()
  readonly userId!: string;

  /** increases with every change: a consumer ignores an event older than the copy it holds */
  @IsInt()
  @Min(1)
  readonly version!: number;

  @IsString()
  @Length(1, 100)
  readonly displayName!: string;

  /** https URL, or null */
  @ValidateIf((_, value) => value !== null)
  @IsString()
  readonly avatarUrl!: string | null;

  /** IANA time zone name, e.g. Europe/Paris */
  @IsString()
  readonly timezone!: string;

  /** BCP 47 language tag, e.g. en-GB */
  @IsString()
  readonly locale!: string;

  @IsIn(PROFILE_STATUSES)
  readonly status!: ProfileStatus;
}
