import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { NEW_PASSWORD_API_PROPERTY, PASSWORD_MAX_LENGTH } from '../../passwords/password-policy';

/** No `roles` field: every account starts as `user`, and unknown fields are refused (400). */
export class RegisterRequestDto {
  @ApiProperty({ description: 'Trimmed and stored lower-cased; one account per address.', format: 'email', maxLength: 254, example: 'ada@example.com' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsEmail()
  @MaxLength(254)
  readonly email!: string;

  /** checked by the password policy (length, guessability), with reasons in `details` */
  @ApiProperty({ ...NEW_PASSWORD_API_PROPERTY, example: 'correct horse battery staple' })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH * 4) // code units; the policy counts characters
  readonly password!: string;

  @ApiProperty({ description: 'How other users see the account.', minLength: 1, maxLength: 100, example: 'Ada Lovelace' })
  @IsString()
  @Length(1, 100)
  readonly displayName!: string;
}
