import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH } from '../../passwords/password-policy';

/** No `roles` field: every account starts as `user`, and unknown fields are refused (400). */
export class RegisterRequestDto {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsEmail()
  @MaxLength(254)
  readonly email!: string;

  /** checked by the password policy (length, guessability), with reasons in `details` */
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH * 4) // code units; the policy counts characters
  readonly password!: string;

  @IsString()
  @Length(1, 100)
  readonly displayName!: string;
}
